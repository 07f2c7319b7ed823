"""The feed worker: claim due feeds, poll many at once, sleep when there is nothing to do.

Several workers, on one machine or many, share one database: each claim is atomic and a
lease, so no feed is fetched by two at once and a killed worker's feeds come back after the
lease expires. Within a worker, `zixun.pipeline.poller` keeps ``concurrency`` requests in
flight across hosts, polite to each. `stop` (set by SIGTERM/SIGINT in the command) ends a pass
at once; the feeds it held are given back untouched and stay due.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.utils import timezone

from zixun.articles.publishing import next_scheduled, publish_due
from zixun.lib.http import FetchPolicy
from zixun.pipeline.counts import Counts
from zixun.pipeline.feeds import FeedRun
from zixun.pipeline.poller import Poller
from zixun.ranking.hot import refresh_hot_lists
from zixun.ranking.models import HotList
from zixun.ranking.related import refresh_pending
from zixun.sources import queue

log = logging.getLogger("zixun.worker")


@dataclass
class Worker:
    """A polling loop: `run_once` polls one claim of feeds, `run_pass` every due (or given)
    feed, `run_forever` loops until `stop` is set."""

    name: str = field(default_factory=queue.worker_name)
    batch: int = 5
    # Requests in flight at once, across hosts (ZIXUN_WORKER_CONCURRENCY), and the processes
    # for parsing, extraction and the text stage (0: all in this process).
    concurrency: int = field(default_factory=lambda: settings.WORKER_CONCURRENCY)
    jobs: int = 0
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
    # The pause after an error in the loop (the database restarting, say) before trying again.
    error_pause_seconds: float = 2.0
    _next_hot_refresh: float = 0.0
    _poller: Poller | None = None

    def run_once(self, feed_ids: list[int] | None = None) -> int:
        """Claim one batch (``batch`` due feeds, or the given ones) and poll it; returns how
        many feeds were polled."""
        claims = queue.claim_feeds(self.batch, worker=self.name, lease=self.lease,
                                   feed_ids=feed_ids)
        handed = [claims]

        def once(_limit: int) -> list[queue.Claim]:
            return handed.pop() if handed else []

        return self._poll(once)

    def run_pass(self, feed_ids: list[int] | None = None) -> int:
        """Poll every due feed (or each of the given ones once), claiming as the pass goes;
        returns how many feeds were polled. Feeds another worker holds are left to it."""
        remaining = None if feed_ids is None else list(feed_ids)

        def more(limit: int) -> list[queue.Claim]:
            if remaining is not None and not remaining:
                return []
            claims = queue.claim_feeds(limit, worker=self.name, lease=self.lease,
                                       feed_ids=remaining)
            if remaining is not None:
                taken = {claim.feed_id for claim in claims}
                remaining[:] = [pk for pk in remaining if pk not in taken]
            return claims

        return self._poll(more)

    def _poll(self, claim: Callable[[int], list[queue.Claim]]) -> int:
        with self._pools() as poller:
            runs = poller.run(claim)
        # A pass ends holding no feed: one it claimed but did not finish (claimed just as the
        # pass ran out of work) is given back due, rather than left until its lease runs out.
        left = queue.release_all(self.name)
        if left:
            log.warning("worker gave back feeds it had claimed but not polled worker=%s count=%d",
                        self.name, left)
        for run in runs:
            self.counts.merge(run.counts)
            if run.error:  # a feed that failed (a crash too) counts as failed, with its reason
                self.counts.fail(run.url, run.error)
        return len(runs)

    @contextmanager
    def _pools(self, between: Callable[[], object] | None = None) -> Iterator[Poller]:
        """The poller of `run_forever`, kept between passes, or one for this call;
        ``between``: what to run every few seconds in a long pass."""
        if self._poller is not None:
            yield self._poller
            return
        with Poller(concurrency=self.concurrency, jobs=self.jobs, policy=self.policy,
                    stop=self.stop, lease=self.lease, on_run=self.on_run,
                    between=between) as poller:
            self._poller = poller
            try:
                yield poller
            finally:
                self._poller = None

    def run_periodic_jobs(self) -> int:
        """Site-wide jobs beside polling: scheduled articles whose time has come are published
        (`zixun.articles.publishing.publish_due`), the hot lists refreshed once a minute, and a
        batch of due 相关内容 lists computed (`zixun.ranking.related.refresh_pending`); returns
        how many lists and articles it handled. With several workers the first one due
        refreshes the hot lists; the others see a fresh list in the database and skip (the job
        is idempotent anyway)."""
        published = len(publish_due())
        if time.monotonic() >= self._next_hot_refresh:
            self._next_hot_refresh = time.monotonic() + self.hot_refresh_seconds
            fresh_since = timezone.now() - timedelta(seconds=self.hot_refresh_seconds * 0.9)
            if not HotList.objects.filter(computed_at__gte=fresh_since).exists():
                refresh_hot_lists()
        return published + refresh_pending(self.related_batch,
                                           budget_seconds=self.related_budget_seconds)

    def idle_wait(self) -> float:
        """How long to sleep with nothing to do: until the next periodic job or scheduled
        article is due, whichever comes first."""
        wait = min(self.idle_seconds, self.hot_refresh_seconds)
        due = next_scheduled()
        if due is not None:
            wait = min(wait, max(0.0, (due - timezone.now()).total_seconds()) + 0.5)
        return wait

    def run_forever(self) -> None:
        """Poll until `stop` is set; sleep whenever nothing is due, waking for periodic jobs."""
        log.info("worker started worker=%s concurrency=%s jobs=%s", self.name,
                 self.concurrency, self.jobs)
        # A long pass (thousands of feeds) still refreshes the hot lists and 相关内容 as it goes.
        with self._pools(between=self.run_periodic_jobs):
            broken_off = False
            while not self.stop.is_set():
                close_old_connections()
                try:
                    if broken_off:
                        # Without this the feeds of the pass an error broke off would wait
                        # out their lease before anyone polled them again.
                        queue.release_all(self.name)
                        broken_off = False
                    related = self.run_periodic_jobs()
                    polled = self.run_pass()
                    wait = 0.0 if polled or related else self.idle_wait()
                except (InterfaceError, OperationalError) as error:
                    # The database restarted or is out of reach: what was being stored is rolled
                    # back whole and its feed stays due, so after a pause the loop takes it up
                    # again on a new connection.
                    log.warning("worker database error worker=%s; retrying in %.0f s: %s",
                                self.name, self.error_pause_seconds, error)
                    connection.close()
                    wait, broken_off = self.error_pause_seconds, True
                except Exception:
                    log.exception("worker loop error worker=%s; retrying", self.name)
                    wait, broken_off = min(self.idle_seconds, self.hot_refresh_seconds), True
                if wait:
                    self.stop.wait(wait)
        log.info("worker stopped worker=%s %s", self.name, self.counts.line())
