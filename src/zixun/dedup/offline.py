"""Group the records of a corpus into near-duplicate sets, in memory (`zixun dedup FILE.jsonl`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from zixun.dedup.fingerprint import (
    BANDS,
    BRIEF_CHARS,
    NUM_PERM,
    ROWS,
    SEED,
    Fingerprint,
    _shingles,
    containment,
    exact_key,
    fingerprint,
    jaccard,
)
from zixun.lib.jsonl import json_objects

THRESHOLD = 0.5  # Jaccard of 5-character shingles; reposts with ads or a lost paragraph stay above
BRIEF_CONTAINMENT = 0.9  # a brief's repost keeps nearly all of it, whatever lines it adds
BRIEF_SHARE = 0.5  # ... and the lines it adds (ads, credits) are at most as long as the brief
# Under this many distinctive characters (boilerplate removed) a text joins only a near-identical
# one: a few lines of a short post match many others' by chance or by template.
NEAR_IDENTITY_CHARS = 150
# The opening of the shorter text (a quarter of it, at least 40 characters) is at least half
# found in the other (see _opening_shared).
OPENING_PART, OPENING_MIN_CHARS, OPENING_SHARE = 0.25, 40, 0.5
# Under this many a text never joins: a headline's length is too little to tell a copy from a
# stub, a template line or page chrome.
MIN_JOIN_CHARS = 40
NEAR_IDENTITY_SHARE = 0.8
# A counted sentence held by this many earlier articles that joined no story is boilerplate:
# different stories do not share an opening or closing line unless it is a header or footer.
COMMON_IN_COLLECTION = 5
COMMON_IN_SOURCE = 3  # ... or by this many of one source's (an outlet's house footer)


def count_segments(counts: Counter, found: Fingerprint) -> None:
    """Count the opening and closing sentences of an article that joined no story.

    A copy does not count: a story copied a hundred times is one story, and its sentences must
    not become "common"; boilerplate is what many different stories share.
    """
    counts.update({key for key, _, _ in found.segments})


def common_segments(found: Fingerprint, counts: dict[int, int],
                    source_counts: dict[int, int] | None = None) -> set[int]:
    """The keys of ``found``'s counted sentences that are boilerplate by document frequency."""
    source_counts = source_counts or {}
    return {key for key, _, _ in found.segments
            if counts.get(key, 0) >= COMMON_IN_COLLECTION
            or source_counts.get(key, 0) >= COMMON_IN_SOURCE}


@dataclass(frozen=True)
class Record:
    """One text to group: its id and body (the title never decides)."""

    id: str
    body: str


def is_near_duplicate(a: Fingerprint, b: Fingerprint, threshold: float = THRESHOLD) -> bool:
    """The confirmation after LSH, on the distinctive text of each (boilerplate cut out, see
    Fingerprint.without): the same text, or enough of the shorter one shared.

    A text left empty once boilerplate is out never joins: boilerplate never makes a story.
    """
    if min(len(a.canon), len(b.canon)) < MIN_JOIN_CHARS:
        return False
    if a.canon == b.canon:  # not the exact keys: 32 bits collide in a large corpus
        return True
    if a.is_short or b.is_short:
        return False
    shorter, longer = sorted((len(a.canon), len(b.canon)))
    if shorter < NEAR_IDENTITY_CHARS:
        return (shorter >= NEAR_IDENTITY_SHARE * longer
                and containment(a.shingles, b.shingles) >= BRIEF_CONTAINMENT)
    if shorter < BRIEF_CHARS:
        # A brief quoted whole inside a longer, later report is a new story, not a repost.
        similar = (shorter >= BRIEF_SHARE * longer
                   and containment(a.shingles, b.shingles) >= BRIEF_CONTAINMENT)
    else:
        similar = jaccard(a.shingles, b.shingles) >= threshold
    return similar and _opening_shared(a, b)


def _opening_shared(a: Fingerprint, b: Fingerprint) -> bool:
    """Whether the opening of the shorter text is, for the most part, in the other.

    An article's own news comes first; a footer not yet known to be boilerplate comes last,
    and on a short post it may be most of the text. Two posts it joins share their ends and
    nothing of their openings, while a repost keeps its opening (a new headline or credit line
    on top is short).
    """
    short, other = (a, b) if len(a.canon) <= len(b.canon) else (b, a)
    codes = np.frombuffer(short.canon.encode("utf-32-le"), dtype=np.uint32)
    opening = codes[: max(OPENING_MIN_CHARS, int(len(codes) * OPENING_PART))]
    return containment(_shingles(opening), other.shingles) >= OPENING_SHARE


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        root = self.parent.setdefault(item, item)
        while root != self.parent[root]:
            self.parent[root] = self.parent[self.parent[root]]
            root = self.parent[root]
        return root

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def group(records: Iterable[Record], threshold: float = THRESHOLD,
          learned: bool = False) -> list[list[str]]:
    """Near-duplicate groups of two or more ids, each in input order, groups by first member.

    Sentence document frequencies are counted as records arrive, as the story index counts
    them; ``learned``: group a second time with the counts of the whole collection, as
    `zixun dedup rebuild` does.
    """
    records = list(records)
    groups, counts = _group(records, threshold, Counter(), learn=True)
    if learned:
        groups, _ = _group(records, threshold, counts, learn=False)
    return groups


def _group(records: list[Record], threshold: float, counts: Counter,
           learn: bool) -> tuple[list[list[str]], Counter]:
    # Here rather than at the top: datasketch's LSH module imports scipy (seconds), and the
    # workers that import this module for is_near_duplicate never need it.
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
    exact: dict[int, str] = {}
    prints: dict[str, Fingerprint] = {}
    order: list[str] = []
    links = _UnionFind()
    for record in records:
        if record.id in prints:
            raise ValueError(f"记录 id 重复：{record.id}")
        whole = fingerprint(record.body)
        found = whole.without(common_segments(whole, counts))
        prints[record.id] = found
        order.append(record.id)
        links.find(record.id)
        joined = False
        if found.canon:
            twin = exact.setdefault(exact_key(found.canon), record.id)
            if twin != record.id and is_near_duplicate(found, prints[twin], threshold):
                links.union(record.id, twin)
                joined = True
        if found.canon and not found.is_short:
            # affine32: datasketch's name for 32-bit values from a multiply-add family, like ours.
            sketch = LeanMinHash(seed=SEED, hashvalues=found.signature, scheme="affine32")
            for other in lsh.query(sketch):
                if is_near_duplicate(found, prints[other], threshold):
                    links.union(record.id, other)
                    joined = True
            lsh.insert(record.id, sketch)
        if learn and not joined:
            count_segments(counts, whole)
    groups: dict[str, list[str]] = {}
    for rid in order:
        groups.setdefault(links.find(rid), []).append(rid)
    return [members for members in groups.values() if len(members) > 1], counts


def read_jsonl(path: Path) -> Iterator[Record]:
    """Records of a JSON Lines file with `id` and `body` or `text`; raises ValueError on a bad line."""
    with path.open(encoding="utf-8") as handle:
        for number, data in json_objects(handle):
            if isinstance(data, str):
                raise ValueError(f"{path} 第 {number} 行{data}")
            if "id" not in data:
                raise ValueError(f"{path} 第 {number} 行缺少 id 字段")
            body = data.get("body") or data.get("text") or data.get("content") or ""
            yield Record(str(data["id"]), str(body))
