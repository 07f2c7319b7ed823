"""Score the junk gate (zixun.text.junk) on 500 hand-labelled `inews` records.

    ZIXUN_SHARED_DATA=../shared/data .venv/bin/python bench/junk.py
        [--part open|seen1|seen2|sealed|all] [--verbose] [--clean]

The labels are in tests/fixtures/junk/inews-labelled.jsonl (how they were drawn and labelled:
the README beside them). Three parts:

- ``open``: the first draw of 300, less the records whose SHA-256 of the id falls in the lowest
  30 of 100 buckets; the rules were developed on it.
- ``seen1``: those hashed-out records of the first draw. They were sealed, and scored once, blind;
  the gate fell short there, so they were opened and became development data too.
- ``seen2``: a second draw of 100 (``drawn`` ends in ``-2``), sealed and scored once, blind,
  after the rules were changed; short again, so opened too.
- ``sealed``: a third draw of 100 (``drawn`` ends in ``-3``), labelled before the rules were
  changed again, never looked at through the gate, scored once, at the end.

Each blind score stays in docs/benchmarks.md beside the later ones.

Each record is judged on its full text from $ZIXUN_SHARED_DATA/corpus/inews.jsonl.gz,
as an import would see it; without the corpus, on the 300 characters the fixture keeps.

Prints, per part, the confusion counts and precision, recall and F1 for "junk" (the class the
gate holds back), then recall per kind of junk. ``--verbose`` lists the open part's misses
(never the sealed part's). ``--clean`` also runs the gate over three corpora of professional
news (新闻联播, Xinhua, Sogou 2012) and prints how many it would hold: each held one is a false
alarm unless the page is itself broken.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import platform
import sys
import time
from collections import Counter

from _site import REPO, data_dir

from zixun.text.junk import junk_verdict

FIXTURE = REPO / "tests" / "fixtures" / "junk" / "inews-labelled.jsonl"
SEALED_BUCKETS = 30  # of 100: about 30 % of the first draw
PARTS = ("open", "seen1", "seen2", "sealed")
CLEAN_SETS = (("xinwenlianbo.jsonl.gz", "title", "body"),
              ("xinhua-2015-2017.jsonl.gz", "title", "text"),
              ("sogou-2012.jsonl.gz", "title", "text"))


def part_of(record: dict) -> str:
    """The part the record belongs to (see the module docstring); by its draw and its id."""
    if record["drawn"].endswith("-3"):
        return "sealed"
    if record["drawn"].endswith("-2"):
        return "seen2"
    hashed_out = int(hashlib.sha256(record["id"].encode()).hexdigest(), 16) % 100 < SEALED_BUCKETS
    return "seen1" if hashed_out else "open"


def full_texts() -> dict[str, str]:
    path = data_dir() / "corpus" / "inews.jsonl.gz"
    if not path.exists():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return {r["id"]: r["content"] or "" for r in map(json.loads, handle)}


def score(records: list[dict], texts: dict[str, str], verbose: bool) -> dict:
    counts = Counter()
    kinds: dict[str, Counter] = {}
    for record in records:
        text = texts.get(record["id"], record["text"])
        verdict = junk_verdict(record["title"], text)
        gold = record["label"] == "junk"
        counts[("t" if verdict.is_junk == gold else "f") + ("p" if verdict.is_junk else "n")] += 1
        if gold:
            kinds.setdefault(record["kind"], Counter())[verdict.is_junk] += 1
        if verbose and verdict.is_junk != gold:
            print(f"  {'FP' if verdict.is_junk else 'FN'} {record['id']} [{record['kind']}] "
                  f"{record['title'][:40]} | {verdict.reason}")
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"counts": counts, "precision": precision, "recall": recall, "f1": f1, "kinds": kinds}


def clean_run() -> None:
    for name, title_field, text_field in CLEAN_SETS:
        path = data_dir() / "corpus" / name
        held, total, reasons = 0, 0, Counter()
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for record in map(json.loads, handle):
                total += 1
                verdict = junk_verdict(record[title_field] or "", record[text_field] or "")
                if verdict.is_junk:
                    held += 1
                    reasons[verdict.reason.split("「")[0].rstrip("（")] += 1
        print(f"{name}: held {held} of {total} ({held / total:.2%})  {dict(reasons)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=(*PARTS, "all"), default="open",
                        help="which records to score (default: open; sealed only once, at the end)")
    parser.add_argument("--verbose", action="store_true",
                        help="list the misses of the parts developed on (never the sealed part's)")
    parser.add_argument("--clean", action="store_true", help="also run over professional news")
    args = parser.parse_args()
    print("command:", " ".join(["bench/junk.py", *sys.argv[1:]]))
    print("machine:", platform.processor() or platform.machine(), platform.python_version(),
          time.strftime("%Y-%m-%d"))
    records = [json.loads(line) for line in FIXTURE.open(encoding="utf-8")]
    texts = full_texts()
    print("text:", "full text from the corpus" if texts else "the fixture's first 300 characters")
    parts = PARTS if args.part == "all" else (args.part,)
    for part in parts:
        chosen = [r for r in records if part_of(r) == part]
        result = score(chosen, texts, args.verbose and part != "sealed")
        c = result["counts"]
        junk = c["tp"] + c["fn"]
        print(f"{part}: {len(chosen)} records, {junk} junk | tp={c['tp']} fp={c['fp']} "
              f"fn={c['fn']} tn={c['tn']} | precision={result['precision']:.3f} "
              f"recall={result['recall']:.3f} F1={result['f1']:.3f}")
        by_kind = ", ".join(f"{kind} {k[True]}/{k[True] + k[False]}"
                            for kind, k in sorted(result["kinds"].items()))
        print(f"  junk held by kind: {by_kind}")
    if args.clean:
        started = time.perf_counter()
        clean_run()
        print(f"clean corpora judged in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
