"""Per-field precision and recall of parse_byline on 207 hand-labelled real credit lines.

Run `python tests/text/test_credit_lines.py` to print the table and every miss.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from tests.text.credit_scoring import precision_recall, tally
from zixun.text import normalize, parse_byline

FIXTURE = Path(__file__).parent.parent / "fixtures" / "text" / "credit_lines.jsonl"
SCALARS = ("outlet", "original_outlet", "original_date", "original_title")
LISTS = ("authors", "editors", "cited_sources")


def load_cases() -> list[dict]:
    """The labelled credit lines."""
    return [json.loads(line) for line in FIXTURE.read_text("utf-8").splitlines() if line.strip()]


def predict(case: dict) -> dict:
    """parse_byline's answer for one case, in the fixture's shape."""
    context = dt.date.fromisoformat(case["context_date"])
    return parse_byline(normalize(case["text"]), context).to_dict()


def score(cases: list[dict]) -> tuple[dict[str, Counter], list[str]]:
    """True/false positives and negatives per field, and a line per miss."""
    counts: dict[str, Counter] = {f: Counter() for f in (*SCALARS, *LISTS)}
    misses: list[str] = []
    for case in cases:
        got = predict(case)
        for field in SCALARS:
            want, have = tally(counts[field], field, case[field], got[field], scalar=True)
            if have != want:
                misses.append(f"{case['origin']} {field}: want {want!r} got {have!r}")
        for field in LISTS:
            want, have = tally(counts[field], field, case[field], got[field], scalar=False)
            if want != have:
                misses.append(f"{case['origin']} {field}: want {sorted(want)} got {sorted(have)}")
    return counts, misses


@pytest.fixture(scope="module")
def counts() -> dict[str, Counter]:
    return score(load_cases())[0]


def test_fixture_holds_at_least_150_labelled_lines() -> None:
    assert len(load_cases()) >= 150


@pytest.mark.parametrize("field", ["outlet", "authors"])
def test_outlet_and_authors_reach_095_precision_and_recall(counts, field) -> None:
    precision, recall = precision_recall(counts[field])
    assert precision >= 0.95, f"{field} precision {precision:.3f}"
    assert recall >= 0.95, f"{field} recall {recall:.3f}"


@pytest.mark.parametrize("field", ["editors", "original_outlet", "original_date", "cited_sources"])
def test_other_credit_fields_stay_above_085(counts, field) -> None:
    precision, recall = precision_recall(counts[field])
    assert min(precision, recall) >= 0.85, f"{field} P={precision:.3f} R={recall:.3f}"


def main() -> None:
    """Print the per-field table and the misses."""
    cases = load_cases()
    counts, misses = score(cases)
    print(f"{len(cases)} labelled credit lines ({FIXTURE.name})\n")
    print("| field | TP | FP | FN | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|")
    for field, count in counts.items():
        precision, recall = precision_recall(count)
        print(f"| {field} | {count['tp']} | {count['fp']} | {count['fn']} "
              f"| {precision:.3f} | {recall:.3f} |")
    print("\n" + "\n".join(misses))


if __name__ == "__main__":
    main()
