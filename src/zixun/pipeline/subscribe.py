"""Adding a feed: find it from the address an editor gave, then file it under its outlet."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import transaction

from zixun.articles.models import Channel
from zixun.lib.http import FetchPolicy
from zixun.lib.slugs import get_or_create_named
from zixun.sources.discovery import discover
from zixun.sources.models import Feed, Source


def _source_named(name: str, homepage: str) -> Source:
    name = name.strip()[:100] or urlsplit(homepage).hostname or "未命名来源"
    return get_or_create_named(Source, name, homepage=homepage[:500])


def _channel_named(name: str) -> Channel | None:
    name = name.strip()[:50]
    return get_or_create_named(Channel, name) if name else None


def add_feed(
    url: str, *, channel: str = "", source: str = "", interval: int = 30,
    fetch_pages: bool = True, policy: FetchPolicy | None = None,
) -> tuple[Feed, bool]:
    """The feed at ``url`` (or announced by its page), created if new; (feed, created)."""
    found = discover(url, policy=policy)
    existing = Feed.objects.filter(url=found.url).first()
    if existing:
        return existing, False
    with transaction.atomic():
        feed = Feed.objects.create(
            url=found.url[:1000],
            title=found.title[:300],
            site_url=found.site_url[:1000],
            source=_source_named(source or found.title, found.site_url or found.url),
            channel=_channel_named(channel),
            check_interval_minutes=max(1, interval),
            fetch_pages=fetch_pages,
        )
    return feed, True
