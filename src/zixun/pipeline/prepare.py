"""The text stage: a raw article from any way in becomes an `IncomingArticle` ready to store.

HTML is sanitised here whatever its origin (feeds and import files are untrusted), the text is
normalised, and the Chinese text analysis of issue #3 fills in summary, keywords and credits
unless the record already carries them (a zixun export does, so it round-trips unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

import lxml.html
from django.utils import timezone
from lxml import etree

from zixun import text
from zixun.articles.ingest import TITLE_CHARS, IncomingArticle, tag_names
from zixun.dedup.fingerprint import fingerprint
from zixun.extract.sanitize import sanitize_html
from zixun.ranking.classifier import classify
from zixun.search.index import document_of

SHANGHAI = ZoneInfo("Asia/Shanghai")
BLOCK_TAGS = frozenset({
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "tr",
    "pre", "br", "section", "article", "table", "ul", "ol", "dd", "dt", "hr", "figure",
})


@dataclass
class RawArticle:
    """An article as a feed, page or import file gave it, before the text stage."""

    title: str
    html: str = ""
    text: str = ""
    url: str = ""
    guid: str = ""
    published_at: datetime | None = None
    author: str = ""
    outlet: str = ""
    account: str = ""
    # None: unknown, so the channel classifier chooses; "": deliberately no channel.
    channel: str | None = None
    tags: list[str] | None = None
    image: str = ""
    image_caption: str = ""
    feed_id: int | None = None
    status: str = "published"
    view_count: int | None = None
    sponsored: bool = False
    created_at: datetime | None = None
    # Tags, and results of an earlier text stage (a zixun export); None means "work it out".
    summary: str | None = None
    keywords: list[str] | None = None
    byline: dict | None = None
    original_outlet: str | None = None
    original_title: str | None = None
    original_published_at: datetime | None = None


def html_to_text(html: str) -> str:
    """The text of an HTML fragment, one paragraph per line."""
    if not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def text_to_html(body: str) -> str:
    """Plain paragraphs as escaped `<p>` elements."""
    return "\n".join(f"<p>{escape(p)}</p>" for p in body.split("\n") if p.strip())


def prepare(raw: RawArticle, now: datetime | None = None) -> IncomingArticle:
    """Sanitise, normalise and analyse ``raw`` into the value `store()` takes."""
    html = sanitize_html(raw.html, raw.url or None) if raw.html.strip() else ""
    body = raw.text.strip() or html_to_text(html)
    when = raw.published_at or now or timezone.now()
    context = when.astimezone(SHANGHAI).date()
    analysis = None
    if raw.summary is None or raw.keywords is None or raw.byline is None:
        analysis = text.analyze(body, context_date=context)
        body = analysis.normalized
        byline = analysis.byline.to_dict()
        credited_outlet = analysis.byline.original_outlet or analysis.byline.outlet or ""
        authors = "、".join(analysis.byline.authors)
        original_title = analysis.byline.original_title or ""
        summary, keywords = analysis.summary, analysis.keywords
    else:
        body = text.normalize(body)
        byline, summary, keywords = raw.byline, raw.summary, raw.keywords
        credited_outlet = authors = original_title = ""
    incoming = IncomingArticle(
        title=text.normalize(raw.title),
        body_html=html or text_to_html(body),
        body_text=body,
        summary=raw.summary if raw.summary is not None else summary,
        published_at=raw.published_at,
        guid=raw.guid,
        url=raw.url,
        account=raw.account,
        source_name=raw.outlet,
        author=raw.author or authors,
        original_outlet=_given(raw.original_outlet, credited_outlet),
        original_title=_given(raw.original_title, original_title),
        original_published_at=raw.original_published_at,
        byline=byline,
        channel_name=raw.channel if raw.channel is not None else classify(raw.title, body),
        tags=raw.tags if raw.tags is not None else keywords[:3],
        keywords=keywords,
        cover_image=raw.image,
        cover_caption=raw.image_caption,
        sponsored=raw.sponsored,
        status=raw.status,
        view_count=raw.view_count,
        feed_id=raw.feed_id,
        created_at=raw.created_at,
    )
    return precompute(incoming, analysis.byline if analysis else None)


def precompute(item: IncomingArticle, byline: text.Byline | None = None) -> IncomingArticle:
    """Work out the pure parts of the later stages here, in the text stage.

    Bulk imports run this stage in several processes while one process writes; the dedup
    fingerprint and the search tokens cost more than the write itself, so the writer takes
    them ready-made instead of making them one article at a time. `byline`: the credits that
    analysis found in ``item.body_text``, so that the fingerprint need not parse them again.
    """
    item.fingerprint = fingerprint(item.body_text, byline)
    item.search_document = document_of(
        item.title.strip()[:TITLE_CHARS], tag_names(item.tags), item.keywords, item.body_text
    )
    return item


def warm_up() -> None:
    """Load everything the text stage reads (dictionaries, IDF table, channel model, tables) by
    preparing one small article, so that processes forked afterwards share it all."""
    prepare(RawArticle(title="新闻联播", text="新华社北京1月1日电（记者 王明）今天天气很好。"),
            now=timezone.now())


def _given(value: str | None, found: str) -> str:
    return value if value is not None else found
