"""bench/fuzz.py: hostile input to every reader for minutes; examples tried and failures found.

Runs the targets of tests/fuzz/targets.py (feeds, pages in any charset, import files,
zixun.text) in turn, in rounds of fresh random examples, until the time is up. A failure is an
exception that is not one of zixun's refusals; each distinct one is shown once, shrunk to a
small example, and the run goes on.

    .venv/bin/python bench/fuzz.py --minutes 10
    .venv/bin/python bench/fuzz.py --minutes 1 --target page
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUND = 50  # examples per round: short rounds share the time fairly among the targets


@dataclass
class Tally:
    """What one target did: examples run, the slowest, and each distinct failure."""

    examples: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    failures: dict[str, str] = field(default_factory=dict)


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zixun.settings")
    os.environ.setdefault("ZIXUN_DATA_DIR", tempfile.mkdtemp(prefix="zixun-bench-fuzz-"))
    os.environ.setdefault("ZIXUN_DATABASE_URL", "")
    import django

    django.setup()


def targets() -> dict:
    from hypothesis import strategies as st
    from tests.fuzz import targets as t

    return {
        "feed": (t.feed_bytes(), t.run_feed),
        "page": (t.page(), lambda page: t.run_page(*page)),
        "import": (t.import_file(), lambda file: t.run_import_file(*file)),
        "text": (st.one_of(t.news_text, st.text()), t.run_text),
    }


def one_round(strategy, run, tally: Tally, shrink: bool) -> None:
    from hypothesis import HealthCheck, Phase, given, settings

    def timed(value) -> None:
        started = time.perf_counter()
        try:
            run(value)
        finally:
            spent = time.perf_counter() - started
            tally.examples += 1
            tally.slowest = max(tally.slowest, spent)

    phases = [Phase.generate, Phase.shrink] if shrink else [Phase.generate]
    test = settings(max_examples=ROUND, deadline=None, database=None, derandomize=False,
                    phases=phases, suppress_health_check=list(HealthCheck),
                    print_blob=False)(given(strategy)(timed))
    started = time.perf_counter()
    try:
        test()
    except Exception as exc:  # a failure: keep the first shrunk example of each kind
        for failure in getattr(exc, "exceptions", [exc]):
            key = f"{type(failure).__name__} at {where(failure)}"
            notes = "\n".join(getattr(failure, "__notes__", []))
            tally.failures.setdefault(key, f"{failure}\n{notes}"[:2000])
    tally.seconds += time.perf_counter() - started


def where(failure: BaseException) -> str:
    """The innermost line of zixun's own code the failure passed through, and where it rose."""
    frames = traceback.extract_tb(failure.__traceback__)
    ours = [f for f in frames if "/src/zixun/" in f.filename]
    shown = [ours[-1]] if ours else []
    if frames and (not ours or frames[-1] is not ours[-1]):
        shown.append(frames[-1])
    return " → ".join(f"{Path(f.filename).name}:{f.lineno}" for f in shown)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--target", action="append", choices=["feed", "page", "import", "text"],
                        help="only these targets (repeatable; default: all)")
    parser.add_argument("--shrink", action="store_true",
                        help="shrink each failure to a small example (slower rounds)")
    args = parser.parse_args(argv)
    setup_django()
    chosen = {name: pair for name, pair in targets().items()
              if not args.target or name in args.target}
    tallies = {name: Tally() for name in chosen}
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    deadline = started + args.minutes * 60
    while time.monotonic() < deadline:
        for name, (strategy, run) in chosen.items():
            one_round(strategy, run, tallies[name], args.shrink)
            if time.monotonic() >= deadline:
                break
    elapsed = time.monotonic() - started
    print(f"bench/fuzz.py: {elapsed / 60:.1f} min on {platform.node()}, "
          f"load {load_before:.2f} → {os.getloadavg()[0]:.2f}")
    print("| target | examples | examples/s | slowest example (s) | distinct failures |")
    print("|---|---:|---:|---:|---:|")
    for name, tally in tallies.items():
        rate = tally.examples / tally.seconds if tally.seconds else 0.0
        print(f"| {name} | {tally.examples} | {rate:.0f} | {tally.slowest:.2f} | "
              f"{len(tally.failures)} |")
    kinds = Counter()
    for name, tally in tallies.items():
        for key, detail in tally.failures.items():
            kinds[name] += 1
            print(f"\n### {name}: {key}\n{detail}")
    return 1 if kinds else 0


if __name__ == "__main__":
    raise SystemExit(main())
