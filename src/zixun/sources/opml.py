"""Lists of subscriptions in and out: OPML (what every feed reader imports and exports) or a
plain list of addresses, one a line.

In OPML a feed is an `<outline xmlUrl="…">`; an outline around it without an address is a
folder, read as the feed's channel (频道), and written back the same way, so an export imported
again changes nothing. The file is untrusted: a DOCTYPE (the door to entity expansion) is
refused, and a line or outline that is not an http(s) address is reported, not dropped silently.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MAX_BYTES = 20 * 1024 * 1024


class SubscriptionListError(ValueError):
    """The file is not a subscription list zixun can read; the message says why."""


@dataclass(frozen=True)
class Subscription:
    """One feed to subscribe to: its address, and what the list says of it."""

    url: str
    title: str = ""
    site_url: str = ""
    channel: str = ""


@dataclass
class SubscriptionList:
    """What a file held: the feeds, and the entries that could not be read, with where and why."""

    subscriptions: list[Subscription] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)


def web_address(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) address with a host."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def read_subscriptions(data: bytes) -> SubscriptionList:
    """The feeds of an OPML file, or of a plain list (one address a line, # for comments)."""
    if len(data) > MAX_BYTES:
        raise SubscriptionListError(f"文件超过 {MAX_BYTES // (1024 * 1024)} MB，请分成几个文件导入")
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<"):
        return _read_opml(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubscriptionListError("文件不是 UTF-8 编码的 OPML 或网址列表") from None
    found = SubscriptionList()
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if web_address(line):
            found.subscriptions.append(Subscription(line))
        else:
            found.problems.append((f"第 {number} 行", f"不是 http(s) 网址：{line[:100]}"))
    return found


def _read_opml(data: bytes) -> SubscriptionList:
    if b"<!doctype" in data[:4096].lower() or b"<!entity" in data.lower():
        raise SubscriptionListError("OPML 文件含 DOCTYPE/ENTITY 声明，出于安全原因不予读取")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SubscriptionListError(f"OPML 文件格式错误：{exc}") from None
    if root.tag.lower() != "opml" or root.find("body") is None:
        raise SubscriptionListError("不是 OPML 文件：缺少 <opml> 或 <body>")
    found = SubscriptionList()
    _walk(root.find("body"), "", found)
    return found


def _attribute(outline: ET.Element, name: str) -> str:
    for key, value in outline.attrib.items():
        if key.lower() == name.lower():
            return value.strip()
    return ""


def _walk(parent: ET.Element, folder: str, found: SubscriptionList) -> None:
    for outline in parent.findall("outline"):
        url = _attribute(outline, "xmlUrl")
        title = _attribute(outline, "title") or _attribute(outline, "text")
        if not url:
            _walk(outline, title or folder, found)
            continue
        if not web_address(url):
            found.problems.append((title or url[:100], f"不是 http(s) 网址：{url[:100]}"))
            continue
        site = _attribute(outline, "htmlUrl")
        found.subscriptions.append(
            Subscription(url, title, site if web_address(site) else "", folder)
        )


def write_opml(subscriptions: Iterable[Subscription], title: str) -> bytes:
    """An OPML 2.0 document of ``subscriptions``, grouped in folders by channel."""
    root = ET.Element("opml", version="2.0")
    ET.SubElement(ET.SubElement(root, "head"), "title").text = title
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for sub in subscriptions:
        parent = body
        if sub.channel:
            if sub.channel not in folders:
                folders[sub.channel] = ET.SubElement(body, "outline", text=sub.channel,
                                                     title=sub.channel)
            parent = folders[sub.channel]
        attributes = {"type": "rss", "text": sub.title or sub.url, "xmlUrl": sub.url}
        if sub.title:
            attributes["title"] = sub.title
        if sub.site_url:
            attributes["htmlUrl"] = sub.site_url
        ET.SubElement(parent, "outline", attributes)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
