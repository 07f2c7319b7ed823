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


def _setup_django(db: Path) -> None:
    """Point Django at a fresh SQLite file and create the tables through the migrations."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.environ["ZIXUN_DATABASE_URL"] = f"sqlite:///{db.resolve()}"
    os.environ.setdefault("ZIXUN_DATA_DIR", str(db.parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "zixun.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _fill(db: Path, start: int, stop: int) -> None:
    """Keys of synthetic articles start..stop-1, straight into the table, in id order as
    articles arrive.

    Random 32-bit keys stand for the keys of unrelated bodies: their MinHash minimums are
    independent, so their band keys are uniformly spread.
    """
    from zixun.dedup.fingerprint import BANDS
    from zixun.dedup.models import SLOTS

    keys_per_article = BANDS + 1
    rng = np.random.default_rng(start)
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=NORMAL")
    raw.execute("PRAGMA cache_size=-1000000")  # 1 GB: the fill's speed, not the adds' figures
    batch = 50_000
    for first in range(start, stop, batch):
        last = min(stop, first + batch)
        articles = np.arange(first, last, dtype=np.int64) + SYNTHETIC_FIRST_ID
        ids = (articles[:, None] * SLOTS + np.arange(keys_per_article)).ravel()
        keys = rng.integers(-(2**31), 2**31, size=len(ids), dtype=np.int64)
        raw.executemany("INSERT INTO dedup_bandkey (id, key) VALUES (?, ?)",
                        zip(ids.tolist(), keys.tolist(), strict=True))
        raw.commit()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()


def _real_articles(data: Path, count: int) -> list:
    """``count`` 新闻联播 stories of at least 300 characters, stored as articles (not indexed)."""
    from zixun.articles.models import Article

    rows = []
    with gzip.open(data / "corpus" / "xinwenlianbo.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if len(record["body"]) >= 300:
                rows.append(Article(title=record["title"], body_text=record["body"]))
            if len(rows) == count:
                break
    Article.objects.bulk_create(rows)
    return list(Article.objects.order_by("pk")[:count])


def _time_adds(articles: list) -> dict[str, list[float]]:
    """Milliseconds per add, each in its own transaction: wall and CPU time of index_article,
    and the wall time of the commit."""
    from django.db import transaction

    from zixun.dedup.stories import index_article

    times: dict[str, list[float]] = {"wall": [], "cpu": [], "commit": []}
    for article in articles:
        with transaction.atomic():
            wall, cpu = time.perf_counter(), time.thread_time()
            index_article(article)
            times["cpu"].append((time.thread_time() - cpu) * 1000)
            done = time.perf_counter()
            times["wall"].append((done - wall) * 1000)
        times["commit"].append((time.perf_counter() - done) * 1000)
    return times


def _percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p50, p99 = (ordered[min(len(ordered) - 1, int(len(ordered) * q))] for q in (0.5, 0.99))
    return f"p50 {p50:.2f} ms, p99 {p99:.2f} ms"


def _index_bytes(db: Path) -> int:
    """Bytes of the band-key table and its index (SQLite's dbstat virtual table)."""
    raw = sqlite3.connect(db)
    try:
        (total,) = raw.execute(
            "SELECT SUM(pgsize) FROM dbstat WHERE name IN ('dedup_bandkey', 'dedup_bandkey_key_idx')"
        ).fetchone()
    except sqlite3.OperationalError:  # dbstat not compiled in: the whole file is an upper bound
        total = db.stat().st_size
    raw.close()
    return int(total)


def _load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def scale(args, data: Path) -> None:
    """Fill the index checkpoint by checkpoint up to N articles; time real adds at each."""
    _setup_django(args.db)
    checkpoints = [n for n in CHECKPOINTS if n < args.articles] + [args.articles]
    articles = _real_articles(data, SAMPLES * len(checkpoints))
    filled, fill_seconds = 0, 0.0
    print(f"on disk: SQLite file {args.db}; {SAMPLES} real articles added at each size")
    for number, size in enumerate(checkpoints):
        started = time.perf_counter()
        _fill(args.db, filled, size - number * SAMPLES)  # the real adds count towards the size
        fill_seconds += time.perf_counter() - started
        filled = size - number * SAMPLES
        times = _time_adds(articles[number * SAMPLES : (number + 1) * SAMPLES])
        print(f"at {size:>9,} articles: add {_percentiles(times['wall'])} wall, "
              f"{_percentiles(times['cpu'])} CPU; commit {_percentiles(times['commit'])} "
              f"({_load()})", flush=True)
    total = filled + len(checkpoints) * SAMPLES
    size = _index_bytes(args.db)
    print(f"index: {size / total:.0f} bytes per article ({size / 2**20:.0f} MiB for {total:,} "
          f"articles: table and key index); filled in {fill_seconds:.0f} s")
