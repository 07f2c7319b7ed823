"""Polling many feeds at once and staying polite to each host.

Network: a bounded pool of ``concurrency`` threads (ZIXUN_WORKER_CONCURRENCY), not asyncio.
Every request goes through `zixun.lib.http.fetch`, which checks the address of every redirect
hop and holds the per-host gate; it is synchronous, and an asyncio client beside it would be a
second way out to the network. Fetching is waiting, and a waiting thread releases the GIL, so
a few dozen threads keep as many requests in flight for a few MB of memory.

CPU: parsing feeds, extracting pages and the text stage run in worker processes beside the
fetches, forked and lowered in priority as an import's text-stage processes are, so they use
every core and do not hold the GIL the fetching threads and the writer need. ``jobs=0`` runs
them here.

Scheduling: the pass holds a window of claimed feeds. Each request (a feed, an article page)
waits in its host's queue, and a free thread is given the request of a host whose turn has
come: fewer than the per-host limit in flight and the per-host interval since the last start.
So no thread sleeps on one host's interval while another host has work, and a slow host holds
only its own requests. While every waiting request is held by its host's turn and threads are
free, the window grows (to ``WINDOW_MAX_FACTOR`` times its size) to find other hosts' feeds.

Writing: this thread alone claims, renews leases, stores (the articles ready at a time in one
transaction, `zixun.articles.ingest.store_many`) and writes back each feed's outcome, so SQLite
sees one writer. A killed worker leaves its claims as leases that expire; what it stored is
known by identity on the next poll, which stores the rest: nothing lost, nothing duplicated.
"""

from __future__ import annotations

import logging
import queue as inbox_queue
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from multiprocessing import get_context
from multiprocessing.pool import Pool
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone

from zixun.articles.ingest import BATCH_SIZE, store_many
from zixun.extract import ArticleDraft
from zixun.lib.http import FetchError, FetchPolicy, FetchResult, default_policy, fetch
from zixun.pipeline.feeds import (
    FeedRun,
    entry_draft,
    problem,
    stored_already,
    wants_page,
    with_page,
)
from zixun.pipeline.importer import cpu_process_started
from zixun.pipeline.prepare import prepare, warm_up
from zixun.sources import queue
from zixun.sources.discovery import feed_links
from zixun.sources.models import Feed
from zixun.sources.parse import FeedParseError, ParsedFeed, parse_feed

log = logging.getLogger("zixun.poller")
WINDOW_FACTOR = 4
WINDOW_MAX_FACTOR = 32
LEASE_RENEW_SECONDS = 60.0
# How long the loop waits for news when nothing is due sooner; short, so `stop` is seen at once.
TICK_SECONDS = 0.25


@dataclass(frozen=True)
class Failed:
    """Work that raised in a worker process, in words."""

    reason: str
    where: str = ""


def _parse(content: bytes, url: str) -> ParsedFeed | Failed:
    try:
        return parse_feed(content, url)
    except FeedParseError as exc:
        return Failed(str(exc))


def _prepare(draft: ArticleDraft, page: FetchResult | None) -> ArticleDraft | Failed:
    where = draft.original_url or draft.title or draft.guid
    try:
        if page is not None:
            draft = with_page(draft, page, timezone.now())
        return prepare(draft)
    except Exception as exc:  # one bad entry must not lose the rest of the feed
        log.exception("entry failed url=%s", draft.original_url)
        return Failed(f"{type(exc).__name__}: {exc}", where)


def _get(url: str, policy: FetchPolicy, etag: str = "", last_modified: str = "") -> Any:
    try:
        return fetch(url, etag=etag or None, last_modified=last_modified or None, policy=policy)
    except FetchError as exc:
        return exc
    except Exception as exc:  # a bug must reach the writer as this feed's failure, not vanish
        log.exception("fetch crashed url=%s", url)
        return exc


def _cpu_process_started() -> None:
    """Set up a CPU process as an import's text-stage processes are, and warm it up."""
    cpu_process_started()
    warm_up()


def host_of(url: str) -> str:
    """The host a request counts against, as `zixun.lib.http` names it for its per-host gate."""
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


@dataclass
class _Poll:
    claim: queue.Claim
    feed: Feed
    run: FeedRun
    pending: int = 0
    parsed: ParsedFeed | None = None
    result: FetchResult | None = None
    over: bool = False


@dataclass
class _Request:
    poll: _Poll
    url: str
    draft: ArticleDraft | None = None  # None: the feed itself

    @property
    def host(self) -> str:
        return host_of(self.url)


