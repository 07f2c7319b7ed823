"""bench/text.py: MB/s of rjieba segmentation alone, of the whole analyze step, and of jieba.

Run: .venv/bin/python bench/text.py [--limit N] [--rounds R] [--profile | --only STEP]
Reads $ZIXUN_SHARED_DATA/corpus/xinwenlianbo.jsonl.gz (default ../shared/data from the repo root).
Target (issue #3): analyze at least one third of the speed of segmentation alone. The search
index tokens that ingest makes of every body (zixun.search.analysis.index_text) are timed too.

The machine is shared, so every step runs R rounds, interleaved with the others, and the best
round counts; each round gets the texts as new objects, as ingest does (see fresh_copies).
Speeds are computed from the CPU time of this process (wall time is printed too), which other
jobs on the machine disturb far less than the wall clock. For figures no load can disturb,
count instructions: `valgrind --tool=cachegrind .venv/bin/python bench/text.py --limit
300 --only analyze` (or segment, index_text) minus the same with `--only none` (loading and
warm-up alone); run both with the same PYTHONHASHSEED.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gzip
import json
import os
import pstats
import time
from collections.abc import Callable
from pathlib import Path

import jieba
import rjieba

from zixun.search.analysis import index_text
from zixun.text import analyze, segment

ROOT = Path(__file__).resolve().parent.parent
Step = Callable[[str, dt.date], object]


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


def fresh_copies(bodies: list[tuple[str, dt.date]]) -> list[tuple[str, dt.date]]:
    """The same texts as new str objects, as ingest hands each text over: never cut before.

    CPython keeps a str's UTF-8 form once something asks for it, and rjieba asks. Cutting the
    same objects round after round would time segmentation without encoding its input (~8 % of
    its time), which ingest, cutting each new text, always pays; analyze cuts text it builds
    itself, so it always paid it. Each round therefore gets new objects, made outside the timing.
    """
    return [(body.encode("utf-8").decode("utf-8"), day) for body, day in bodies]


def run_once(step: Step, bodies: list[tuple[str, dt.date]]) -> tuple[float, float]:
    """Run `step` over every body once; return (CPU seconds, wall seconds)."""
    cpu, wall = time.process_time(), time.perf_counter()
    for body, day in bodies:
        step(body, day)
    return time.process_time() - cpu, time.perf_counter() - wall


def best_rounds(
    steps: dict[str, Step], bodies: list[tuple[str, dt.date]], rounds: int
) -> dict[str, tuple[float, float]]:
    """Best (CPU, wall) seconds of each step over `rounds` interleaved rounds."""
    best = {name: (float("inf"), float("inf")) for name in steps}
    for _ in range(rounds):
        for name, step in steps.items():
            cpu, wall = run_once(step, fresh_copies(bodies))
            best[name] = (min(best[name][0], cpu), min(best[name][1], wall))
    return best


def profile(bodies: list[tuple[str, dt.date]]) -> None:
    """Print where analyze spends its CPU time, by function."""
    profiler = cProfile.Profile(time.process_time)
    profiler.runcall(run_once, analyze, bodies)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(20)


def main() -> None:
    """Warm up every path, then time the steps on the same bodies."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per step; the best counts")
    parser.add_argument("--profile", action="store_true", help="profile analyze instead")
    parser.add_argument(
        "--only",
        choices=["none", "segment", "analyze", "index_text"],
        help="run one step once, print nothing",
    )
    args = parser.parse_args()
    bodies = load_bodies(args.limit)
    megabytes = sum(len(b.encode("utf-8")) for b, _ in bodies) / 1e6
    for body, day in bodies[:20]:  # load dictionaries, IDF table and user words before timing
        analyze(body, day)
        index_text(body)
    if args.profile:
        profile(bodies)
        return
    if args.only:
        only = {
            "none": lambda b, d: None,
            "segment": lambda b, d: segment(b),
            "analyze": analyze,
            "index_text": lambda b, d: index_text(b),
        }
        run_once(only[args.only], bodies)
        return
    steps: dict[str, Step] = {
        "rjieba segment (normal mode, `zixun.text.segment`)": lambda b, d: segment(b),
        "rjieba.cut, raw": lambda b, d: rjieba.cut(b),
        "zixun.text.analyze (whole step)": analyze,
        "search index tokens (`zixun.search.analysis.index_text`, run by ingest)": (
            lambda b, d: index_text(b)
        ),
    }
    best = best_rounds(steps, bodies, args.rounds)
    jieba.lcut(bodies[0][0])  # jieba builds its dictionary on first use, outside the timing
    best |= best_rounds({"jieba (Python) lcut, baseline": lambda b, d: jieba.lcut(b)}, bodies, 1)
    print(f"xinwenlianbo: {len(bodies):,} articles, {megabytes:.1f} MB of UTF-8; "
          f"best of {args.rounds} rounds (jieba: 1)\n")
    print("| step | CPU s | wall s | MB/s (CPU) | articles/s (CPU) |")
    print("|---|---:|---:|---:|---:|")
    for name, (cpu, wall) in best.items():
        print(f"| {name} | {cpu:.2f} | {wall:.2f} | {megabytes / cpu:.2f} | "
              f"{len(bodies) / cpu:,.0f} |")
    names = list(steps)
    ratio = best[names[0]][0] / best[names[2]][0]
    print(f"\nanalyze / segmentation = {ratio:.2f} (target ≥ 0.33)")


if __name__ == "__main__":
    main()
