"""The steps of one poll of a feed, as plain values: entry → draft, which entries need their page,
page → draft. `zixun.pipeline.poller` runs them for many feeds at once.

A poll: conditional fetch → parse → (page fetch → extract, for teasers) → text stage → store.
If some entries fail for a passing reason, the feed's validators are not saved, so the next
poll gets the whole feed again and retries them: nothing is lost, nothing duplicated.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from zixun.articles.models import Article
from zixun.extract import ArticleDraft, extract
from zixun.lib.html import html_to_text
from zixun.lib.http import FetchResult
from zixun.pipeline.counts import Counts
from zixun.sources.models import Feed
from zixun.sources.parse import FeedEntry
from zixun.sources.teaser import teasers

log = logging.getLogger("zixun.feeds")


@dataclass
class FeedRun:
    """What one poll of a feed did."""

    feed_id: int
    url: str
    counts: Counts = field(default_factory=Counts)
    error: str = ""
    not_modified: bool = False
    interrupted: bool = False


def entry_guid(feed: Feed, entry: FeedEntry) -> str:
    """The entry's identity: its GUID, scoped to the feed unless it is already a URL or URN."""
    if not entry.guid:
        return ""
    if ":" in entry.guid:
        return entry.guid
    return f"{feed.url}#{entry.guid}"


def entry_draft(feed: Feed, entry: FeedEntry) -> ArticleDraft:
    """The entry as the feed carries it (``feed`` with its source and channel loaded)."""
    return ArticleDraft(
        title=entry.title, body_html=entry.content_html or entry.summary_html,
        original_url=entry.url, guid=entry_guid(feed, entry), published_at=entry.published_at,
        author=entry.author, source=feed.source.name,
        channel=feed.channel.name if feed.channel else None, tags=entry.tags or None,
        cover_image=entry.image, feed_id=feed.pk,
    )


def wants_page(feed: Feed, drafts: Sequence[ArticleDraft]) -> list[bool]:
    """For each draft of one poll, whether its article page is to be fetched: the feed allows
    it, the entry links a page, and what the feed carries is a teaser (`zixun.sources.teaser`)."""
    if not feed.fetch_pages:
        return [False] * len(drafts)
    teased = teasers([(html_to_text(d.body_html), d.body_html) for d in drafts])
    return [bool(d.original_url) and teaser for d, teaser in zip(drafts, teased, strict=True)]


def stored_already(drafts: Sequence[ArticleDraft]) -> set[int]:
    """Positions of the drafts whose article is stored (by guid or address): a teaser of a
    stored article does not send the worker to its page again on every poll."""
    guids = {d.guid for d in drafts if d.guid}
    urls = {d.original_url for d in drafts if d.original_url}
    known_guids = set(Article.objects.filter(guid__in=guids).values_list("guid", flat=True))
    known_urls = set(
        Article.objects.filter(original_url__in=urls).values_list("original_url", flat=True)
    )
    return {
        position for position, d in enumerate(drafts)
        if (d.guid and d.guid in known_guids) or (d.original_url and d.original_url in known_urls)
    }


def with_page(draft: ArticleDraft, page: FetchResult, fetched_at: datetime) -> ArticleDraft:
    """The draft completed from its article page; the feed's own text when the page holds no
    article (a login wall, an error page)."""
    found = extract(page.content, page.url, fetched_at=fetched_at, headers=page.headers)
    if found.not_article:
        log.info("no article on the page url=%s reason=%s", draft.original_url, found.not_article)
        return draft
    draft.title = draft.title or found.title
    draft.body_html, draft.body_text = found.body_html or draft.body_html, found.body_text
    draft.author = draft.author or found.author
    draft.published_at = draft.published_at or found.published_at
    if found.images and not draft.cover_image:
        draft.cover_image, draft.cover_caption = found.images[0].src, found.images[0].caption
    return draft


def problem(parse_problem: str, counts: Counts) -> str:
    """The feed's last error after a poll: the parser's complaint and entries that failed."""
    if not counts.failed:
        return parse_problem
    first = counts.failures[0]
    note = f"{counts.failed} 条未能保存（如 {first.where}：{first.reason}），下次检查时重试"
    return "；".join(p for p in (parse_problem, note) if p)
