"""The feed worker: claim due feeds, poll them, sleep politely when there is nothing to do.

Several workers, on one machine or many, share one database: each claim is atomic and a
lease, so no feed is fetched by two at once and a killed worker's feeds come back after the
lease expires. `stop` (set by SIGTERM/SIGINT in the command) ends the loop between entries.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import close_old_connections
from django.utils import timezone

from zixun.lib.http import FetchPolicy
from zixun.pipeline.counts import Counts
from zixun.pipeline.feeds import FeedRun, poll_feed
from zixun.ranking.hot import refresh_hot_lists
from zixun.ranking.models import HotList
from zixun.ranking.related import refresh_pending
from zixun.sources import queue

log = logging.getLogger("zixun.worker")


@dataclass
class Worker:
    """A polling loop; `run_once` does one batch, `run_forever` loops until `stop` is set."""

    name: str = field(default_factory=queue.worker_name)
    batch: int = 5
    lease: timedelta = queue.DEFAULT_LEASE
    idle_seconds: float = 30.0
    policy: FetchPolicy | None = None
    stop: threading.Event = field(default_factory=threading.Event)
    on_run: Callable[[FeedRun], None] | None = None
    counts: Counts = field(default_factory=Counts)
    # Site-wide jobs beside polling; each worker runs them when due (see `run_periodic_jobs`).
    hot_refresh_seconds: float = 60.0
    # Due 相关内容 lists computed per turn of the loop, and the time they may take, so that
    # feeds stay on schedule while a large import's lists are worked through.
    related_batch: int = 20
    related_budget_seconds: float = 2.0
    _next_hot_refresh: float = 0.0

    def run_once(self, feed_ids: list[int] | None = None) -> int:
        """Claim and poll one batch; returns how many feeds were polled."""
        claims = queue.claim_feeds(self.batch, worker=self.name, lease=self.lease,
                                   feed_ids=feed_ids)
        polled = 0
        for claim in claims:
            if self.stop.is_set():
                queue.release(claim)
                continue
            self._poll(claim)
            polled += 1
        return polled

    def _poll(self, claim: queue.Claim) -> None:
        try:
            run = poll_feed(claim, policy=self.policy, stop=self.stop)
        except Exception:
            # A bug or a lost database connection: give the feed back and keep the loop alive.
            log.exception("poll crashed feed_id=%s", claim.feed_id)
            queue.finish_failure(claim, "内部错误，详见工作进程日志")
            return
        self.counts.merge(run.counts)
        if run.error:
            self.counts.fail(run.url, run.error)
        if self.on_run:
            self.on_run(run)

    def run_periodic_jobs(self) -> int:
        """Site-wide jobs beside polling: the hot lists once a minute, and a batch of due
        相关内容 lists (`zixun.ranking.related.refresh_pending`); returns how many lists it
        computed. With several workers the first one due refreshes the hot lists; the others see
        a fresh list in the database and skip (the job is idempotent anyway)."""
        if time.monotonic() >= self._next_hot_refresh:
            self._next_hot_refresh = time.monotonic() + self.hot_refresh_seconds
            fresh_since = timezone.now() - timedelta(seconds=self.hot_refresh_seconds * 0.9)
            if not HotList.objects.filter(computed_at__gte=fresh_since).exists():
                refresh_hot_lists()
        return refresh_pending(self.related_batch, budget_seconds=self.related_budget_seconds)

    def run_forever(self) -> None:
        """Poll until `stop` is set; sleep whenever nothing is due, waking for periodic jobs."""
        log.info("worker started worker=%s batch=%s", self.name, self.batch)
        while not self.stop.is_set():
            close_old_connections()
            try:
                related = self.run_periodic_jobs()
                polled = self.run_once()
            except Exception:
                log.exception("worker loop error worker=%s; retrying", self.name)
                related = polled = 0
            if not polled and not related:
                self.stop.wait(min(self.idle_seconds, self.hot_refresh_seconds))
        log.info("worker stopped worker=%s %s", self.name, self.counts.line())
