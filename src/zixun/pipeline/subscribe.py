"""Adding feeds: one found from the address an editor gave and filed under its outlet, or many
at once from a subscription list (OPML or addresses), without fetching them.

A bulk subscription writes the rows in one transaction and fetches nothing: the worker polls
each feed later, and an address that turns out to be a site's page is followed to the feed the
page announces then (`zixun.pipeline.poller`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from zixun.articles.models import Channel
from zixun.lib.http import FetchPolicy
from zixun.lib.slugs import get_or_create_named, slug_for, with_suffix
from zixun.sources.discovery import discover
from zixun.sources.models import Feed, Source
from zixun.sources.opml import Subscription, write_opml

# Rows per query when subscribing in bulk: well under every database's limit on parameters.
CHUNK = 500


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


@dataclass
class Subscribed:
    """What a bulk subscription did: feeds created, feeds already there, and entries refused."""

    created: int = 0
    present: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)


def _chunks(values: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _sources_named(homepages: dict[str, str]) -> dict[str, int]:
    """Source ids by name, the missing ones created in bulk with slugs that collide with none."""
    names = list(homepages)
    ids: dict[str, int] = {}
    for chunk in _chunks(names):
        ids.update(Source.objects.filter(name__in=chunk).values_list("name", "pk"))
    missing = [name for name in names if name not in ids]
    limit = Source._meta.get_field("slug").max_length
    wanted = {name: slug_for(name, limit) for name in missing}
    taken: set[str] = set()
    for chunk in _chunks(sorted(set(wanted.values()))):
        taken.update(Source.objects.filter(slug__in=chunk).values_list("slug", flat=True))
    rows = []
    for name in missing:
        slug = wanted[name]
        if slug in taken:
            slug = with_suffix(slug, name, limit)
        taken.add(slug)
        rows.append(Source(name=name, slug=slug, homepage=homepages[name][:500]))
    Source.objects.bulk_create(rows, batch_size=CHUNK)
    for chunk in _chunks(missing):
        ids.update(Source.objects.filter(name__in=chunk).values_list("name", "pk"))
    return ids


def _source_name(sub: Subscription) -> str:
    return sub.title.strip()[:100] or urlsplit(sub.url).hostname or "未命名来源"


def subscribe_many(
    subscriptions: Iterable[Subscription], *, channel: str = "", interval: int = 30,
    fetch_pages: bool = True,
) -> Subscribed:
    """Subscribe to every feed of a list at once, fetching none (the worker polls them later).

    Each feed is filed under an outlet named by its title (or its host) and under its folder's
    channel (or ``channel``); an address already subscribed is left as it is.
    """
    result = Subscribed()
    unique: dict[str, Subscription] = {}
    for sub in subscriptions:
        url = sub.url.strip()
        if len(url) > 1000:
            result.problems.append((url[:100], "网址超过 1000 个字符"))
            continue
        unique.setdefault(url, sub)
    present: set[str] = set()
    for chunk in _chunks(list(unique)):
        present.update(Feed.objects.filter(url__in=chunk).values_list("url", flat=True))
    result.present = len(present)
    new = [sub for url, sub in unique.items() if url not in present]
    if not new:
        return result
    with transaction.atomic():
        sources = _sources_named({_source_name(s): s.site_url or s.url for s in new})
        channels = {name: _channel_named(name) for name in {s.channel or channel for s in new}}
        Feed.objects.bulk_create(
            [Feed(url=s.url.strip(), title=s.title[:300], site_url=s.site_url[:1000],
                  source_id=sources[_source_name(s)], channel=channels[s.channel or channel],
                  check_interval_minutes=max(1, interval), fetch_pages=fetch_pages)
             for s in new],
            batch_size=CHUNK,
        )
    result.created = len(new)
    return result


def subscriptions() -> list[Subscription]:
    """Every feed as a subscription: its address, title, site and channel."""
    feeds = Feed.objects.select_related("source", "channel").order_by("pk")
    return [Subscription(f.url, f.title or f.source.name, f.site_url,
                         f.channel.name if f.channel else "") for f in feeds]


def export_opml() -> bytes:
    """Every feed as an OPML document that `subscribe_many` (and any feed reader) reads back."""
    return write_opml(subscriptions(), f"{settings.SITE_NAME} 订阅源")
