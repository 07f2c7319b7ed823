"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 documents from plain values: no database, no request.

`zixun.web.feeds` turns articles into `Item`s; each writer here gives the bytes of one format.
Times are written in the site's zone (RFC 822 for RSS, RFC 3339 for Atom and JSON Feed).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

from django.utils import timezone

from zixun.articles.models import Credit

RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
JSON_FEED_TYPE = "application/feed+json; charset=utf-8"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
GENERATOR = "zixun"
# Characters XML 1.0 cannot carry at all, not even escaped; a stray one would make the whole
# feed unreadable to a strict parser.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class Item:
    """One article as every feed format shows it; links are absolute."""

    guid: str  # the article's permanent address: the same across edits
    link: str
    title: str
    summary: str
    published: datetime | None  # None: the article came without a date, and claims none
    updated: datetime
    content_html: str = ""  # "" for a summary-only feed
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    image: str = ""
    image_type: str = ""
    credit: Credit | None = None


@dataclass
class FeedHead:
    """The feed itself: what it lists and where it and its page are."""

    title: str
    description: str
    page_url: str
    feed_url: str  # this format's own address
    logo_url: str
    site_name: str
    hub: str = ""
    language: str = "zh-cn"


def rfc822(moment: datetime) -> str:
    """``Wed, 02 Dec 2026 20:48:01 +0800``: RSS's date format, in the site's zone."""
    return format_datetime(timezone.localtime(moment).replace(microsecond=0))


def rfc3339(moment: datetime) -> str:
    """``2026-12-02T20:48:01+08:00``: Atom's and JSON Feed's, in the site's zone."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def xml_text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def xml_attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("", value))


def _newest(items: list[Item]) -> datetime:
    return max((item.updated for item in items), default=timezone.now())


def _document(opening: str, head: list[str], entries: list[str], closing: str) -> bytes:
    return "".join(['<?xml version="1.0" encoding="utf-8"?>\n', opening, *head, *entries,
                    closing]).encode("utf-8")


def _media(item: Item) -> str:
    """The cover as Media RSS sees it: the same element in RSS and Atom."""
    return (f'<media:content url={xml_attr(item.image)} medium="image" '
            f"type={xml_attr(item.image_type)}/>\n")


def rss(channel: FeedHead, items: list[Item]) -> bytes:
    """An RSS 2.0 document, with content:encoded, dc:creator, media:content and atom:link."""
    hub = f'<atom:link rel="hub" href={xml_attr(channel.hub)}/>\n' if channel.hub else ""
    head = [
        f"<title>{xml_text(channel.title)}</title>\n<link>{xml_text(channel.page_url)}</link>\n"
        f"<description>{xml_text(channel.description)}</description>\n"
        f"<language>{channel.language}</language>\n<generator>{GENERATOR}</generator>\n"
        f"<lastBuildDate>{rfc822(_newest(items))}</lastBuildDate>\n"
        f'<atom:link rel="self" type="application/rss+xml" href={xml_attr(channel.feed_url)}/>\n'
        f"{hub}<image><url>{xml_text(channel.logo_url)}</url><title>{xml_text(channel.title)}"
        f"</title><link>{xml_text(channel.page_url)}</link></image>\n",
    ]
    opening = ('<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
               'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
               'xmlns:dc="http://purl.org/dc/elements/1.1/" '
               'xmlns:media="http://search.yahoo.com/mrss/">\n<channel>\n')
    return _document(opening, head, [_rss_item(item) for item in items], "</channel>\n</rss>\n")


def _rss_item(item: Item) -> str:
    parts = [
        f"<item>\n<title>{xml_text(item.title)}</title>\n<link>{xml_text(item.link)}</link>\n"
        f'<guid isPermaLink="true">{xml_text(item.guid)}</guid>\n',
        f"<pubDate>{rfc822(item.published)}</pubDate>\n" if item.published else "",
        *(f"<dc:creator>{xml_text(name)}</dc:creator>\n" for name in item.authors),
        *(f"<category>{xml_text(name)}</category>\n" for name in item.categories),
        f"<description>{xml_text(item.summary)}</description>\n",
    ]
    if item.content_html:
        parts.append(f"<content:encoded>{xml_text(item.content_html)}</content:encoded>\n")
    if item.image:
        # RSS wants a length; 0 says it is unknown (the image is not downloaded to measure it).
        parts.append(f'<enclosure url={xml_attr(item.image)} length="0" '
                     f"type={xml_attr(item.image_type)}/>\n{_media(item)}")
    if item.credit:
        if item.credit.url:
            parts.append(f"<source url={xml_attr(item.credit.url)}>"
                         f"{xml_text(item.credit.outlet)}</source>\n")
        parts.append(f"<dc:source>{xml_text(item.credit.url or item.credit.outlet)}</dc:source>\n")
    parts.append("</item>\n")
    return "".join(parts)


def atom(channel: FeedHead, items: list[Item]) -> bytes:
    """An Atom 1.0 document; the feed's author (the site) stands for entries without one."""
    hub = f'<link rel="hub" href={xml_attr(channel.hub)}/>\n' if channel.hub else ""
    head = [
        f"<id>{xml_text(channel.feed_url)}</id>\n<title>{xml_text(channel.title)}</title>\n"
        f"<subtitle>{xml_text(channel.description)}</subtitle>\n"
        f"<updated>{rfc3339(_newest(items))}</updated>\n"
        f'<link rel="alternate" type="text/html" href={xml_attr(channel.page_url)}/>\n'
        f'<link rel="self" type="application/atom+xml" href={xml_attr(channel.feed_url)}/>\n'
        f"{hub}<author><name>{xml_text(channel.site_name)}</name></author>\n"
        f"<generator>{GENERATOR}</generator>\n<logo>{xml_text(channel.logo_url)}</logo>\n",
    ]
    opening = ('<feed xmlns="http://www.w3.org/2005/Atom" '
               'xmlns:media="http://search.yahoo.com/mrss/" xml:lang="zh-CN">\n')
    return _document(opening, head, [_atom_entry(item) for item in items], "</feed>\n")


