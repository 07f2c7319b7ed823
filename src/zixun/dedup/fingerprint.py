"""Text fingerprints for near-duplicate detection: canonical text, shingles, MinHash, LSH band keys.

Pure Python (no Django), so the offline tool, the benchmark and the story index share one
definition of "the same text". Every value here is stable across processes and machines: band
keys are stored in the database and compared with keys computed years later.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from zixun import text as zh_text
from zixun.text.boilerplate import strip_boilerplate

SHINGLE = 5  # characters per shingle: long enough that unrelated stories share few of them
NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
MIN_CHARS = 80  # bodies shorter than this are too short to tell a repost from a template
# Under this many characters, templated items (the same announcement with another name, date or
# number) reach Jaccard 0.5-0.8; a repost of a short item only adds or drops whole lines.
BRIEF_CHARS = 300
SEED = 20250314
# Sentences of fewer characters than this are not counted: 来源：新华社 is a credit, not boilerplate.
SEGMENT_MIN = 8
# Only the opening and closing sentences are counted: boilerplate sits there, and counting every
# sentence would store a row per sentence of every article.
HEAD_SEGMENTS, TAIL_SEGMENTS = 3, 5

_MASK32 = np.uint64(0xFFFFFFFF)
_BASE = np.uint64(1_000_003)
# Code points the fold table covers: the BMP and the supplementary ideographic planes, which
# is everything zhconv maps; anything above is dropped like other non-letters.
_PLANES = 0x30000


def _simplify_pairs() -> dict[str, str]:
    """zhconv's zh-hans dictionary, read without importing zhconv (it imports pkg_resources,
    a second per process)."""
    spec = importlib.util.find_spec("zhconv")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("zhconv is not installed: pip install zhconv")
    data = Path(spec.submodule_search_locations[0], "zhcdict.json").read_bytes()
    return json.loads(data)["zh2Hans"]


@lru_cache(maxsize=1)
def _fold_table() -> np.ndarray:
    """Code point → the code point dedup compares (simplified, lower case), or 0 to drop it.

    Character by character rather than zhconv.convert(): phrase conversions change vocabulary,
    not identity. Only letters, digits and Han are kept: punctuation, spaces and line breaks
    are what reposting changes. One numpy lookup does all of it in one pass over the code
    points, instead of str.translate and then a regular expression.
    """
    fold = np.arange(_PLANES, dtype=np.uint32)
    fold[ord("A") : ord("Z") + 1] += 32  # zh_text.normalize has made full-width letters ASCII
    for src, dst in _simplify_pairs().items():
        if len(src) == 1 and len(dst) == 1 and ord(src) < _PLANES:
            fold[ord(src)] = ord(dst)
    keep = np.zeros(_PLANES, dtype=bool)
    for first, last in ("09", "az", "\u3400\u4dbf", "\u4e00\u9fff", "\uf900\ufaff"):
        keep |= (fold >= ord(first)) & (fold <= ord(last))
    fold[~keep] = 0
    return fold


def _clean(body: str, byline: zh_text.Byline | None = None) -> str:
    """The body without credit lines and known footers; `byline`, see fingerprint()."""
    normal = body if byline is not None else zh_text.normalize(body)
    cleaned = zh_text.strip_credits(normal, byline)
    if len(cleaned) < len(normal) * 0.7:
        # Credits are a line or two; losing more means a run-on line (`原标题:…` with the whole
        # story after it) was taken for a credit, and dropping the body would merge unrelated items.
        cleaned = normal
    return strip_boilerplate(cleaned)


def _canonical_codes(body: str, byline: zh_text.Byline | None = None) -> np.ndarray:
    """The code points of canonical(body), as uint32; `byline`, see fingerprint()."""
    return _fold(_clean(body, byline))[0]


def _fold(cleaned: str) -> tuple[np.ndarray, np.ndarray]:
    """The kept, folded code points of ``cleaned`` and the offsets in them where sentences end."""
    codes = np.frombuffer(cleaned.encode("utf-32-le"), dtype=np.uint32)
    folded = _fold_table()[np.minimum(codes, _PLANES - 1)]
    kept = folded != 0
    # A sentence ends at its mark, a line break, or a run of spaces (flattened web pages).
    ends = np.isin(codes, _SENTENCE_ENDS)
    ends[:-1] |= (codes[:-1] == codes[1:]) & np.isin(codes[:-1], _SPACES)
    cuts = np.cumsum(kept)[ends] if len(codes) else np.empty(0, dtype=np.int64)
    return folded[kept], cuts


_SENTENCE_ENDS = np.array([ord(c) for c in "。！？!?；;\n"], dtype=np.uint32)
_SPACES = np.array([ord(" "), 0x3000], dtype=np.uint32)


def _segments(canon: str, cuts: np.ndarray) -> tuple[tuple[int, int, int], ...]:
    """(key, start, end) of the opening and closing sentences of ``canon``, where outlets and
    platforms put their headers and footers; sentences too short to be telling are skipped."""
    bounds = [0, *np.unique(cuts).tolist(), len(canon)]
    spans = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b - a >= SEGMENT_MIN]
    if len(spans) > HEAD_SEGMENTS + TAIL_SEGMENTS:
        spans = spans[:HEAD_SEGMENTS] + spans[-TAIL_SEGMENTS:]
    return tuple((_key(b"segment", canon[a:b].encode("utf-8")), a, b) for a, b in spans)


def canonical(body: str) -> str:
    """The body as dedup compares it: normalised, without credit lines, simplified, letters only."""
    return _canonical_codes(body).tobytes().decode("utf-32-le")


def _shingles(codes: np.ndarray, k: int = SHINGLE) -> np.ndarray:
    if not len(codes):
        return np.empty(0, dtype=np.uint64)
    codes = codes.astype(np.uint64)
    k = min(k, len(codes))
    width = len(codes) - k + 1
    acc = codes[:width].copy()
    for offset in range(1, k):
        # Polynomial hash in wrapping uint64 arithmetic; deterministic, unlike Python's hash().
        acc *= _BASE
        acc += codes[offset : offset + width]
    mixed = (acc ^ (acc >> np.uint64(29))) * np.uint64(0xBF58476D1CE4E5B9)
    hashes = np.sort((mixed >> np.uint64(32)) & _MASK32)
    # np.unique hashes its input, which costs more than this sort on a few hundred values.
    return hashes[np.concatenate(([True], hashes[1:] != hashes[:-1]))]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted shingle-hash sets."""
    if not len(a) or not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller shingle set found in the larger one."""
    if not len(a) or not len(b):
        return 0.0
    return len(np.intersect1d(a, b, assume_unique=True)) / min(len(a), len(b))


def _coefficient(name: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(b"%d:" % SEED + name, digest_size=8).digest(), "big")


# The hash functions h_i(x) = (a_i·x + b_i mod 2^64) >> 32, one per MinHash value: the
# multiply-shift family, which needs no modulo and so runs as three numpy passes. The
# coefficients come from blake2b rather than a numpy generator, whose streams may change
# between numpy versions while stored keys must not.
_MUL = np.array([_coefficient(b"a%d" % i) | 1 for i in range(NUM_PERM)], dtype=np.uint64)
_ADD = np.array([_coefficient(b"b%d" % i) for i in range(NUM_PERM)], dtype=np.uint64)
_EMPTY_SIGNATURE = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)


def minhash(shingles: np.ndarray) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32 minimums) of a set of 32-bit shingle hashes."""
    if not len(shingles):
        return _EMPTY_SIGNATURE.copy()
    values = np.multiply.outer(shingles.astype(np.uint64, copy=False), _MUL)
    values += _ADD  # in place: a fresh n×64 array per pass would cost more than the arithmetic
    # The shift is monotonic, so it can follow the min: 64 values shifted instead of n×64.
    return (values.min(axis=0) >> np.uint64(32)).astype(np.uint32)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity two MinHash signatures estimate (the share of equal minimums)."""
    return float(np.count_nonzero(a == b)) / len(a)


def _key(tag: bytes, payload: bytes) -> int:
    """A signed 32-bit key: 4 bytes in SQLite's record format, and fits pg_advisory_xact_lock.

    32 bits are enough because a key only proposes candidates, and only meets the keys of its
    own band (zixun.dedup.models): at 10 million articles one add in 25 meets an unrelated
    article that way, costing one body comparison, while the index is 8 bytes per key smaller
    than with 64-bit keys.
    """
    digest = hashlib.blake2b(payload, digest_size=4, person=tag.ljust(16, b"\0")[:16]).digest()
    return int.from_bytes(digest, "big", signed=True)


def band_keys(signature: np.ndarray) -> list[int]:
    """One LSH key per band: two texts share a key when their band of MinHash values is equal."""
    values = signature.astype("<u4").tobytes()
    step = ROWS * 4
    return [_key(b"band%d" % band, values[band * step : (band + 1) * step]) for band in range(BANDS)]


def exact_key(canon: str) -> int:
    """The key shared by bodies that are identical once canonical."""
    return _key(b"exact", canon.encode("utf-8"))


@dataclass(frozen=True)
class Fingerprint:
    """Everything the index needs about one body."""

    canon: str
    shingles: np.ndarray
    keys: tuple[int, ...]
    signature: np.ndarray | None = None  # MinHash; None for short and empty bodies
    # (key, start, end) in canon of the sentences whose document frequency is counted
    segments: tuple[tuple[int, int, int], ...] = ()

    @property
    def is_short(self) -> bool:
        """Too short to be matched by similarity; only an identical body joins it to a story."""
        return len(self.canon) < MIN_CHARS

    def without(self, common: set[int] | frozenset[int]) -> Fingerprint:
        """This fingerprint with the sentences whose keys are in ``common`` (boilerplate by
        document frequency) cut out: what is compared, and the keys that are indexed."""
        spans = [(a, b) for key, a, b in self.segments if key in common]
        if not spans:
            return self
        keep = np.ones(len(self.canon), dtype=bool)
        for a, b in spans:
            keep[a:b] = False
        codes = np.frombuffer(self.canon.encode("utf-32-le"), dtype=np.uint32)[keep]
        rest = tuple((k, a, b) for k, a, b in self.segments if k not in common)
        return _build(codes, rest, self.keys[0] if self.keys else None)


def _build(codes: np.ndarray, segments: tuple, exact: int | None = None) -> Fingerprint:
    """The fingerprint of folded ``codes``; ``exact``: the exact key of the uncut body."""
    canon = codes.tobytes().decode("utf-32-le")
    if not canon:
        return Fingerprint(canon, _shingles(codes), (), segments=segments)
    shingles = _shingles(codes)
    exact = exact_key(canon) if exact is None else exact
    if len(canon) < MIN_CHARS:
        return Fingerprint(canon, shingles, (exact,), segments=segments)
    signature = minhash(shingles)
    return Fingerprint(canon, shingles, (exact, *band_keys(signature)), signature, segments)


def fingerprint(body: str, byline: zh_text.Byline | None = None) -> Fingerprint:
    """Canonical text, shingles and index keys (exact key first) of an article body.

    `byline`: the credits zixun.text.analyze() found, when `body` is its normalised text;
    the text stage of ingest has both, so the credits are not parsed a second time.
    """
    codes, cuts = _fold(_clean(body, byline))
    canon = codes.tobytes().decode("utf-32-le")
    return _build(codes, _segments(canon, cuts))


def comparable(body: str) -> Fingerprint:
    """What ``is_near_duplicate`` reads of a body (canonical text and shingles), without the
    MinHash signature and band keys, which confirming stored candidates never needs: their
    keys are already in the index. Only its exact key is set, marking a non-empty body."""
    codes, cuts = _fold(_clean(body))
    canon = codes.tobytes().decode("utf-32-le")
    return Fingerprint(canon, _shingles(codes), (exact_key(canon),) if canon else (),
                       segments=_segments(canon, cuts))
