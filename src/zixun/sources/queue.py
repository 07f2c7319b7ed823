"""The database as the work queue: workers claim due feeds atomically and release them after.

A claim is a lease (`claimed_by`, `claimed_until`). A worker killed mid-fetch leaves its lease
behind; it expires and the next worker takes the feed again, so nothing is lost. Every write
back is guarded by the claim token, so a worker whose lease was taken over cannot overwrite
the newer worker's result.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from zixun.sources.models import Feed
from zixun.sources.schedule import next_check

DEFAULT_LEASE = timedelta(minutes=10)


def worker_name() -> str:
    """A name that tells an operator which machine and process holds a claim."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class Claim:
    """One claimed feed: the token that proves this worker holds it, and until when."""

    feed_id: int
    token: str
    until: datetime


def _unclaimed(now: datetime) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


def _candidates(now: datetime, feed_ids: Iterable[int] | None) -> QuerySet[Feed]:
    feeds = Feed.objects.filter(active=True).filter(_unclaimed(now))
    if feed_ids is None:
        return feeds.filter(next_check_at__lte=now).order_by("next_check_at", "pk")
    return feeds.filter(pk__in=list(feed_ids)).order_by("pk")


def claim_feeds(
    limit: int,
    *,
    worker: str | None = None,
    lease: timedelta = DEFAULT_LEASE,
    feed_ids: Iterable[int] | None = None,
) -> list[Claim]:
    """Claim up to ``limit`` due feeds (or the given ones, due or not) for this worker."""
    now = timezone.now()
    until = now + lease
    token = f"{worker or worker_name()}:{uuid.uuid4().hex[:8]}"[:100]
    candidates = _candidates(now, feed_ids)
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            # PostgreSQL: rows another worker is claiming right now are skipped, not waited for.
            ids = list(
                candidates.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit]
            )
            Feed.objects.filter(pk__in=ids).update(claimed_by=token, claimed_until=until)
        else:
            # SQLite has one writer at a time (BEGIN IMMEDIATE), so one UPDATE … WHERE id IN
            # (SELECT … LIMIT n) is atomic; the unclaimed test is repeated on the outer rows.
            picked = candidates.values("pk")[:limit]
            Feed.objects.filter(pk__in=picked).filter(_unclaimed(now)).update(
                claimed_by=token, claimed_until=until
            )
        claimed = list(Feed.objects.filter(claimed_by=token).values_list("pk", flat=True))
    return [Claim(feed_id, token, until) for feed_id in sorted(claimed)]


def extend(claim: Claim, lease: timedelta = DEFAULT_LEASE) -> Claim | None:
    """Renew a lease during a long fetch; None when the feed is no longer ours."""
    until = timezone.now() + lease
    updated = Feed.objects.filter(pk=claim.feed_id, claimed_by=claim.token).update(
        claimed_until=until
    )
    return Claim(claim.feed_id, claim.token, until) if updated else None


def extend_all(claims: Iterable[Claim], lease: timedelta = DEFAULT_LEASE) -> set[int]:
    """Renew the leases of many claims at once; the ids of the feeds still ours."""
    until = timezone.now() + lease
    by_token: dict[str, list[int]] = {}
    for claim in claims:
        by_token.setdefault(claim.token, []).append(claim.feed_id)
    held: set[int] = set()
    for token, ids in by_token.items():
        mine = Feed.objects.filter(pk__in=ids, claimed_by=token)
        mine.update(claimed_until=until)
        held.update(mine.values_list("pk", flat=True))
    return held


def finish_success(
    claim: Claim, *, etag: str = "", last_modified: str = "", problem: str = "",
    backoff: bool = False, title: str = "", site_url: str = "",
) -> bool:
    """Record a fetch that worked and release the claim.

    ``problem`` is kept as the feed's last error; with ``backoff`` (a malformed feed read only
    in part) it also counts as an error in a row, so the feed is checked less often.
    """
    now = timezone.now()
    feed = Feed.objects.filter(pk=claim.feed_id).first()
    if feed is None:
        return False
    errors = feed.error_count + 1 if backoff else 0
    values = {
        "last_checked_at": now,
        "next_check_at": next_check(now, feed.check_interval_minutes, errors),
        "error_count": errors,
        "last_error": problem,
        "claimed_by": "",
        "claimed_until": None,
        "etag": etag[:300],
        "last_modified": last_modified[:100],
    }
    if title and not feed.title:
        values["title"] = title[:300]
    if site_url and not feed.site_url:
        values["site_url"] = site_url[:1000]
    return _write(claim, values)


def finish_failure(claim: Claim, error: str) -> bool:
    """Record a failed fetch in words and back off; release the claim."""
    now = timezone.now()
    feed = Feed.objects.filter(pk=claim.feed_id).first()
    if feed is None:
        return False
    errors = feed.error_count + 1
    return _write(claim, {
        "last_checked_at": now,
        "next_check_at": next_check(now, feed.check_interval_minutes, errors),
        "error_count": errors,
        "last_error": error,
        "claimed_by": "",
        "claimed_until": None,
    })


def move(claim: Claim, url: str) -> bool:
    """The claimed address was a page announcing its feed at ``url``: the feed lives there from
    now on, due at once; False when another feed has that address already."""
    if Feed.objects.filter(url=url).exclude(pk=claim.feed_id).exists():
        return False
    return _write(claim, {"url": url[:1000], "next_check_at": timezone.now(), "claimed_by": "",
                          "claimed_until": None, "etag": "", "last_modified": ""})


def release(claim: Claim) -> bool:
    """Give a feed back untouched (the worker is stopping); it stays due."""
    return _write(claim, {"claimed_by": "", "claimed_until": None})


def release_all(worker: str) -> int:
    """Give back every feed ``worker`` holds, untouched (its pass broke off: the database
    restarted, say); they stay due. Returns how many."""
    return Feed.objects.filter(claimed_by__startswith=f"{worker}:").update(
        claimed_by="", claimed_until=None)


def _write(claim: Claim, values: dict) -> bool:
    # Guarded by the token: after a lease expired and another worker took over, ours is stale.
    return bool(Feed.objects.filter(pk=claim.feed_id, claimed_by=claim.token).update(**values))


def fetch_now(feed_ids: Iterable[int]) -> int:
    """Make feeds due immediately (the admin's "fetch now"); returns how many were queued."""
    return Feed.objects.filter(pk__in=list(feed_ids)).update(next_check_at=timezone.now())
