"""bench/revisions.py: what revisions cost: the diff page's work, and the store's updates.

1. The character diff (zixun.newsroom.diff) of the longest xinwenlianbo articles, each with a few
   words changed, as written (paragraphs on lines) and with every line break removed.
2. The store (`store_many`) creating then updating the same articles in a fresh SQLite
   database, with the revisions hook and without it: creations write no revision, each
   update writes two the first time (the replaced text, then the new one).

    ZIXUN_SHARED_DATA=../shared/data .venv/bin/python bench/revisions.py --count 5000
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def corpus(count: int) -> list[dict]:
    shared = Path(os.environ.get("ZIXUN_SHARED_DATA", ROOT.parent / "shared" / "data"))
    with gzip.open(shared / "corpus" / "xinwenlianbo.jsonl.gz", "rt", encoding="utf-8") as f:
        records = [json.loads(line) for _, line in zip(range(count), f, strict=False)]
    return [r for r in records if r.get("body", "").strip() and r.get("title", "").strip()]


def edited(text: str, rng: random.Random, edits: int = 5) -> str:
    """``text`` with ``edits`` two-character stretches replaced, as an editor's fixes would."""
    chars = list(text)
    for _ in range(edits):
        at = rng.randrange(max(1, len(chars) - 2))
        chars[at:at + 2] = "修订"
    return "".join(chars)


def bench_diff(records: list[dict]) -> None:
    from zixun.newsroom.diff import side_by_side

    rng = random.Random(7)
    longest = sorted(records, key=lambda r: len(r["body"]), reverse=True)[:200]
    for label, join in (("as written", "\n"), ("on one line", "")):
        times = []
        for record in longest:
            old = join.join(record["body"].splitlines())
            new = edited(old, rng)
            start = time.perf_counter()
            side_by_side(old, new)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        sizes = [len(r["body"]) for r in longest]
        print(f"diff, {label}: {len(times)} articles of {min(sizes):,}–{max(sizes):,} characters, "
              f"5 edits each: median {statistics.median(times):.1f} ms, "
              f"p95 {times[int(len(times) * 0.95)]:.1f} ms, max {times[-1]:.1f} ms")


def bench_store(records: list[dict], rounds: int) -> None:
    os.environ["ZIXUN_DATA_DIR"] = tempfile.mkdtemp(prefix="zixun-bench-revisions-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zixun.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from zixun.articles import ingest
    from zixun.extract.draft import ArticleDraft
    from zixun.newsroom import revisions
    from zixun.newsroom.models import Revision

    def drafts(tag: str, body: str) -> list[ArticleDraft]:
        return [ArticleDraft(title=f"{r['title']}{tag}", body_text=r["body"] + body,
                             body_html=r["body_html"] + body, guid=f"{tag}:{r['id']}",
                             summary="摘要。", keywords=[], tags=[], channel="", byline={},
                             original_outlet="", original_title="")
                for r in records]

    step = ingest._steps[revisions.STEP]
    # Rounds alternate the order, off then on, on then off, so that neither always meets the
    # larger database, and a busy machine slows both alike.
    times: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    for round_number in range(rounds):
        for hooked in ((False, True) if round_number % 2 == 0 else (True, False)):
            tag = f"{'on' if hooked else 'off'}{round_number}"
            if hooked:
                ingest.register_step(step)
            else:
                ingest._steps.pop(revisions.STEP, None)
            before = Revision.objects.count()
            start = time.perf_counter()
            ingest.store_many(drafts(tag, ""))
            created = time.perf_counter() - start
            assert Revision.objects.count() == before, "a creation kept a revision"
            start = time.perf_counter()
            ingest.store_many(drafts(tag, "（更新）"))
            times[hooked].append((created, time.perf_counter() - start))
            if hooked:
                print(f"  round {round_number + 1}: {Revision.objects.count() - before:,} "
                      "revisions written by the updates")
    for hooked, pairs in times.items():
        print(f"store, revisions hook {'on' if hooked else 'off'}: {len(records):,} creations "
              f"median {statistics.median(c for c, _ in pairs):.2f} s, {len(records):,} updates "
              f"median {statistics.median(u for _, u in pairs):.2f} s ({rounds} rounds)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="articles read from the corpus")
    parser.add_argument("--store", type=int, default=1000, help="of which the store bench stores")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    records = corpus(args.count)
    bench_diff(records)
    bench_store(records[: args.store], args.rounds)


if __name__ == "__main__":
    main()
