"""Telling the rest of zixun that articles went public, once their transaction commits.

An article becomes public in two places: the store creates it published (a feed, an import,
the demo) or an editor publishes it in the admin. Both announce it here; what to do about it
(ping a WebSub hub, push the address to search engines) belongs to packages above `articles`,
which register a listener in their app's ``ready()`` (`on_published`). Listeners run after the
commit, so an announced article is there for whoever comes to read it, and a failing listener
is logged, never undoing the store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from zixun.articles.ingest import Outcome
from zixun.articles.models import Article, MoveRefused, StatusChange
from zixun.extract.draft import ArticleDraft

log = logging.getLogger("zixun.publishing")

# The store step's name (zixun.articles.ingest.register_step).
STEP = "published"

Listener = Callable[[list[int]], None]
_listeners: dict[str, Listener] = {}


def on_published(name: str, listener: Listener) -> None:
    """Call ``listener(article_ids)`` after each commit that made articles public."""
    _listeners[name] = listener


def announce(article_ids: list[int]) -> None:
    """Tell the listeners about these newly public articles once the transaction commits."""
    if article_ids and _listeners:
        ids = list(article_ids)
        transaction.on_commit(lambda: _tell(ids))


def _tell(article_ids: list[int]) -> None:
    for name, listener in list(_listeners.items()):
        try:
            listener(article_ids)
        except Exception:  # an announcement is a courtesy: the articles are stored regardless
            log.exception("listener failed listener=%s articles=%d", name, len(article_ids))


def stored(article: Article, draft: ArticleDraft, outcome: Outcome, pending: list | None) -> None:
    """The store step: a new article that is public now is announced (a batch's, all at once)."""
    if outcome != Outcome.CREATED or not article.is_public:
        return
    if pending is None:
        announce([article.pk])
    else:
        pending.append(article.pk)


def flush(pending: list) -> None:
    """The batch's new public articles, announced together after its commit."""
    announce(pending)


def publish_due(now: datetime | None = None, limit: int = 500) -> list[int]:
    """Publish the scheduled articles whose time has come; return the ids this call published.

    Each article keeps its scheduled time as its publication time, however late this runs
    (after downtime every overdue one goes live at once, dated as planned). Each moves by
    `Article.move_to`, an update conditional on its status, so of several workers running this
    at once exactly one publishes it, records the move and announces it."""
    now = now or timezone.now()
    due = list(Article.objects.filter(status=Article.Status.SCHEDULED, published_at__lte=now)
               .only("id", "status", "published_at").order_by("published_at", "id")[:limit])
    published = []
    for article in due:
        try:
            article.move_to(Article.Status.PUBLISHED, reason="定时发布时间已到")
        except MoveRefused:
            continue  # another worker (or an editor) moved it first
        published.append(article.pk)
    if published:
        log.info("scheduled articles published count=%d", len(published))
    return published


def on_status_changed(sender, article: Article, change: StatusChange, **kwargs) -> None:
    """A move that made an article public is announced like any other publication."""
    if change.to_status == Article.Status.PUBLISHED and article.is_public:
        _tell([article.pk])


def next_scheduled() -> datetime | None:
    """When the next scheduled article is due, if any is."""
    return (Article.objects.filter(status=Article.Status.SCHEDULED)
            .order_by("published_at").values_list("published_at", flat=True).first())
