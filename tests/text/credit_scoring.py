"""Precision and recall of credit fields, shared by the labelled credit-line sets."""

from __future__ import annotations

from collections import Counter


def items(field: str, value: list) -> set:
    """A list field as a set to compare; cited sources by (outlet, date)."""
    if field == "cited_sources":
        return {(c["outlet"], c["date"]) for c in value}
    return set(value)


def tally(count: Counter, field: str, want, have, scalar: bool) -> tuple:
    """Add one case's field to ``count`` (tp/fp/fn); returns (want, have) as compared."""
    if scalar:
        count["tp"] += have is not None and have == want
        count["fp"] += have is not None and have != want
        count["fn"] += want is not None and have != want
        return want, have
    want, have = items(field, want), items(field, have)
    count["tp"] += len(want & have)
    count["fp"] += len(have - want)
    count["fn"] += len(want - have)
    return want, have


def precision_recall(count: Counter) -> tuple[float, float]:
    """(precision, recall); 1.0 when there is nothing to count."""
    found, wanted = count["tp"] + count["fp"], count["tp"] + count["fn"]
    return (count["tp"] / found if found else 1.0, count["tp"] / wanted if wanted else 1.0)