def _atom_entry(item: Item) -> str:
    parts = [
        f"<entry>\n<id>{xml_text(item.guid)}</id>\n<title>{xml_text(item.title)}</title>\n"
        f'<link rel="alternate" type="text/html" href={xml_attr(item.link)}/>\n',
        f"<published>{rfc3339(item.published)}</published>\n" if item.published else "",
        f"<updated>{rfc3339(item.updated)}</updated>\n",
        *(f"<author><name>{xml_text(name)}</name></author>\n" for name in item.authors),
        *(f"<category term={xml_attr(name)}/>\n" for name in item.categories),
        f'<summary type="text">{xml_text(item.summary)}</summary>\n',
    ]
    if item.content_html:
        parts.append(f'<content type="html">{xml_text(item.content_html)}</content>\n')
    if item.image:
        parts.append(f'<link rel="enclosure" type={xml_attr(item.image_type)} '
                     f"href={xml_attr(item.image)}/>\n{_media(item)}")
    if item.credit:
        via = (f'<link rel="via" href={xml_attr(item.credit.url)} '
               f"title={xml_attr(item.credit.outlet)}/>\n" if item.credit.url else "")
        link = f'<link rel="alternate" href={xml_attr(item.credit.url)}/>' if item.credit.url else ""
        parts.append(f"{via}<source><title>{xml_text(item.credit.outlet)}</title>{link}</source>\n")
    parts.append("</entry>\n")
    return "".join(parts)


def json_feed(channel: FeedHead, items: list[Item]) -> bytes:
    """A JSON Feed 1.1 document; a repost's credit also goes in the item's ``_zixun``."""
    document: dict = {
        "version": JSON_FEED_VERSION,
        "title": channel.title,
        "home_page_url": channel.page_url,
        "feed_url": channel.feed_url,
        "description": channel.description,
        "icon": channel.logo_url,
        "language": "zh-CN",
        "authors": [{"name": channel.site_name}],
    }
    if channel.hub:
        document["hubs"] = [{"type": "WebSub", "url": channel.hub}]
    document["items"] = [_json_item(item) for item in items]
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json_item(item: Item) -> dict:
    entry: dict = {"id": item.guid, "url": item.link, "title": item.title}
    if item.content_html:
        entry["content_html"] = item.content_html
    else:
        entry["content_text"] = item.summary
    entry["summary"] = item.summary
    if item.published:
        entry["date_published"] = rfc3339(item.published)
    entry["date_modified"] = rfc3339(item.updated)
    if item.authors:
        entry["authors"] = [{"name": name} for name in item.authors]
    if item.categories:
        entry["tags"] = item.categories
    if item.image:
        entry["image"] = item.image
    if item.credit:
        if item.credit.url:
            entry["external_url"] = item.credit.url
        entry["_zixun"] = {"original_outlet": item.credit.outlet,
                           "original_url": item.credit.url}
    return entry


# Each format: its file name after a list's address, its writer, and its Content-Type.
FORMATS = {
    "rss.xml": (rss, RSS_TYPE),
    "atom.xml": (atom, ATOM_TYPE),
    "feed.json": (json_feed, JSON_FEED_TYPE),
}
