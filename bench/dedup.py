"""Near-duplicate stories: precision/recall on a labelled repost set, and add time at scale.

    ZIXUN_SHARED_DATA=../shared/data .venv/bin/python bench/dedup.py quality
    ZIXUN_SHARED_DATA=../shared/data .venv/bin/python bench/dedup.py natural [--sealed] [--learned]
    .venv/bin/python bench/dedup.py scale [--articles 1000000] [--db /tmp/dedup-scale.db]
    .venv/bin/python bench/dedup.py scale --articles 100000 --database-url postgres://…

quality: the labelled set of bench/dedup_reposts.py grouped by zixun.dedup.offline (the same
fingerprint, LSH parameters and similarity check as the story index). A repost's predicted
partners are the other members of its group; precision and recall per edit kind count those
links against its true family; hard negatives report the false links they got.

natural: stories formed on natural web text (RGB passages, crud-news-2023, inews) and the share
of merged documents wrongly merged, judged by distinctive-text overlap, plus the hand-labelled
pairs of tests/fixtures/dedup/natural-pairs.jsonl; see bench/dedup_natural.py.

scale: the story index's own table (zixun.dedup.models.ArticleKeys, made by the migration) in an
on-disk SQLite file (or PostgreSQL), filled with the keys of synthetic articles (random keys:
unrelated texts have independent MinHash minimums) up to 1,000, 10,000, 100,000 and N articles;
at each size 500 real articles are added through index_article, each in its own transaction,
timing the fingerprint, candidate lookup and key replacement (wall and CPU) and, apart, the
commit; then the table's and index's bytes per article. See bench/dedup_scale.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from dedup_reposts import EDITS, Doc, labelled_set  # noqa: E402

from zixun.dedup.offline import Record, group  # noqa: E402

LABELS = REPO / "tests" / "fixtures" / "dedup" / "natural-pairs.jsonl"


def data_dir() -> Path:
    return Path(os.environ.get("ZIXUN_SHARED_DATA", REPO.parent / "shared" / "data")).resolve()


def score(docs: list[Doc], groups: list[list[str]]) -> None:
    """Print per-kind link precision/recall and the false links of each negative kind."""
    group_of = {member: index for index, members in enumerate(groups) for member in members}
    members = defaultdict(set)
    for index, ids in enumerate(groups):
        members[index] = set(ids)
    by_id = {doc.id: doc for doc in docs}
    family = defaultdict(set)
    for doc in docs:
        family[doc.family].add(doc.id)
    right, predicted, wanted = Counter(), Counter(), Counter()
    for doc in docs:
        pred = members[group_of[doc.id]] - {doc.id} if doc.id in group_of else set()
        true = family[doc.family] - {doc.id}
        right[doc.kind] += len(pred & true)
        predicted[doc.kind] += len(pred)
        wanted[doc.kind] += len(true)
    print(f"{'kind':<16}{'docs':>6}{'links':>8}{'precision':>11}{'recall':>8}")
    kinds = ["original", *EDITS, "same_day", "rollup", "inews"]
    counts = Counter(doc.kind for doc in docs)
    for kind in kinds:
        p = right[kind] / predicted[kind] if predicted[kind] else 1.0
        r = right[kind] / wanted[kind] if wanted[kind] else 1.0
        print(f"{kind:<16}{counts[kind]:>6}{predicted[kind]:>8}{p:>11.3f}{r:>8.3f}")
    total_right, total_pred, total_want = (sum(c.values()) for c in (right, predicted, wanted))
    print(f"{'overall':<16}{len(docs):>6}{total_pred:>8}{total_right / total_pred:>11.3f}"
          f"{total_right / total_want:>8.3f}")
    wrong = [(a, b) for ids in groups for a in ids for b in ids
             if a < b and by_id[a].family != by_id[b].family]
    print(f"false links: {len(wrong)}", *(f"  {a} ~ {b}" for a, b in wrong[:10]), sep="\n")


def quality(args: argparse.Namespace) -> None:
    import time

    docs = labelled_set(data_dir(), originals=args.originals)
    started = time.perf_counter()
    groups = group((Record(doc.id, doc.body) for doc in docs), threshold=args.threshold)
    elapsed = time.perf_counter() - started
    print(f"{len(docs)} documents grouped in {elapsed:.1f} s "
          f"({elapsed / len(docs) * 1000:.2f} ms each), threshold {args.threshold}")
    score(docs, groups)


def natural_mode(args: argparse.Namespace) -> None:
    import json

    from dedup_natural import natural, pair_scores

    results = natural(data_dir(), sealed=args.sealed, verbose=args.verbose, learned=args.learned)
    if LABELS.exists():
        # The labelled pairs were drawn from the open part's groups (their documents are open
        # documents); the pairs themselves are sealed by their hash, so they are scored against
        # the open part's groups whichever part is asked for.
        if args.sealed:
            print("open part, for the labelled pairs:")
            results = natural(data_dir(), sealed=False, learned=args.learned)
        labels = [json.loads(line) for line in LABELS.open(encoding="utf-8")]
        pair_scores(labels, [g for _, groups in results.values() for g in groups], args.sealed)
    if args.sample_pairs:
        import random

        from dedup_natural import merged_pairs, natural_docs

        texts = {d.key: d.text for docs in natural_docs(data_dir()).values() for d in docs}
        pairs = [p for _, groups in results.values() for p in merged_pairs(groups)]
        chosen = random.Random(17).sample(pairs, min(200, len(pairs)))
        with args.sample_pairs.open("w", encoding="utf-8") as out:
            for a, b in chosen:
                out.write(json.dumps({"a": a, "b": b, "a_text": texts[a], "b_text": texts[b]},
                                     ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    q = sub.add_parser("quality", help="precision and recall on the labelled repost set")
    q.add_argument("--originals", type=int, default=200)
    q.add_argument("--threshold", type=float, default=0.5)
    n = sub.add_parser("natural", help="wrongly merged share on natural web text (RGB, crud, inews)")
    n.add_argument("--sealed", action="store_true", help="score the sealed part (once, at the end)")
    n.add_argument("--learned", action="store_true",
                   help="count sentence frequencies over the whole collection first, as a rebuild does")
    n.add_argument("--verbose", action="store_true", help="print the first wrongly merged of each")
    n.add_argument("--sample-pairs", type=Path, help="write 200 merged pairs to label to this file")
    s = sub.add_parser("scale", help="add time and index bytes per article at scale")
    s.add_argument("--articles", type=int, default=1_000_000)
    s.add_argument("--db", type=Path, default=Path("/tmp/zixun-dedup-scale.db"))
    s.add_argument("--database-url", help="postgres://… to measure PostgreSQL instead (emptied!)")
    s.add_argument("--reuse", action="store_true",
                   help="time 500 more adds against the index a previous run left, no fill")
    args = parser.parse_args()
    if args.command == "quality":
        quality(args)
    elif args.command == "natural":
        natural_mode(args)
    else:
        from dedup_scale import scale

        scale(args, data_dir())


if __name__ == "__main__":
    main()
