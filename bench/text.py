"""bench/text.py: MB/s of rjieba segmentation alone, of the whole analyze step, and of jieba.

Run: .venv/bin/python bench/text.py [--limit N] [--rounds R] [--interleave chunk|round]
                                    [--profile | --only STEP]
Reads $ZIXUN_SHARED_DATA/corpus/xinwenlianbo.jsonl.gz (default ../shared/data from the repo root).
Target (issue #3): analyze at least one third of the speed of segmentation alone. The search
index tokens that ingest makes of every body (zixun.search.analysis.index_text) are timed too.

The machine is shared, so every step runs R rounds, 100 articles at a time, each chunk of
articles going through every step in turn before the next chunk (or, with `--interleave
round`, each step over every chunk before the next step); each chunk's best round counts (see
best_rounds; the best whole round is printed too). Each chunk gets the texts as new objects,
as ingest does (see fresh_copies). Speeds are computed from the CPU time of this process,
which other jobs on the machine disturb far less than the wall clock. For figures no load can disturb, count instructions: `valgrind
--tool=cachegrind .venv/bin/python bench/text.py --limit 300 --only analyze` (or segment,
index_text) minus the same with `--only none` (loading and warm-up alone); run both with the
same PYTHONHASHSEED.
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
from dataclasses import dataclass, field
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


@dataclass
class Timing:
    """CPU seconds of one step: its best whole round, and the sum of its best chunks."""

    best_round: float = float("inf")
    best_round_wall: float = float("inf")
    chunks: list[float] = field(default_factory=list)

    @property
    def best_chunks(self) -> float:
        return sum(self.chunks)


def best_rounds(
    steps: dict[str, Step],
    bodies: list[tuple[str, dt.date]],
    rounds: int,
    chunk: int = 100,
    interleave: str = "chunk",
) -> dict[str, Timing]:
    """Time each step over `rounds` rounds, `chunk` articles at a time.

    Two estimates of a step's undisturbed CPU time: its best whole round, and the sum over
    chunks of each chunk's best time in any round. Another job's burst slows whatever runs
    beside it; the longer a round, the likelier one falls in it, so the best whole round
    penalises a slow step (analyze's round is three times segmentation's) more than a fast
    one. Chunks of 100 articles are short beside both, which evens that out.

    `interleave`: "chunk" runs every step on one chunk before the next chunk (the order of
    the steps turning from chunk to chunk), so that the steps share the machine's state of
    the moment: a phase of load from other jobs, which on this machine lasts minutes and
    slows analyze (whose data fills more of the CPU caches) more than segmentation, falls
    on all of them alike. "round" runs each step over every chunk before the next step.
    """
    timings = {name: Timing() for name in steps}
    names = list(steps)
    starts = range(0, len(bodies), chunk)
    for _ in range(rounds):
        spent: dict[str, list[float]] = {name: [] for name in names}
        walls = dict.fromkeys(names, 0.0)
        if interleave == "chunk":
            plan = [
                (names[(index + turn) % len(names)], start)
                for index, start in enumerate(starts)
                for turn in range(len(names))
            ]
        else:
            plan = [(name, start) for name in names for start in starts]
        for name, start in plan:
            texts = fresh_copies(bodies[start : start + chunk])
            cpu, wall = run_once(steps[name], texts)
            spent[name].append(cpu)
            walls[name] += wall
        for name in names:
            timing = timings[name]
            timing.best_round = min(timing.best_round, sum(spent[name]))
            timing.best_round_wall = min(timing.best_round_wall, walls[name])
            timing.chunks = list(map(min, timing.chunks, spent[name])) if timing.chunks else spent[name]
    return timings


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
        "--interleave",
        choices=["chunk", "round"],
        default="chunk",
        help="run all steps on each chunk in turn (default), or each step over all chunks",
    )
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
    timings = best_rounds(steps, bodies, args.rounds, interleave=args.interleave)
    jieba.lcut(bodies[0][0])  # jieba builds its dictionary on first use, outside the timing
    timings |= best_rounds({"jieba (Python) lcut, baseline": lambda b, d: jieba.lcut(b)}, bodies, 1)
    print(f"xinwenlianbo: {len(bodies):,} articles, {megabytes:.1f} MB of UTF-8; "
          f"{args.rounds} rounds (jieba: 1), 100 articles a chunk, steps interleaved by "
          f"{args.interleave}\n")
    print("| step | CPU s, best chunks | CPU s, best round | wall s, best round "
          "| MB/s (CPU, best chunks) | articles/s |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, timing in timings.items():
        cpu = timing.best_chunks
        print(f"| {name} | {cpu:.2f} | {timing.best_round:.2f} | {timing.best_round_wall:.2f} "
              f"| {megabytes / cpu:.2f} | {len(bodies) / cpu:,.0f} |")
    names = list(steps)
    segmentation, whole = timings[names[0]], timings[names[2]]
    print(f"\nanalyze / segmentation = {segmentation.best_chunks / whole.best_chunks:.3f} "
          f"(target ≥ 0.33); by best whole rounds "
          f"{segmentation.best_round / whole.best_round:.3f}")


if __name__ == "__main__":
    main()
