"""Channel classifier accuracy on THUCNews, on a held-out split and by 5-fold cross-validation.

    ZIXUN_SHARED_DATA=../shared/data .venv/bin/python bench/classifier.py

Split: within each channel the records are ordered by a SHA-1 of their id and every fifth one
(positions 0, 5, 10, …) is held out, so 20% of each channel is tested on a model trained on
the other 80%; the same ordering gives the five folds. Accuracy is the share of held-out
articles whose predicted channel is their label. Titles run into the body in THUCNews, so the
classifier gets an empty title and the whole text, as an import without a title split would.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from zixun.ranking import classifier  # noqa: E402

FOLDS = 5


def data_dir() -> Path:
    """The shared data folder: $ZIXUN_SHARED_DATA, default ../shared/data beside the repo."""
    return Path(os.environ.get("ZIXUN_SHARED_DATA", REPO.parent / "shared" / "data")).resolve()


def folds(records: list[dict]) -> list[int]:
    """Each record's fold: its position within its channel, hash-ordered, modulo FOLDS."""
    by_channel = defaultdict(list)
    for index, record in enumerate(records):
        by_channel[record["category"]].append(index)
    fold = [0] * len(records)
    for indexes in by_channel.values():
        indexes.sort(key=lambda i: hashlib.sha1(records[i]["id"].encode()).hexdigest())
        for position, index in enumerate(indexes):
            fold[index] = position % FOLDS
    return fold


def evaluate(records: list[dict], fold: list[int], test_fold: int) -> tuple[int, int, Counter]:
    """Train without ``test_fold``, test on it: (correct, total, confusions)."""
    train = [(r["category"], "", r["text"]) for r, f in zip(records, fold, strict=True) if f != test_fold]
    model = classifier.build(classifier.train(train))
    correct = total = 0
    confusions: Counter = Counter()
    for record, f in zip(records, fold, strict=True):
        if f != test_fold:
            continue
        guess = classifier.classify("", record["text"], model)
        total += 1
        correct += guess == record["category"]
        if guess != record["category"]:
            confusions[(record["category"], guess)] += 1
    return correct, total, confusions


def main() -> int:
    """Print held-out accuracy, cross-validated accuracy, the usual confusions and speed."""
    path = data_dir() / "corpus" / "thucnews-sample.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    fold = folds(records)
    correct, total, confusions = evaluate(records, fold, 0)
    print(f"held-out (fold 0, 20% of each channel): {correct}/{total} = {correct / total:.3f}")
    all_correct = all_total = 0
    started = time.perf_counter()
    for test_fold in range(FOLDS):
        c, t, more = evaluate(records, fold, test_fold)
        all_correct, all_total = all_correct + c, all_total + t
        if test_fold:
            confusions += more
    elapsed = time.perf_counter() - started
    print(f"{FOLDS}-fold cross-validation: {all_correct}/{all_total} = {all_correct / all_total:.3f}")
    print("most frequent confusions (label → guess):",
          ", ".join(f"{a}→{b} {n}" for (a, b), n in confusions.most_common(5)))
    print(f"train+classify, {FOLDS} folds: {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