class HostQueues:
    """Requests waiting per host; `take` gives one whose host's turn has come."""

    def __init__(self, limit: int, interval: float, robots: bool = False) -> None:
        self.limit = max(1, limit)
        self.interval = interval
        # A host's first fetch asks for its robots.txt first: two turns of the host's interval.
        self.first_turns = 2 if robots else 1
        self.waiting: dict[str, deque[_Request]] = {}
        self.in_flight: dict[str, int] = {}
        self.next_start: dict[str, float] = {}

    def add(self, request: _Request) -> None:
        self.waiting.setdefault(request.host, deque()).append(request)

    def _open(self, host: str) -> bool:
        return self.in_flight.get(host, 0) < self.limit

    def _due(self, now: float) -> str | None:
        """The host served longest ago among those whose turn has come."""
        best = None
        for host in self.waiting:
            if self._open(host) and self.next_start.get(host, 0.0) <= now and (
                best is None or self.next_start.get(host, 0.0) < self.next_start.get(best, 0.0)
            ):
                best = host
        return best

    def held(self, now: float) -> bool:
        """Whether requests wait but no host's turn has come."""
        return bool(self.waiting) and self._due(now) is None

    def take(self, now: float) -> _Request | None:
        """A request whose host's turn has come (requests of finished polls are dropped)."""
        while (best := self._due(now)) is not None:
            waiting = self.waiting[best]
            request = waiting.popleft()
            if not waiting:
                del self.waiting[best]
            if not request.poll.over:
                break
        else:
            return None
        self.in_flight[best] = self.in_flight.get(best, 0) + 1
        turns = 1 if best in self.next_start else self.first_turns
        self.next_start[best] = max(now, self.next_start.get(best, 0.0)) + turns * self.interval
        return request

    def done(self, host: str) -> None:
        """A request to ``host`` came back."""
        self.in_flight[host] -= 1
        if not self.in_flight[host]:
            del self.in_flight[host]

    def seconds_to_next_turn(self, now: float) -> float | None:
        """How long until some waiting host may start a request; None if none is waiting."""
        turns = [self.next_start.get(h, 0.0) for h in self.waiting if self._open(h)]
        return max(0.0, min(turns) - now) if turns else None


class Poller:
    """Polls claimed feeds many at a time; one instance keeps its pools between passes."""

    def __init__(
        self, *, concurrency: int, jobs: int = 0, policy: FetchPolicy | None = None,
        stop: threading.Event | None = None, lease: timedelta = queue.DEFAULT_LEASE,
        on_run: Callable[[FeedRun], None] | None = None,
        between: Callable[[], object] | None = None, between_seconds: float = 10.0,
    ) -> None:
        self.concurrency = max(1, concurrency)
        self.jobs = max(0, jobs)
        self.policy = policy or default_policy()
        self.stop = stop or threading.Event()
        self.lease = lease
        self.on_run = on_run
        self.between = between
        self.between_seconds = between_seconds
        self.renew_seconds = min(LEASE_RENEW_SECONDS, lease.total_seconds() / 3)
        self._cpu: Pool | None = None
        self._threads: ThreadPoolExecutor | None = None

    def __enter__(self) -> Poller:
        if self.jobs:
            # The processes are forked before any thread starts: a fork copies only its own
            # thread, and a lock another thread held at that moment would stay locked for ever.
            # Each loads the text stage's dictionaries itself, while the first requests are on
            # their way, instead of this process loading them before the first request.
            self._cpu = get_context("fork").Pool(self.jobs, initializer=_cpu_process_started)
        self._threads = ThreadPoolExecutor(self.concurrency, thread_name_prefix="zixun-fetch")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._threads is not None:
            self._threads.shutdown(wait=False, cancel_futures=True)
        if self._cpu is not None:
            self._cpu.terminate()
            self._cpu.join()
        self._threads = self._cpu = None

    # The pass ----------------------------------------------------------------------------

    def run(self, claim: Callable[[int], list[queue.Claim]]) -> list[FeedRun]:
        """Poll what ``claim(n)`` hands out (up to n claims a call) until it has no more."""
        assert self._threads is not None, "use the Poller in a with block"
        pass_ = _Pass(self, claim)
        return pass_.go()


