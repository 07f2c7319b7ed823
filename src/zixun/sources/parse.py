"""Feed parsing: RSS 0.9x/1.0/2.0, Atom and JSON Feed bytes into plain `FeedEntry` values.

feedparser reads all of them; a feed with broken XML still gives what its loose parser could
recover, and the problem is reported beside the entries so the feed's record can show it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import feedparser

from zixun.lib import jsonl
from zixun.lib.html import text_to_html
from zixun.lib.urls import clean_url


class FeedParseError(ValueError):
    """The bytes are not a feed at all; the message says what to do."""


@dataclass
class FeedEntry:
    """One item of a feed, as the feed gave it."""

    guid: str
    url: str
    title: str
    content_html: str = ""
    summary_html: str = ""
    published_at: datetime | None = None
    author: str = ""
    tags: list[str] = field(default_factory=list)
    image: str = ""


@dataclass
class ParsedFeed:
    """A parsed feed: its own title and site, its entries, and any problem found on the way."""

    title: str
    site_url: str
    version: str
    entries: list[FeedEntry]
    problem: str = ""


def parse_feed(content: bytes, url: str = "") -> ParsedFeed:
    """Parse feed bytes; raise FeedParseError when nothing feed-like is in them."""
    if _looks_like_json(content):
        return _parse_json_feed(content, url)
    parsed = _feedparser(content)
    entries = [_entry(raw, url) for raw in parsed.entries]
    if not parsed.get("version") and not entries:
        reason = _bozo_reason(parsed)
        raise FeedParseError(
            "不是可识别的 RSS/Atom/JSON Feed 订阅源" + (f"（{reason}）" if reason else "")
            + "，请确认地址是订阅源而不是网页"
        )
    problem = ""
    if parsed.bozo and not _harmless(parsed):
        problem = f"订阅源格式有误：{_bozo_reason(parsed)}；已尽量读取 {len(entries)} 条，请联系站方修正"
    meta = parsed.feed
    return ParsedFeed(
        title=(meta.get("title") or "").strip(),
        site_url=clean_url(meta.get("link") or "", url or None) if meta.get("link") else "",
        version=parsed.get("version") or "unknown",
        entries=entries,
        problem=problem,
    )


# The XML declaration's encoding pseudo-attribute, as feedparser reads it.
_DECLARED_ENCODING = re.compile(rb"""^(\s*<\?xml[^>]*?)\sencoding\s*=\s*["'][^"']*["']""")


def _feedparser(content: bytes) -> feedparser.FeedParserDict:
    """feedparser's reading of ``content``. feedparser fails outright on some encoding
    declarations it cannot decode (a NUL or a non-ASCII byte in the name); such a feed is read
    again without the declaration, as if none were given."""
    try:
        return feedparser.parse(content, sanitize_html=False, resolve_relative_uris=False)
    except (UnicodeError, ValueError, LookupError) as exc:
        undeclared = _DECLARED_ENCODING.sub(rb"\1", content[:1024], count=1) + content[1024:]
        if undeclared == content:
            raise FeedParseError(f"订阅源无法解码（{type(exc).__name__}），请联系站方修正") from None
        return _feedparser(undeclared)


def _looks_like_json(content: bytes) -> bool:
    return content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def _harmless(parsed: feedparser.FeedParserDict) -> bool:
    # A feed served with a charset header that disagrees with its XML declaration parses fine.
    name = type(parsed.get("bozo_exception")).__name__
    return name in {"CharacterEncodingOverride", "NonXMLContentType"}


def _bozo_reason(parsed: feedparser.FeedParserDict) -> str:
    exc = parsed.get("bozo_exception")
    if exc is None:
        return ""
    return str(getattr(exc, "getMessage", lambda: exc)()) or type(exc).__name__


def _entry(raw: feedparser.FeedParserDict, base: str) -> FeedEntry:
    link = raw.get("link") or ""
    url = clean_url(link, base or None) if link else ""
    contents = raw.get("content") or []
    content_html = max((c.get("value") or "" for c in contents), key=len, default="")
    summary = raw.get("summary") or ""
    if summary == content_html:
        summary = ""
    return FeedEntry(
        guid=(raw.get("id") or "").strip(),
        url=url,
        title=(raw.get("title") or "").strip(),
        content_html=content_html,
        summary_html=summary,
        published_at=_when(raw.get("published_parsed") or raw.get("updated_parsed")),
        author=(raw.get("author") or "").strip(),
        tags=[t.get("term", "").strip() for t in raw.get("tags") or [] if t.get("term")],
        image=_image(raw),
    )


def _when(parsed_time: object) -> datetime | None:
    # feedparser normalises every date it understands to a UTC struct_time.
    if not parsed_time:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed_time), tz=UTC)  # type: ignore[arg-type]


def _image(raw: feedparser.FeedParserDict) -> str:
    for media in raw.get("media_content") or []:
        if media.get("url") and media.get("medium", "image") == "image":
            return media["url"]
    for enclosure in raw.get("enclosures") or []:
        if (enclosure.get("type") or "").startswith("image/") and enclosure.get("href"):
            return enclosure["href"]
    return ""


def _parse_json_feed(content: bytes, url: str) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        data = jsonl.loads(content.decode("utf-8-sig"))
    except (ValueError, RecursionError) as exc:  # ValueError: bad UTF-8, bad JSON, huge numbers
        raise FeedParseError(f"JSON Feed 无法解析：{exc}，请联系站方修正") from None
    version = str(data.get("version", "")) if isinstance(data, dict) else ""
    if "jsonfeed.org" not in version or not isinstance(data.get("items", []), list):
        raise FeedParseError("这段 JSON 不是 JSON Feed（缺少 jsonfeed.org 版本号或 items 列表）")
    entries = [_json_entry(item, url) for item in data.get("items") or [] if isinstance(item, dict)]
    home = _string(data.get("home_page_url"))
    return ParsedFeed(
        title=str(data.get("title") or "").strip(),
        site_url=clean_url(home, url or None) if home else "",
        version="json" + version.rstrip("/").rsplit("/", 1)[-1],
        entries=entries,
    )


def _string(value: object) -> str:
    # A JSON Feed field of the wrong type (a list or an object where text belongs) is left out.
    return value if isinstance(value, str) else str(value) if isinstance(value, int | float) else ""


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _json_entry(item: dict, base: str) -> FeedEntry:
    link = _string(item.get("url")) or _string(item.get("external_url"))
    authors = _list(item.get("authors")) or [item.get("author")]
    names = [_string(a.get("name")) for a in authors if isinstance(a, dict)]
    html = _string(item.get("content_html"))
    if not html and _string(item.get("content_text")):
        html = text_to_html(_string(item.get("content_text")))
    return FeedEntry(
        guid=_string(item.get("id")).strip(),
        url=clean_url(link, base or None) if link else "",
        title=_string(item.get("title")).strip(),
        content_html=html,
        summary_html=_string(item.get("summary")),
        published_at=_iso(item.get("date_published") or item.get("date_modified")),
        author="、".join(name for name in names if name),
        tags=[_string(t) for t in _list(item.get("tags")) if _string(t)],
        image=_string(item.get("image")) or _string(item.get("banner_image")),
    )


def _iso(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
