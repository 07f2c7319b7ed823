"""Group the records of a corpus into near-duplicate sets, in memory (`zixun dedup FILE.jsonl`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from zixun.dedup.fingerprint import (
    BANDS,
    BRIEF_CHARS,
    NUM_PERM,
    ROWS,
    SEED,
    Fingerprint,
    containment,
    fingerprint,
    jaccard,
)
from zixun.lib.jsonl import json_objects

THRESHOLD = 0.5  # Jaccard of 5-character shingles; reposts with ads or a lost paragraph stay above
BRIEF_CONTAINMENT = 0.9  # a brief's repost keeps nearly all of it, whatever lines it adds
BRIEF_SHARE = 0.5  # ... and the lines it adds (ads, credits) are at most as long as the brief


@dataclass(frozen=True)
class Record:
    """One text to group: its id and body (the title never decides)."""

    id: str
    body: str


def is_near_duplicate(a: Fingerprint, b: Fingerprint, threshold: float = THRESHOLD) -> bool:
    """The confirmation after LSH: the same canonical body, or long bodies with similar shingles."""
    if not a.keys or not b.keys:
        return False
    if a.canon == b.canon:  # not the exact keys: 32 bits collide in a large corpus
        return True
    if a.is_short or b.is_short:
        return False
    shorter, longer = sorted((len(a.canon), len(b.canon)))
    if shorter < BRIEF_CHARS:
        # A brief quoted whole inside a longer, later report is a new story, not a repost.
        return (shorter >= BRIEF_SHARE * longer
                and containment(a.shingles, b.shingles) >= BRIEF_CONTAINMENT)
    return jaccard(a.shingles, b.shingles) >= threshold


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


def group(records: Iterable[Record], threshold: float = THRESHOLD) -> list[list[str]]:
    """Near-duplicate groups of two or more ids, each in input order, groups by first member."""
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
        found = fingerprint(record.body)
        prints[record.id] = found
        order.append(record.id)
        links.find(record.id)
        if not found.keys:
            continue
        twin = exact.setdefault(found.keys[0], record.id)
        if twin != record.id and found.canon == prints[twin].canon:
            links.union(record.id, twin)
        if found.is_short:
            continue
        # affine32: datasketch's name for 32-bit values from a multiply-add family, like ours.
        sketch = LeanMinHash(seed=SEED, hashvalues=found.signature, scheme="affine32")
        for other in lsh.query(sketch):
            if is_near_duplicate(found, prints[other], threshold):
                links.union(record.id, other)
        lsh.insert(record.id, sketch)
    groups: dict[str, list[str]] = {}
    for rid in order:
        groups.setdefault(links.find(rid), []).append(rid)
    return [members for members in groups.values() if len(members) > 1]


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
