"""The natural half of bench/dedup.py: stories formed on real web text, judged without labels.

Three corpora are grouped apart, each as one collection in arrival order (file order), with the
rules of the story index (zixun.dedup.offline.group): every passage of every question of RGB
(search/rgb-zh-refine.jsonl.gz, pooled; a passage given for several questions is one document,
as an import stores it once), crud-news-2023 and inews.

The judge, independent of the rules it scores: a merged document is **wrongly merged** when the
opening half of its text shares fewer than JUDGE_MIN_SHARED distinctive 8-character shingles
with the rest of its group. A shingle is distinctive when at most JUDGE_MAX_DF documents of the
whole collection (open and sealed parts) hold it: a platform footer or a stock phrase is held by
many, while no true story in these collections has that many copies.
The opening half, because boilerplate gathers at the ends and an article's own news at its start.

Sealing: documents whose id hashes (sha1 of corpus:id) to 0 mod 5 form the sealed part, grouped
and judged apart, and scored once at the end of the work; the rest is the open part.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from zixun.dedup.fingerprint import _fold_table
from zixun.dedup.offline import Record, group
from zixun.text import normalize

JUDGE_SHINGLE = 8
JUDGE_MIN_SHARED = 4
JUDGE_MAX_DF = 10
SEAL_MOD = 5


@dataclass(frozen=True)
class NaturalDoc:
    corpus: str
    id: str
    text: str

    @property
    def key(self) -> str:
        return f"{self.corpus}:{self.id}"

    @property
    def sealed(self) -> bool:
        return is_sealed(self.key)


def is_sealed(key: str) -> bool:
    """The sealed part: a deterministic fifth of the documents (or of labelled pairs)."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % SEAL_MOD == 0


def _read(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def natural_docs(data: Path) -> dict[str, list[NaturalDoc]]:
    """The three collections, each in file order."""
    seen: dict[str, str] = {}
    rgb = []
    for question in _read(data / "search" / "rgb-zh-refine.jsonl.gz"):
        for kind in ("positive", "negative"):
            for number, passage in enumerate(question[kind]):
                if isinstance(passage, list):
                    passage = " ".join(passage)
                if passage and passage not in seen:
                    seen[passage] = f"{question['id']}-{kind[0]}{number}"
                    rgb.append(NaturalDoc("rgb", seen[passage], passage))
    crud = [NaturalDoc("crud", str(r["id"]), r["text"])
            for r in _read(data / "corpus" / "crud-news-2023.jsonl.gz") if r.get("text")]
    inews = [NaturalDoc("inews", str(r["id"]), r["content"])
             for r in _read(data / "corpus" / "inews.jsonl.gz") if r.get("content")]
    return {"rgb": rgb, "crud": crud, "inews": inews}


def judge_text(text: str) -> str:
    """Letters, digits and Han, simplified and lower-cased: what the judge compares."""
    codes = np.frombuffer(normalize(text).encode("utf-32-le"), dtype=np.uint32)
    table = _fold_table()
    folded = table[np.minimum(codes, len(table) - 1)]
    return folded[folded != 0].tobytes().decode("utf-32-le")


def _grams(text: str) -> set[str]:
    return {text[i : i + JUDGE_SHINGLE] for i in range(len(text) - JUDGE_SHINGLE + 1)}


@dataclass
class Judged:
    docs: int
    groups: int
    merged: int
    wrong: list[str]
    largest: int

    @property
    def rate(self) -> float:
        return len(self.wrong) / self.merged if self.merged else 0.0


def judge(docs: list[NaturalDoc], groups: list[list[str]], collection: list[NaturalDoc]) -> Judged:
    """Wrongly merged documents of ``groups`` (keys), by distinctive-text overlap."""
    texts = {doc.key: judge_text(doc.text) for doc in docs}
    grams = {key: _grams(text) for key, text in texts.items()}
    frequency: Counter[str] = Counter()
    for doc in collection:
        frequency.update(grams.get(doc.key) or _grams(judge_text(doc.text)))
    wrong = []
    for members in groups:
        inside: Counter[str] = Counter()
        for key in members:
            inside.update(grams[key])
        for key in members:
            text = texts[key]
            opening = _grams(text[: len(text) // 2])
            shared = 0
            for gram in opening:
                held = inside[gram]
                if held >= 2 and frequency[gram] <= JUDGE_MAX_DF:
                    shared += 1
            if shared < JUDGE_MIN_SHARED:
                wrong.append(key)
    return Judged(len(docs), len(groups), sum(map(len, groups)), wrong,
                  max(map(len, groups), default=0))


def group_docs(docs: list[NaturalDoc], **options) -> list[list[str]]:
    return group((Record(doc.key, doc.text) for doc in docs), **options)


def merged_pairs(groups: list[list[str]]) -> list[tuple[str, str]]:
    """Every pair of documents that share a group, in group order."""
    return [(a, b) for members in groups for i, a in enumerate(members) for b in members[i + 1 :]]


def natural(data: Path, sealed: bool = False, verbose: bool = False, **options) -> dict:
    """Group and judge each collection's open (or sealed) part; print and return the figures."""
    results = {}
    print(f"{'corpus':<8}{'part':<8}{'docs':>7}{'groups':>8}{'merged':>8}{'wrong':>7}"
          f"{'rate':>8}{'largest':>9}")
    for name, docs in natural_docs(data).items():
        part = [doc for doc in docs if doc.sealed == sealed]
        groups = group_docs(part, **options)
        judged = judge(part, groups, docs)
        results[name] = (judged, groups)
        print(f"{name:<8}{'sealed' if sealed else 'open':<8}{judged.docs:>7}{judged.groups:>8}"
              f"{judged.merged:>8}{len(judged.wrong):>7}{judged.rate:>8.3f}{judged.largest:>9}")
        if verbose:
            by_key = {doc.key: doc for doc in part}
            for key in judged.wrong[:15]:
                print("   ", key, by_key[key].text[:80].replace("\n", " "))
    merged = sum(j.merged for j, _ in results.values())
    wrong = sum(len(j.wrong) for j, _ in results.values())
    print(f"{'all':<8}{'':<8}{'':>7}{'':>8}{merged:>8}{wrong:>7}{wrong / max(merged, 1):>8.3f}")
    return results


def pair_scores(labels: list[dict], groups: list[list[str]], sealed: bool) -> dict:
    """How ``groups`` treat the hand-labelled pairs of one part (pairs sealed by their hash)."""
    together = {(a, b) for members in groups for a in members for b in members}
    tally: dict[str, Counter] = defaultdict(Counter)
    for label in labels:
        if is_sealed(f"{label['a']}|{label['b']}") != sealed:
            continue
        kind = "same story" if label["same"] else "different"
        tally[kind]["merged" if (label["a"], label["b"]) in together else "apart"] += 1
    for kind, counts in sorted(tally.items()):
        print(f"  labelled pairs, {'sealed' if sealed else 'open'}, {kind}: {dict(counts)}")
    return tally
