"""The scale half of bench/dedup.py: the story index's table on disk at up to N articles.

What one "add" times, in the order index_article runs it: the fingerprint of the body
(canonical text, shingles, MinHash, 17 keys), the candidate lookup (one SELECT … WHERE key IN),
the key replacement (one DELETE of the article's id range, one multi-row INSERT) and the
confirmation of candidates (none for most real articles here: the corpus has few reposts). The
COMMIT is timed apart: it belongs to storing the article whether or not dedup runs.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import time
from pathlib import Path

import numpy as np

SAMPLES = 500  # real articles added at each checkpoint
CHECKPOINTS = (1_000, 10_000, 100_000, 1_000_000)
SYNTHETIC_FIRST_ID = 10_000_000  # synthetic articles' ids, far above the real articles'
# Counted sentences of a synthetic article (the opening and closing ones, see
# zixun.dedup.fingerprint), each counted in the collection and in the article's source.
SENTENCES_PER_ARTICLE = 8
SOURCES = 1_000


def _setup_django(db: Path, database_url: str | None, fresh: bool) -> None:
    """Point Django at a fresh SQLite file (or an emptied PostgreSQL database) and migrate,
    or at the database of an earlier run."""
    if database_url is None and fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    database_url = database_url or f"sqlite:///{db.resolve()}"
    os.environ["ZIXUN_DATABASE_URL"] = database_url
    os.environ.setdefault("ZIXUN_DATA_DIR", str(db.parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "zixun.settings"
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    if connection.vendor == "postgresql" and fresh:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    if fresh:
        # Not on reuse: SQLite checks foreign keys after each migration, and the synthetic
        # articles' keys have no article rows.
        call_command("migrate", verbosity=0)


def _synthetic_rows(start: int, stop: int, batch: int = 50_000):
    """Rows (article_id, exact, band0, …) of synthetic articles start..stop-1, a batch of
    articles at a time, in id order as articles arrive.

    Random 32-bit keys stand for the keys of unrelated bodies: their MinHash minimums are
    independent, so their band keys are uniformly spread.
    """
    from zixun.dedup.models import KEY_FIELDS

    rng = np.random.default_rng(start)
    for first in range(start, stop, batch):
        ids = np.arange(first, min(stop, first + batch), dtype=np.int64) + SYNTHETIC_FIRST_ID
        keys = rng.integers(-(2**31), 2**31, size=(len(ids), len(KEY_FIELDS)), dtype=np.int64)
        yield np.column_stack([ids, keys]).tolist()


def _sentence_rows(start: int, stop: int, batch: int = 50_000):
    """Rows (key, count) of the sentence counts of synthetic articles start..stop-1: random
    sentence keys (most sentences are the article's own), in the collection and a source."""
    from zixun.dedup.models import sentence_key

    rng = np.random.default_rng(stop)
    for first in range(start, stop, batch):
        n = min(stop, first + batch) - first
        keys = rng.integers(0, 2**32, size=(n, SENTENCES_PER_ARTICLE), dtype=np.int64)
        sources = rng.integers(1, SOURCES + 1, size=(n, 1), dtype=np.int64)
        rows = [(int(k), 1) for k in keys.ravel()]
        rows += [(sentence_key(int(s), int(k)), 1)
                 for s, k in zip(np.repeat(sources, SENTENCES_PER_ARTICLE), keys.ravel(), strict=True)]
        yield rows


def _fill(db: Path, start: int, stop: int) -> None:
    """Index synthetic articles start..stop-1 straight into the table (they have no article
    rows, so foreign keys are not checked while filling)."""
    from django.db import connection

    from zixun.dedup.models import KEY_FIELDS

    columns = ", ".join(("article_id", *KEY_FIELDS))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
            for rows in _synthetic_rows(start, stop):
                with cursor.copy(f"COPY dedup_articlekeys ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            for rows in _sentence_rows(start, stop):
                cursor.executemany('INSERT INTO dedup_sentencecount ("key", count) VALUES (%s, %s) '
                                   'ON CONFLICT ("key") DO NOTHING', rows)
            cursor.execute("SET session_replication_role = DEFAULT")
        return
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=NORMAL")
    raw.execute("PRAGMA cache_size=-1000000")  # 1 GB: the fill's speed, not the adds' figures
    marks = ", ".join("?" * (len(KEY_FIELDS) + 1))
    for rows in _synthetic_rows(start, stop):
        raw.executemany(f"INSERT INTO dedup_articlekeys ({columns}) VALUES ({marks})", rows)
        raw.commit()
    for rows in _sentence_rows(start, stop):
        raw.executemany('INSERT OR IGNORE INTO dedup_sentencecount ("key", count) VALUES (?, ?)', rows)
        raw.commit()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()


def _real_articles(data: Path, count: int) -> list:
    """``count`` 新闻联播 stories of at least 300 characters not stored yet, stored as articles
    (not indexed)."""
    from zixun.articles.models import Article

    skip = Article.objects.count()  # a --reuse run adds the stories after those of earlier runs
    rows = []
    with gzip.open(data / "corpus" / "xinwenlianbo.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if len(record["body"]) < 300:
                continue
            if skip:
                skip -= 1
                continue
            rows.append(Article(title=record["title"], body_text=record["body"]))
            if len(rows) == count:
                break
    return Article.objects.bulk_create(rows)


def _time_adds(articles: list) -> dict[str, list[float]]:
    """Milliseconds per add, each in its own transaction: wall and CPU time of index_article,
    and the wall time of the commit."""
    from django.db import transaction

    from zixun.dedup.stories import index_article

    times: dict[str, list[float]] = {"wall": [], "cpu": [], "commit": []}
    for article in articles:
        with transaction.atomic():
            wall, cpu = time.perf_counter(), time.thread_time()
            index_article(article, new=True)  # as ingest stores a new article
            times["cpu"].append((time.thread_time() - cpu) * 1000)
            done = time.perf_counter()
            times["wall"].append((done - wall) * 1000)
        times["commit"].append((time.perf_counter() - done) * 1000)
    return times


def _percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p50, p99 = (ordered[min(len(ordered) - 1, int(len(ordered) * q))] for q in (0.5, 0.99))
    return f"p50 {p50:.2f} ms, p99 {p99:.2f} ms"


def _index_bytes(db: Path, table: str = "dedup_articlekeys") -> int:
    """Bytes of a table of the index and its indexes (PostgreSQL: with the free-space map)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
            return int(cursor.fetchone()[0])
    raw = sqlite3.connect(db)
    try:  # SQLite's dbstat virtual table: the pages of the table and of its indexes
        (total,) = raw.execute(
            "SELECT SUM(pgsize) FROM dbstat WHERE name IN "
            "(SELECT name FROM sqlite_master WHERE tbl_name = ?)", [table]
        ).fetchone()
    except sqlite3.OperationalError:  # dbstat not compiled in: the whole file is an upper bound
        total = db.stat().st_size
    raw.close()
    return int(total)


def _load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def _yardstick() -> str:
    """The machine's state in numbers: the same fixed pure-Python loop, timed like an add.

    On a shared machine other jobs stretch both figures; an add's times read against these.
    """
    times: dict[str, list[float]] = {"wall": [], "cpu": []}
    for _ in range(200):
        wall, cpu = time.perf_counter(), time.thread_time()
        total = 0
        for number in range(40_000):
            total += number
        times["cpu"].append((time.thread_time() - cpu) * 1000)
        times["wall"].append((time.perf_counter() - wall) * 1000)
    return (f"yardstick (40,000 additions in a Python loop): {_percentiles(times['wall'])} "
            f"wall, {_percentiles(times['cpu'])} CPU ({_load()})")


def _add_and_report(size: int, articles: list) -> None:
    times = _time_adds(articles)
    print(f"at {size:>9,} articles: add {_percentiles(times['wall'])} wall, "
          f"{_percentiles(times['cpu'])} CPU; commit {_percentiles(times['commit'])} "
          f"({_load()})", flush=True)


def scale(args, data: Path) -> None:
    """Fill the index checkpoint by checkpoint up to N articles; time real adds at each.

    With --reuse, only time adds against the index an earlier run left in --db.
    """
    from django.db import connection

    _setup_django(args.db, args.database_url, fresh=not args.reuse)
    where = f"SQLite file {args.db}" if connection.vendor == "sqlite" else args.database_url
    print(f"on disk: {where}; {SAMPLES} real articles added at each size")
    print(_yardstick(), flush=True)
    if args.reuse:
        from zixun.dedup.models import ArticleKeys

        _add_and_report(ArticleKeys.objects.count(), _real_articles(data, SAMPLES))
        print(_yardstick())
        return
    checkpoints = [n for n in CHECKPOINTS if n < args.articles] + [args.articles]
    articles = _real_articles(data, SAMPLES * len(checkpoints))
    filled, fill_seconds = 0, 0.0
    for number, size in enumerate(checkpoints):
        started = time.perf_counter()
        _fill(args.db, filled, size - number * SAMPLES)  # the real adds count towards the size
        fill_seconds += time.perf_counter() - started
        filled = size - number * SAMPLES
        _add_and_report(size, articles[number * SAMPLES : (number + 1) * SAMPLES])
    total = filled + len(checkpoints) * SAMPLES
    size = _index_bytes(args.db)
    counts = _index_bytes(args.db, "dedup_sentencecount")
    print(_yardstick())
    print(f"index: {size / total:.0f} bytes per article ({size / 2**20:.0f} MiB for {total:,} "
          f"articles: table and indexes); filled in {fill_seconds:.0f} s")
    print(f"sentence counts: {counts / total:.0f} bytes per article ({counts / 2**20:.0f} MiB); "
          f"together {(size + counts) / total:.0f} bytes per article")
