"""One poll of one feed: conditional fetch → parse → (page fetch → extract) → text → store.

The feed must be claimed first (zixun.sources.queue); the result is written back through the
claim. If some entries fail for a passing reason, the feed's validators are not saved, so the
next poll gets the whole feed again and retries them: nothing is lost, nothing duplicated.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from zixun.articles.ingest import store
from zixun.articles.models import Article
from zixun.extract import ArticleDraft, extract
from zixun.lib.html import html_to_text
from zixun.lib.http import FetchError, FetchPolicy, fetch
from zixun.pipeline.counts import Counts
from zixun.pipeline.prepare import prepare
from zixun.sources import queue
from zixun.sources.models import Feed
from zixun.sources.parse import FeedEntry, FeedParseError, parse_feed

log = logging.getLogger("zixun.feeds")
# Below this many characters an entry is a teaser and its page is fetched for the full text.
FULL_TEXT_CHARS = 200
LEASE_RENEW_SECONDS = 60.0


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


def _known(guid: str, url: str) -> bool:
    if guid and Article.objects.filter(guid=guid).exists():
        return True
    return bool(url) and Article.objects.filter(original_url=url).exists()


def draft_from_entry(
    feed: Feed, entry: FeedEntry, policy: FetchPolicy | None = None, now: datetime | None = None
) -> ArticleDraft | None:
    """The entry as an ArticleDraft, from its page when the feed only has a teaser.

    None means the entry is a teaser of an article already stored: its page is not fetched
    again on every poll.
    """
    guid = entry_guid(feed, entry)
    html = entry.content_html or entry.summary_html
    draft = ArticleDraft(
        title=entry.title, body_html=html, original_url=entry.url, guid=guid,
        published_at=entry.published_at, author=entry.author, source=feed.source.name,
        channel=feed.channel.name if feed.channel else None, tags=entry.tags or None,
        cover_image=entry.image, feed_id=feed.pk,
    )
    teaser = len("".join(html_to_text(html).split())) < FULL_TEXT_CHARS
    if not (teaser and feed.fetch_pages and entry.url):
        return draft
    if _known(guid, entry.url):
        return None
    result = fetch(entry.url, policy=policy)
    page = extract(result.content, result.url, fetched_at=now or timezone.now(),
                   headers=result.headers)
    if page.not_article:  # a login wall or an error page: the feed's teaser is all there is
        log.info("no article on the page url=%s reason=%s", entry.url, page.not_article)
        return draft
    draft.title = entry.title or page.title
    draft.body_html, draft.body_text = page.body_html or html, page.body_text
    draft.author = entry.author or page.author
    draft.published_at = entry.published_at or page.published_at
    if page.images and not draft.cover_image:
        draft.cover_image, draft.cover_caption = page.images[0].src, page.images[0].caption
    return draft


def poll_feed(
    claim: queue.Claim, *, policy: FetchPolicy | None = None,
    stop: threading.Event | None = None,
) -> FeedRun:
    """Poll the claimed feed once and write the outcome back to it."""
    feed = Feed.objects.select_related("source", "channel").get(pk=claim.feed_id)
    run = FeedRun(feed.pk, feed.url)
    try:
        result = fetch(feed.url, etag=feed.etag or None,
                       last_modified=feed.last_modified or None, policy=policy)
        if result.not_modified:
            run.not_modified = True
            queue.finish_success(claim, etag=feed.etag, last_modified=feed.last_modified)
            return run
        parsed = parse_feed(result.content, result.url)
    except (FetchError, FeedParseError) as exc:
        run.error = str(exc)
        log.warning("feed failed feed_id=%s url=%s error=%s", feed.pk, feed.url, run.error)
        queue.finish_failure(claim, run.error)
        return run
    renewed = time.monotonic()
    for entry in parsed.entries:
        if stop is not None and stop.is_set():
            run.interrupted = True
            queue.release(claim)
            return run
        _store_entry(feed, entry, run.counts, policy)
        if time.monotonic() - renewed > LEASE_RENEW_SECONDS:
            claim = queue.extend(claim) or claim
            renewed = time.monotonic()
    retry = run.counts.failed > 0
    queue.finish_success(
        claim,
        # Without validators the next poll downloads the feed again and retries failed entries.
        etag="" if retry else (result.etag or ""),
        last_modified="" if retry else (result.last_modified or ""),
        problem=_problem(parsed.problem, run.counts), backoff=bool(parsed.problem),
        title=parsed.title, site_url=parsed.site_url,
    )
    log.info("feed polled feed_id=%s url=%s %s", feed.pk, feed.url, run.counts.line())
    return run


def _problem(parse_problem: str, counts: Counts) -> str:
    if not counts.failed:
        return parse_problem
    first = counts.failures[0]
    note = f"{counts.failed} 条未能保存（如 {first.where}：{first.reason}），下次检查时重试"
    return "；".join(p for p in (parse_problem, note) if p)


def _store_entry(feed: Feed, entry: FeedEntry, counts: Counts, policy: FetchPolicy | None) -> None:
    where = entry.url or entry.title or entry.guid
    try:
        draft = draft_from_entry(feed, entry, policy)
        if draft is None:
            counts.unchanged += 1
            return
        result = store(prepare(draft))
    except FetchError as exc:
        counts.fail(where, str(exc))
        log.warning("entry fetch failed feed_id=%s url=%s error=%s", feed.pk, entry.url, exc)
        return
    except Exception as exc:  # one bad entry must not lose the rest of the feed
        counts.fail(where, f"{type(exc).__name__}: {exc}")
        log.exception("entry failed feed_id=%s url=%s", feed.pk, entry.url)
        return
    counts.add(result.outcome)
