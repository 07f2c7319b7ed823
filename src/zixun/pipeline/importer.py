"""Bulk import: records → text stage → store, in batches of one transaction each.

The text stage is pure, so with ``jobs > 1`` it runs in worker processes while this process
alone writes, in file order, a batch per transaction and a savepoint per article
(`zixun.articles.ingest.store_many`): identity and outcomes are exactly those of one `store()`
per article, and a kill loses at most the open batch, which a rerun stores again.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from multiprocessing import get_context
from multiprocessing.pool import Pool
from pathlib import Path

from zixun.articles.ingest import BATCH_SIZE, Outcome, StoreResult, store_many
from zixun.extract.draft import ArticleDraft
from zixun.pipeline.counts import Counts
from zixun.pipeline.prepare import prepare, warm_up
from zixun.pipeline.records import Record, RecordError, read_records

log = logging.getLogger("zixun.import")
# Records a worker process takes at a time, and how many may wait per worker process.
CHUNK = 64
PENDING_PER_JOB = 8 * CHUNK
Prepared = tuple[str, ArticleDraft | str]


def _prepare_one(record: Record) -> Prepared:
    where, draft = record
    if isinstance(draft, RecordError):
        return where, str(draft)
    try:
        return where, prepare(draft)
    except Exception as exc:  # one bad record must not stop an import of thousands
        log.exception("prepare failed where=%s", where)
        return where, f"文本处理出错：{type(exc).__name__}: {exc}"


# How far below the writer the text-stage processes run (see default_jobs).
WORKER_NICENESS = 10


def cpu_process_started() -> None:
    """Set up a forked CPU process (text stage, extraction): the default signals, and a
    priority below the writer and below a web server on the same machine."""
    # A SIGTERM handler of the parent (the worker command's) comes along with the fork; in a
    # child it would only set a flag nothing reads, and the pool's terminate() would wait for ever.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # Ctrl-C reaches the whole process group; the parent stops the pool itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Where it is not permitted, equal priority still works, only more slowly.
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)


def default_jobs() -> int:
    """Text-stage processes for an import: one per CPU, at most four.

    There is one writer (this process) and it is the stage that cannot be shared, so the
    workers run at a lower priority: the writer gets a CPU whenever it has work, and the
    workers take what is left. At equal priority the workers and the writer slow each other
    down on a small machine (docs/benchmarks.md has the figures).
    """
    return max(1, min(4, os.cpu_count() or 1))


def prepared(records: Iterable[Record], jobs: int = 0) -> Iterator[Prepared]:
    """The text stage over ``records``, in order: in this process when ``jobs`` is 0, else in
    ``jobs`` worker processes while this one goes on storing."""
    if jobs <= 0:
        yield from map(_prepare_one, records)
        return
    # Loaded once here, the dictionaries, models and tables are shared by the forked workers
    # instead of each worker reading its own copy.
    warm_up()
    # Nor does the garbage collector then visit (and so copy) those shared objects in each one.
    gc.freeze()
    # At most this many records between the reader and the writer: the workers outrun the one
    # writer, and without a bound a large import would wait in memory, prepared, whole.
    window = threading.BoundedSemaphore(PENDING_PER_JOB * jobs)

    def throttled() -> Iterator[Record]:
        for record in records:
            window.acquire()
            yield record

    with text_stage_pool(jobs) as pool:
        for result in pool.imap(_prepare_one, throttled(), chunksize=CHUNK):
            window.release()
            yield result


def text_stage_pool(jobs: int) -> Pool:
    """``jobs`` worker processes for the text stage, below the writer's priority."""
    # fork keeps the loaded dictionaries and Django settings; children never touch the database.
    return get_context("fork").Pool(jobs, initializer=cpu_process_started)


def store_prepared(
    items: Iterable[Prepared], on_item: Callable[[], None] | None = None,
    batch_size: int = BATCH_SIZE, counts: Counts | None = None,
) -> Counts:
    """Store the prepared items in batches and tally the outcomes (into ``counts`` if given,
    so a caller still has the tally when the database fails part-way).

    Each batch is one transaction with a savepoint per article (`store_many`), so every article
    is still all-or-nothing. A kill loses at most the open batch: nothing of it is committed,
    and a rerun of the same import stores it again, matching by identity what was committed.
    """
    counts = Counts() if counts is None else counts
    for batch in _batches(items, batch_size):
        ready = [(where, item) for where, item in batch if not isinstance(item, str)]
        results = iter(store_many([item for _, item in ready]))
        for where, item in batch:
            if isinstance(item, str):
                counts.fail(where, item)
            else:
                _count(counts, where, next(results))
            if on_item:
                on_item()
    return counts


def _batches(items: Iterable[Prepared], size: int) -> Iterator[list[Prepared]]:
    batch: list[Prepared] = []
    try:
        for item in items:
            batch.append(item)
            if len(batch) >= size:
                yield batch
                batch = []
    except Exception:
        # Reading failed for good (the disk, a bug): store what was read before saying so.
        if batch:
            yield batch
        raise
    if batch:
        yield batch


def _count(counts: Counts, where: str, result: StoreResult) -> None:
    if result.outcome == Outcome.FAILED:
        counts.fail(where, result.reason)
        return
    counts.add(result.outcome)
    if result.reason and result.outcome == Outcome.SKIPPED:
        log.info("skipped where=%s reason=%s", where, result.reason)


def import_file(
    path: Path, *, guid_prefix: str = "", jobs: int = 0,
    on_item: Callable[[], None] | None = None, batch_size: int = BATCH_SIZE,
    counts: Counts | None = None,
) -> Counts:
    """Import every record of a JSON Lines, CSV or WXR file; re-running it changes nothing."""
    return store_prepared(prepared(read_records(path, guid_prefix), jobs), on_item, batch_size,
                          counts)
