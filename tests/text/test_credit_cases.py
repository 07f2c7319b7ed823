"""Per-field, per-corpus precision and recall of parse_byline on 624 hand-labelled credit cases.

The cases come from six corpora of other outlets and eras (tests/fixtures/text/README.md). A
quarter of each corpus's cases is sealed by a hash of its origin (`is_sealed`): rules are tuned
on the open part only, and the tests below read only the open part. Print the tables with
`python tests/text/test_credit_cases.py` (open part, with every miss) or `… --sealed` (the
sealed part, scored once, at the end of a piece of work).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tests.text.credit_scoring import precision_recall, tally
from zixun.text import parse_byline

FIXTURE = Path(__file__).parent.parent / "fixtures" / "text" / "credit_cases.jsonl"
FIELDS = ("outlet", "authors", "editors", "original_outlet", "original_date", "cited_sources")
SCALARS = frozenset(("outlet", "original_outlet", "original_date"))
CORPORA = (
    "crud-news-2023", "xinhua-2015-2017", "sogou-2012", "thucnews-sample", "xinwenlianbo", "inews",
)
SEALED_SHARE = 4  # one case in four


def load_cases() -> list[dict]:
    """Every labelled case, open and sealed."""
    return [json.loads(line) for line in FIXTURE.read_text("utf-8").splitlines() if line.strip()]


def sealed_origins(cases: list[dict]) -> frozenset[str]:
    """The sealed quarter of each corpus: its cases with the lowest SHA-256 of `seal:<origin>`."""
    by_corpus: dict[str, list[str]] = defaultdict(list)
    for case in cases:
        by_corpus[case["corpus"]].append(case["origin"])
    sealed = set()
    for origins in by_corpus.values():
        ranked = sorted(origins, key=lambda o: hashlib.sha256(f"seal:{o}".encode()).hexdigest())
        sealed.update(ranked[: len(ranked) // SEALED_SHARE])
    return frozenset(sealed)


def split(cases: list[dict]) -> tuple[list[dict], list[dict]]:
    """(open cases, sealed cases)."""
    sealed = sealed_origins(cases)
    return [c for c in cases if c["origin"] not in sealed], [c for c in cases if c["origin"] in sealed]


def predict(case: dict) -> dict:
    """parse_byline's answer for one case; the fixture's texts are stored normalised."""
    context = dt.date.fromisoformat(case["context_date"]) if case["context_date"] else None
    return parse_byline(case["text"], context).to_dict()


def score(cases: list[dict]) -> tuple[dict[str, dict[str, Counter]], list[str]]:
    """Counts of tp/fp/fn per corpus per field, and a line per miss."""
    counts: dict[str, dict[str, Counter]] = defaultdict(lambda: {f: Counter() for f in FIELDS})
    misses = []
    for case in cases:
        got, count = predict(case), counts[case["corpus"]]
        for field in FIELDS:
            want, have = tally(count[field], field, case[field], got[field], field in SCALARS)
            if want != have:
                misses.append(f"{case['origin']} {field}: want {want!r} got {have!r}")
    return counts, misses


def table(counts: dict[str, dict[str, Counter]]) -> str:
    """A markdown table: one row per corpus, precision/recall (and how many wanted) per field."""
    rows = ["| corpus | " + " | ".join(FIELDS) + " |", "|---" * (len(FIELDS) + 1) + "|"]
    for corpus in CORPORA:
        cells = []
        for field in FIELDS:
            count = counts[corpus][field]
            precision, recall = precision_recall(count)
            cells.append(f"{precision:.2f}/{recall:.2f} ({count['tp'] + count['fn']})")
        rows.append(f"| {corpus} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


@pytest.fixture(scope="module")
def open_counts() -> dict[str, dict[str, Counter]]:
    return score(split(load_cases())[0])[0]


def test_fixture_holds_at_least_80_cases_from_each_of_six_corpora() -> None:
    cases = load_cases()
    per_corpus = Counter(case["corpus"] for case in cases)
    assert len(cases) >= 600
    assert set(per_corpus) == set(CORPORA)
    assert min(per_corpus.values()) >= 80


def test_a_quarter_of_each_corpus_is_sealed_and_the_seal_is_stable() -> None:
    cases = load_cases()
    sealed = sealed_origins(cases)
    assert sealed == sealed_origins(list(reversed(cases)))
    for corpus in CORPORA:
        origins = [c["origin"] for c in cases if c["corpus"] == corpus]
        assert len([o for o in origins if o in sealed]) == len(origins) // SEALED_SHARE


def _overall(counts: dict[str, dict[str, Counter]], field: str) -> tuple[float, float]:
    total: Counter = Counter()
    for corpus in counts.values():
        total.update(corpus[field])
    return precision_recall(total)


# Floors on the open part, a little under what the rules of issue #15 reach there: a change that
# loses credits on other outlets and eras fails here. (The targets are per corpus, on
# the sealed part; `main --sealed` reports them.)
OPEN_FLOORS = {
    "outlet": (0.97, 0.90), "authors": (0.96, 0.94), "editors": (0.95, 0.80),
    "original_outlet": (0.95, 0.70), "original_date": (0.97, 0.95), "cited_sources": (0.95, 0.85),
}


@pytest.mark.parametrize("field", FIELDS)
def test_open_cases_of_six_corpora_keep_their_credits(open_counts, field) -> None:
    precision, recall = _overall(open_counts, field)
    floor_p, floor_r = OPEN_FLOORS[field]
    assert precision >= floor_p and recall >= floor_r, f"{field} P={precision:.3f} R={recall:.3f}"


@pytest.mark.parametrize("corpus", ["crud-news-2023", "xinhua-2015-2017", "sogou-2012", "inews"])
def test_the_originals_date_is_recovered_on_labelled_cases_of_each_dated_corpus(
    open_counts, corpus
) -> None:
    precision, recall = precision_recall(open_counts[corpus]["original_date"])
    assert precision >= 0.95 and recall >= 0.90, f"{corpus} P={precision:.3f} R={recall:.3f}"


def main() -> None:
    """Print the open part's tables and misses, or with --sealed the sealed part's tables."""
    open_cases, sealed_cases = split(load_cases())
    cases = sealed_cases if "--sealed" in sys.argv else open_cases
    counts, misses = score(cases)
    part = "sealed" if "--sealed" in sys.argv else "open"
    print(f"{len(cases)} {part} cases; cells: precision/recall (labelled items)\n")
    print(table(counts))
    if part == "open":
        print("\n" + "\n".join(misses))


if __name__ == "__main__":
    main()
