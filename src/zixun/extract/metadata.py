"""Article facts from a Chinese news page: title, publish time, outlet, authors, editors.

Generic rules only: meta tags and JSON-LD, the <h1> that matches the <title>, and where the
credits of Chinese portals sit: the "header line" printed just below the headline
(``2019-09-07 13:43:45 来源：新京报``) and the foot of the article (``责任编辑：杨倩``). What a
credit says is read by zixun.text (credits.py), the one home of credit rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

import lxml.html

from zixun.extract.dom import json_ld, meta_map, squash, visible_text
from zixun.extract.script import as_published, names_as_published, simplified
from zixun.lib.dates import parse_chinese_datetime
from zixun.lib.urls import clean_url
from zixun.text import (
    clean_outlet_name,
    header_editors,
    labelled_authors,
    labelled_editors,
    labelled_outlet,
    outlet_from_source_field,
    slash_credit_authors,
    split_names,
)

TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|--|-|—|–|::|·)\s*")
SITE_WORDS = re.compile(
    r"(网|新闻|频道|日报|晚报|时报|在线|中心|\.com|\.cn|\.net|财经|科技|客户端)$", re.IGNORECASE
)
_DATE = re.compile(
    r"(?:\d{4}|\d{2})(?:\s*[-/.年]\s*|\s+)\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s*\d{1,2}\s*[:：]\s*\d{2}(?:[:：]\d{2})?)?"
    r"|(?<!\d)\d{1,2}-\d{1,2}\s*\d{1,2}:\d{2}(?::\d{2})?"
)
_RELATIVE = re.compile(r"刚刚|\d+\s*(?:秒|分钟|小时|天)前|(?:今天|昨天|前天)(?:\s*\d{1,2}:\d{2})?")
# Buttons and labels printed beside the time in a self-media header: never the account's name.
NOT_AN_ACCOUNT = frozenset({"举报", "分享", "关注", "收藏", "评论", "阅读", "原创", "来源", "转载",
                            "首页", "正文", "字号", "打印", "纠错"})
# Self-media platforms print their own name beside the account's: the platform is never the
# outlet (the account, or the outlet the article credits, is).
PLATFORMS = frozenset({"百家号", "头条号", "企鹅号", "网易号", "搜狐号", "大风号", "一点号", "澎湃号",
                       "新浪看点", "微信公众号", "公众号", "微信号", "抖音号", "快手号", "新浪微博", "微博"})
# A time labelled as an update or edit, not as the first publication.
UPDATE_LABEL = re.compile(r"(?:更新|修改|编辑|修订|updated?|modified)(?:时间|于|日期)?\s*[:：]?\s*$",
                          re.IGNORECASE)
# 下午 8:29 / 晚上08:29 → 20:29: the 12-hour clock of Taiwan and Hong Kong pages.
_TWELVE_HOUR = re.compile(r"(上午|早上|凌晨|中午|下午|晚上|午后)\s*(\d{1,2})\s*([:：])\s*(\d{2})")
_AFTERNOON = frozenset({"下午", "晚上", "午后"})
META_TIME_KEYS = (
    "article:published_time", "og:release_date", "publishdate", "pubdate", "publish_date",
    "publishtime", "ptime", "datepublished", "og:time", "apub:time", "dc.date.issued",
    "dc.date", "date", "weibo: article:create_at", "article:modified_time", "dateupdate",
    "og:updated_time", "weibo: article:update_at",
)
META_SOURCE_KEYS = ("source", "mediaid", "article:source", "og:article:source")


@dataclass
class Metadata:
    """Facts found around the article body."""

    title: str = ""
    published_at: datetime | None = None
    original_outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    site_name: str | None = None
    description: str | None = None
    canonical_url: str | None = None
    header: str = ""
    page_title: str = ""
    meta_authors: list[str] = field(default_factory=list)


def extract_metadata(
    root: lxml.html.HtmlElement, url: str | None, fetched_at: datetime | None
) -> Metadata:
    """Everything but the body, from the parsed page."""
    metas = meta_map(root)
    ld = json_ld(root)
    printed = visible_text(root)
    # The credit rules read Simplified; what they find is taken back as the page prints it.
    page_text = simplified(printed)
    title = find_title(root, metas, ld)
    header = clock_24h(header_block(page_text, simplified(title)))
    found = Metadata(title=title, header=header, page_title=squash(root.findtext(".//title")))
    found.site_name = metas.get("og:site_name") or _ld_value(ld, "publisher", "name")
    found.description = metas.get("description") or metas.get("og:description")
    found.canonical_url = find_canonical(root, metas, url)
    found.published_at = find_published(header, metas, ld, fetched_at)
    authors = labelled_authors(header) or slash_credit_authors(header[:120])
    outlet = find_original_outlet(header, metas, page_text, simplified(title), writers=authors)
    found.original_outlet = as_published(outlet, page_text, printed)
    found.authors = names_as_published(authors, page_text, printed)
    found.meta_authors = meta_person(metas, ld, found)
    editors = labelled_editors(page_text) or header_editors(header)
    found.editors = names_as_published(editors, page_text, printed)
    return found


def find_title(root: lxml.html.HtmlElement, metas: dict[str, str], ld: list[dict]) -> str:
    """The headline: the longest <h1>/title-like text contained in <title>, else <title> trimmed."""
    page_title = squash(root.findtext(".//title"))
    declared = [t for t in (metas.get("og:title"), page_title, _ld_value(ld, "headline"),
                            metas.get("twitter:title")) if t]
    candidates = [squash(e.text_content()) for e in root.xpath(
        "//h1 | //h2 | //*[contains(@class,'title') or contains(@id,'title')][not(self::title)]"
    )[:200]]
    best = ""
    for text in candidates:
        if 4 <= len(text) <= 120 and len(text) > len(best) and any(text in d for d in declared):
            best = text
    if best:
        # An element that repeats the whole <title> repeats the site's name after it too.
        return strip_site_suffix(best) if best == page_title else best
    for text in declared:
        stripped = strip_site_suffix(text)
        if stripped:
            return stripped
    return next((c for c in candidates if len(c) >= 4), "")


def strip_site_suffix(title: str) -> str:
    """``标题_网易新闻`` / ``标题-新浪新闻`` / ``标题|公园_新浪新闻`` → ``标题``."""
    title = squash(title)
    while True:
        parts = list(TITLE_SEPARATORS.finditer(title))
        if not parts:
            return title
        last = parts[-1]
        head, tail = title[: last.start()], title[last.end():]
        if len(head) < 6 or not (len(tail) <= 12 or SITE_WORDS.search(tail)):
            return title
        title = head


def header_block(page_text: str, title: str, span: int = 260) -> str:
    """The text printed right after the headline: where portals put time, source and author."""
    if not title:
        return page_text[:span]
    starts = [m.end() for m in re.finditer(re.escape(title), page_text)] or [
        m.end() for m in re.finditer(re.escape(title[:30]), page_text)]
    best, best_distance = None, 161
    for start in starts:
        found = _DATE.search(page_text[start:start + 160]) or _RELATIVE.search(
            page_text[start:start + 60])
        if found and found.start() < best_distance:
            best, best_distance = start, found.start()
    if best is None and starts:
        best = starts[-1]
    return page_text[best:best + span] if best is not None else ""


def find_published(
    header: str, metas: dict[str, str], ld: list[dict], fetched_at: datetime | None
) -> datetime | None:
    """Publish time printed below the headline, else from meta tags/JSON-LD; year from meta."""
    from_meta = None
    for key in META_TIME_KEYS:
        if metas.get(key):
            from_meta = parse_chinese_datetime(metas[key], now=fetched_at)
            if from_meta:
                break
    if from_meta is None:
        value = _ld_value(ld, "datePublished") or _ld_value(ld, "dateCreated")
        from_meta = parse_chinese_datetime(value, now=fetched_at) if value else None
    match = publish_date_match(header[:200])
    printed = parse_chinese_datetime(match.group(0), now=from_meta or fetched_at) if match else None
    if printed is None and fetched_at is not None:
        printed = _relative_in(header[:80], fetched_at)
    return printed or from_meta


def clock_24h(text: str) -> str:
    """``2016年05月21日 下午 11:44`` → ``2016年05月21日 23:44``: one clock for the date rules."""
    def convert(match: re.Match) -> str:
        hour = int(match.group(2))
        if match.group(1) in _AFTERNOON and hour < 12 or match.group(1) == "中午" and hour < 11:
            hour += 12
        elif match.group(1) in ("上午", "凌晨") and hour == 12:
            hour = 0  # 上午12:05 is five past midnight
        return f"{hour:02d}:{match.group(4)}"

    return _TWELVE_HOUR.sub(convert, text)


def publish_date_match(header: str) -> re.Match | None:
    """The first date in the header that is not labelled as an update (更新时间：…)."""
    first = None
    for match in _DATE.finditer(header):
        if UPDATE_LABEL.search(header[max(0, match.start() - 10): match.start()]):
            first = first or match
            continue
        return match
    return first


def _relative_in(text: str, now: datetime) -> datetime | None:
    match = _RELATIVE.search(text)
    return parse_chinese_datetime(match.group(0), now=now) if match else None


def find_original_outlet(
    header: str, metas: dict[str, str], page_text: str, title: str, writers: list[str] = ()
) -> str | None:
    """The outlet credited for the story: ``来源：X`` below the headline, meta source, or the
    account name printed beside the time on self-media platforms (unless that name is one of
    the ``writers``: a column prints its writers there)."""
    outlet = labelled_outlet(header)
    if outlet in PLATFORMS:
        outlet = None
    if outlet is not None:  # a source field under the headline has the last word, even if empty
        return outlet or None
    account = _account_beside_time(header)
    if account and account not in writers:
        return account
    for key in META_SOURCE_KEYS:
        outlet = outlet_from_source_field(metas.get(key) or "")
        if outlet:
            return outlet
    outlet = labelled_outlet(page_text[-4000:])  # the foot of the page before the rest of it
    if outlet is None:
        outlet = labelled_outlet(page_text)
    return outlet or None


def _account_beside_time(header: str) -> str | None:
    """Self-media pages print ``账号名 2019-09-09 16:01``, ``2019-09-05 11:10 账号名``,
    ``账号名 昨天`` or ``账号名 关注`` right under the headline."""
    head = header[:200]
    match = _DATE.search(head) or _RELATIVE.search(head[:60])
    if match and match.start() <= 40:
        before = re.sub(r"(?:发布|发表|更新)?(?:时间|于)\s*[:：]?\s*$", "", head[: match.start()]).split()
        words = [w for w in before
                 if w not in NOT_AN_ACCOUNT and w not in PLATFORMS and not w.isdigit()]
        if words and _account_like(words[-1]):
            return clean_outlet_name(words[-1])
        after = [w for w in head[match.end():].split() if not w.isdigit()]
        if after and _account_like(after[0]):
            return clean_outlet_name(re.sub(r"[\[【(（].*$", "", after[0]))
    follow = re.match(r"\s*(?:原创\s*)?(\S{2,16})\s+关注", head)
    if follow and _account_like(follow.group(1)):
        return clean_outlet_name(follow.group(1))
    return None


def _account_like(word: str) -> bool:
    word = re.sub(r"[\[【(（].*$", "", word)
    return 2 <= len(word) <= 16 and word not in NOT_AN_ACCOUNT and word not in PLATFORMS \
        and not _DATE.search(word) \
        and not re.search(r"[，。！？：:]", word)


def meta_person(metas: dict[str, str], ld: list[dict], found: Metadata) -> list[str]:
    """The meta/JSON-LD author when it names a person rather than the site."""
    author = metas.get("author") or metas.get("article:author") or _ld_value(ld, "author", "name")
    if not author or not looks_like_person(author, found):
        return []
    return split_names(author, as_printed=True)


def looks_like_person(name: str, found: Metadata) -> bool:
    """A name, not a site, outlet or internal id."""
    name = name.strip()
    brands = {found.site_name, found.original_outlet}
    if not name or name in brands or name.isdigit() or SITE_WORDS.search(name):
        return False
    if name in found.page_title.replace(found.title, ""):
        return False  # the brand in "标题_网易新闻" is the site, not a writer
    return len(name) <= 30 and not re.search(r"[，。！？:：|/]|https?", name)


def find_canonical(
    root: lxml.html.HtmlElement, metas: dict[str, str], url: str | None
) -> str | None:
    """<link rel=canonical>, og:url or the fetched URL, absolute and without tracking."""
    for href in root.xpath('//link[@rel="canonical"]/@href') + [metas.get("og:url", "")]:
        if href and href.strip():
            absolute = clean_url(href, url)
            if absolute.startswith(("http://", "https://")):
                return absolute
    return clean_url(url) if url else None


def _ld_value(ld: list[dict], key: str, sub: str | None = None) -> str | None:
    for item in ld:
        value = item.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        if sub and isinstance(value, dict):
            value = value.get(sub)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
