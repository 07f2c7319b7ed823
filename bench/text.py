"""bench/text.py: MB/s of rjieba segmentation alone, of the whole analyze step, and of jieba.

Run: .venv/bin/python bench/text.py [--limit N]
Reads $ZIXUN_SHARED_DATA/corpus/xinwenlianbo.jsonl.gz (default ../shared/data from the repo root).
Target (issue #3): analyze at least one third of the speed of segmentation alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import jieba
import rjieba

from zixun.text import analyze, segment

ROOT = Path(__file__).resolve().parent.parent


def load_bodies(limit: int | None) -> list[tuple[str, dt.date]]:
    """Non-empty xinwenlianbo bodies with their dates."""
    data = Path(os.environ.get("ZIXUN_SHARED_DATA", ROOT / ".." / "shared" / "data"))
    bodies = []
    with gzip.open(data / "corpus" / "xinwenlianbo.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["body"]:
                bodies.append((record["body"], dt.date.fromisoformat(record["date"])))
            if limit and len(bodies) >= limit:
                break
    return bodies


def measure(name: str, step: Callable[[str, dt.date], object], bodies, megabytes: float) -> float:
    """Run `step` over every body once; print and return MB/s."""
    start = time.perf_counter()
    for body, day in bodies:
        step(body, day)
    seconds = time.perf_counter() - start
    rate = megabytes / seconds
    print(f"| {name} | {seconds:.2f} | {rate:.2f} | {len(bodies) / seconds:,.0f} |")
    return rate


def main() -> None:
    """Warm up every path, then time the three steps on the same bodies."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args()
    bodies = load_bodies(args.limit)
    megabytes = sum(len(b.encode("utf-8")) for b, _ in bodies) / 1e6
    for body, day in bodies[:20]:  # load dictionaries, IDF table and user words before timing
        analyze(body, day)
        jieba.lcut(body)
    print(f"xinwenlianbo: {len(bodies):,} articles, {megabytes:.1f} MB of UTF-8\n")
    print("| step | seconds | MB/s | articles/s |")
    print("|---|---:|---:|---:|")
    seg = measure("rjieba segment (normal mode)", lambda b, d: segment(b), bodies, megabytes)
    measure("rjieba.cut, raw", lambda b, d: rjieba.cut(b), bodies, megabytes)
    whole = measure("zixun.text.analyze (whole step)", analyze, bodies, megabytes)
    measure("jieba (Python) lcut, baseline", lambda b, d: jieba.lcut(b), bodies, megabytes)
    print(f"\nanalyze / segmentation = {whole / seg:.2f} (target ≥ 0.33)")


if __name__ == "__main__":
    main()