class _Pass:
    """One pass: the state the writer thread keeps while requests and CPU work come back."""

    def __init__(self, poller: Poller, claim: Callable[[int], list[queue.Claim]]) -> None:
        self.p = poller
        self.claim = claim
        self.polls: dict[int, _Poll] = {}
        policy = poller.policy
        self.hosts = HostQueues(policy.per_host_concurrency, policy.per_host_interval,
                                robots=policy.robots)
        self.inbox: inbox_queue.SimpleQueue = inbox_queue.SimpleQueue()
        self.in_flight = 0
        self.window = WINDOW_FACTOR * poller.concurrency
        self.exhausted = False
        self.runs: list[FeedRun] = []
        self.settled: list[_Poll] = []  # polls with nothing pending: to store and finish
        self.ready: list[tuple[_Poll, str, ArticleDraft]] = []  # prepared, to store
        self.renewed = self.between_done = time.monotonic()

    def go(self) -> list[FeedRun]:
        while not self.p.stop.is_set():
            self._top_up()
            self._dispatch()
            if not self.polls and self.exhausted:
                break
            self._receive()
            self._store_ready()
            self._finish_done()
            self._housekeeping()
        if self.p.stop.is_set():
            for poll in list(self.polls.values()):
                poll.run.interrupted = True
                queue.release(poll.claim)
                self._close(poll, report=False)
        return self.runs

    # claiming and dispatching

    def _top_up(self) -> None:
        if self.exhausted:
            return
        wanted = self.window - len(self.polls)
        idle_threads = self.in_flight < self.p.concurrency
        if wanted <= 0 and idle_threads and self.hosts.held(time.monotonic()):
            # Every waiting request is held by its host's turn: claim more to find other hosts.
            wanted = min(self.p.concurrency, WINDOW_MAX_FACTOR * self.window - len(self.polls))
        if wanted <= 0:
            return
        claims = self.claim(wanted)
        if not claims:
            self.exhausted = True
            return
        feeds = Feed.objects.select_related("source", "channel").in_bulk(
            [c.feed_id for c in claims]
        )
        for claim in claims:
            feed = feeds.get(claim.feed_id)
            if feed is None:  # deleted between the claim and now
                continue
            poll = _Poll(claim, feed, FeedRun(feed.pk, feed.url))
            self.polls[feed.pk] = poll
            poll.pending += 1
            self.hosts.add(_Request(poll, feed.url))

    def _dispatch(self) -> None:
        while self.in_flight < self.p.concurrency:
            request = self.hosts.take(time.monotonic())
            if request is None:
                return
            self.in_flight += 1
            feed = request.poll.feed
            if request.draft is None:
                future = self.p._threads.submit(_get, request.url, self.p.policy,
                                                feed.etag, feed.last_modified)
            else:
                future = self.p._threads.submit(_get, request.url, self.p.policy)
            future.add_done_callback(
                lambda f, r=request: self.inbox.put((self._fetched, r, f.result()))
            )

    def _cpu(self, handler: Callable, poll: _Poll, fn: Callable, *args: object) -> None:
        if self.p._cpu is None:
            handler(poll, fn(*args))
            return
        poll.pending += 1
        self.p._cpu.apply_async(
            fn, args, callback=lambda value: self.inbox.put((handler, poll, value)),
            error_callback=lambda exc: self.inbox.put((handler, poll, Failed(repr(exc)))),
        )

    # receiving

    def _receive(self) -> None:
        timeout = self.hosts.seconds_to_next_turn(time.monotonic())
        if timeout is None or self.in_flight >= self.p.concurrency:
            timeout = TICK_SECONDS
        try:
            item = self.inbox.get(timeout=min(timeout, TICK_SECONDS))
        except inbox_queue.Empty:
            return
        while True:
            self._handle(*item)
            try:
                item = self.inbox.get_nowait()
            except inbox_queue.Empty:
                return

    def _handle(self, handler: Callable, target: Any, value: Any) -> None:
        poll = target.poll if isinstance(target, _Request) else target
        if isinstance(target, _Request):
            self.in_flight -= 1
            self.hosts.done(target.host)
        poll.pending -= 1
        if poll.over:
            return
        try:
            handler(target, value)
        except Exception as exc:
            # A bug or a lost database connection: give the feed back and keep the pass going,
            # with the poll counted as failed and its reason on the feed.
            log.exception("poll crashed feed_id=%s", poll.feed.pk)
            poll.run.error = f"内部错误（{type(exc).__name__}: {exc}），详见工作进程日志"
            queue.finish_failure(poll.claim, poll.run.error)
            self._close(poll)
        if poll.pending == 0 and not poll.over:
            self.settled.append(poll)

    def _fetched(self, request: _Request, value: Any) -> None:
        poll = request.poll
        if request.draft is None:
            self._feed_fetched(poll, value)
        elif isinstance(value, Exception):
            where = request.draft.original_url
            poll.run.counts.fail(where, str(value))
            log.warning("entry fetch failed feed_id=%s url=%s error=%s", poll.feed.pk, where, value)
        else:
            self._cpu(self._prepared, poll, _prepare, request.draft, value)

    def _feed_fetched(self, poll: _Poll, value: Any) -> None:
        if isinstance(value, Exception):
            self._fail(poll, str(value))
        elif value.not_modified:
            poll.run.not_modified = True
            queue.finish_success(poll.claim, etag=poll.feed.etag,
                                 last_modified=poll.feed.last_modified)
            self._close(poll)
        else:
            poll.result = value
            self._cpu(self._parsed, poll, _parse, value.content, value.url)

    def _parsed(self, poll: _Poll, value: ParsedFeed | Failed) -> None:
        if isinstance(value, Failed):
            self._not_a_feed(poll, value.reason)
            return
        poll.parsed = value
        drafts = [entry_draft(poll.feed, entry) for entry in value.entries]
        wanted = wants_page(poll.feed, drafts)
        known = stored_already([d for d, w in zip(drafts, wanted, strict=True) if w])
        teaser_position = 0
        for draft, page in zip(drafts, wanted, strict=True):
            if not page:
                self._cpu(self._prepared, poll, _prepare, draft, None)
                continue
            if teaser_position in known:
                poll.run.counts.unchanged += 1
            else:
                poll.pending += 1
                self.hosts.add(_Request(poll, draft.original_url, draft))
            teaser_position += 1

    def _not_a_feed(self, poll: _Poll, reason: str) -> None:
        """A page, not a feed (subscribed in bulk from a site's address): follow the feed its
        page announces, or record why there is none."""
        result = poll.result
        links = feed_links(result.text, result.url) if result is not None else []
        if links and links[0] != poll.feed.url:
            moved = queue.move(poll.claim, links[0])
            if moved:
                log.info("feed found feed_id=%s page=%s feed=%s", poll.feed.pk, poll.feed.url,
                         links[0])
                self._close(poll, report=False)
                return
            reason = f"页面指向的订阅源 {links[0]} 已被另一个订阅源使用"
        self._fail(poll, reason)

    def _prepared(self, poll: _Poll, value: ArticleDraft | Failed) -> None:
        if isinstance(value, Failed):
            poll.run.counts.fail(value.where, value.reason)
        else:
            self.ready.append((poll, value.original_url or value.title or value.guid, value))

    def _fail(self, poll: _Poll, error: str) -> None:
        poll.run.error = error
        log.warning("feed failed feed_id=%s url=%s error=%s", poll.feed.pk, poll.feed.url, error)
        queue.finish_failure(poll.claim, error)
        self._close(poll)

    # writing

    def _store_ready(self) -> None:
        ready = [item for item in self.ready if not item[0].over]
        self.ready = []
        for start in range(0, len(ready), BATCH_SIZE):
            batch = ready[start:start + BATCH_SIZE]
            results = store_many([draft for _, _, draft in batch])
            for (poll, where, _draft), result in zip(batch, results, strict=True):
                poll.run.counts.record(where, result)

    def _finish_done(self) -> None:
        settled, self.settled = self.settled, []
        for poll in settled:
            if poll.over or poll.pending or poll.parsed is None:
                continue
            parsed, result, counts = poll.parsed, poll.result, poll.run.counts
            retry = counts.failed > 0
            queue.finish_success(
                poll.claim,
                # Without validators the next poll downloads the feed again and retries failures.
                etag="" if retry else (result.etag or ""),
                last_modified="" if retry else (result.last_modified or ""),
                problem=problem(parsed.problem, counts), backoff=bool(parsed.problem),
                title=parsed.title, site_url=parsed.site_url,
            )
            log.info("feed polled feed_id=%s url=%s %s", poll.feed.pk, poll.feed.url,
                     counts.line())
            self._close(poll)

    def _close(self, poll: _Poll, report: bool = True) -> None:
        poll.over = True
        self.polls.pop(poll.feed.pk, None)
        if report:
            self.runs.append(poll.run)
            if self.p.on_run:
                self.p.on_run(poll.run)

    def _housekeeping(self) -> None:
        now = time.monotonic()
        if self.polls and now - self.renewed >= self.p.renew_seconds:
            self.renewed = now
            held = queue.extend_all([poll.claim for poll in self.polls.values()], self.p.lease)
            for poll in [p for p in self.polls.values() if p.feed.pk not in held]:
                log.warning("lease lost feed_id=%s", poll.feed.pk)
                self._close(poll, report=False)
        if self.p.between and now - self.between_done >= self.p.between_seconds:
            self.between_done = now
            self.p.between()


def poll_feed(
    claim: queue.Claim, *, policy: FetchPolicy | None = None,
    stop: threading.Event | None = None,
) -> FeedRun:
    """Poll one claimed feed now, in this process, and write the outcome back to it."""
    handed = [claim]

    def once(_limit: int) -> list[queue.Claim]:
        given, handed[:] = list(handed), []
        return given

    with Poller(concurrency=1, policy=policy, stop=stop) as poller:
        runs = poller.run(once)
    return runs[0] if runs else FeedRun(claim.feed_id, "", interrupted=True)
