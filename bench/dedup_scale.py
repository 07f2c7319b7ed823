"""The scale half of bench/dedup.py: the story index's table on disk at N articles."""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import statistics
import time
from pathlib import Path

import numpy as np

SAMPLES = 300  # real articles timed at each checkpoint


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
    """Band keys of synthetic articles start..stop-1 (random signatures), straight into the table."""
    from zixun.dedup.fingerprint import BANDS

    rng = np.random.default_rng(start)
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA foreign_keys=OFF")  # synthetic articles have keys but no article rows
    batch = 50_000
    for first in range(start, stop, batch):
        last = min(stop, first + batch)
        keys = rng.integers(-(2**63), 2**63 - 1, size=(last - first, BANDS + 1), dtype=np.int64)
        ids = np.repeat(np.arange(first, last) + 10_000_000, BANDS + 1)
        raw.executemany("INSERT INTO dedup_bandkey (key, article_id) VALUES (?, ?)",
                        zip(keys.ravel().tolist(), ids.tolist(), strict=True))
        raw.commit()
    raw.close()


def _real_articles(data: Path, count: int) -> list:
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


def _time_adds(articles: list) -> list[float]:
    """Milliseconds to add each article: fingerprint, lookup, confirm, insert, join.

    Inside one open transaction, as in store(): the commit (an fsync) belongs to storing the
    article whether or not dedup runs, so it is left out of the figure.
    """
    from django.db import transaction

    from zixun.dedup.stories import index_article

    times = []
    with transaction.atomic():
        for article in articles:
            started = time.perf_counter()
            index_article(article)
            times.append((time.perf_counter() - started) * 1000)
    return times


def _report(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(f"{label}: p50 {statistics.median(ordered):.2f} ms, p99 {p99:.2f} ms, "
          f"max {ordered[-1]:.2f} ms ({len(ordered)} real articles)")


def _index_bytes(db: Path) -> int:
    """Bytes of the band-key table and its indexes (SQLite's dbstat virtual table)."""
    raw = sqlite3.connect(db)
    try:
        names = ("dedup_bandkey", "dedup_key_article_idx", "dedup_bandkey_article_id_%")
        (total,) = raw.execute(
            "SELECT SUM(pgsize) FROM dbstat WHERE name = ? OR name = ? OR name LIKE ?", names
        ).fetchone()
    except sqlite3.OperationalError:  # dbstat not compiled in: the whole file is an upper bound
        total = db.stat().st_size
    raw.close()
    return int(total)


def scale(args, data: Path) -> None:
    """Fill the index to 1,000 then N articles and time real adds at both sizes."""
    _setup_django(args.db)
    import zixun.dedup.stories  # noqa: F401  (datasketch imports scipy: seconds, once per process)

    articles = _real_articles(data, 2 * SAMPLES)
    started = time.perf_counter()
    _fill(args.db, 0, 1_000)
    _report("at 1,000 articles", _time_adds(articles[:SAMPLES]))
    _fill(args.db, 1_000, args.articles)
    filled = time.perf_counter() - started
    _report(f"at {args.articles:,} articles", _time_adds(articles[SAMPLES:]))
    total = args.articles + 2 * SAMPLES
    size = _index_bytes(args.db)
    print(f"index: {size / total:.0f} bytes per article ({size / 2**20:.0f} MiB for {total:,}); "
          f"on disk (SQLite file {args.db}), filled in {filled:.0f} s")
