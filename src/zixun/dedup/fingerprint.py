"""Text fingerprints for near-duplicate detection: canonical text, shingles, MinHash, LSH band keys.

Pure Python (no Django), so the offline tool, the benchmark and the story index share one
definition of "the same text". Every value here is stable across processes and machines: band
keys are stored in the database and compared with keys computed years later.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import zhconv.zhconv as zhconv_tables

from zixun import text as zh_text

SHINGLE = 5  # characters per shingle: long enough that unrelated stories share few of them
NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
MIN_CHARS = 80  # bodies shorter than this are too short to tell a repost from a template
# Under this many characters, templated items (the same announcement with another name, date or
# number) reach Jaccard 0.5-0.8; a repost of a short item only adds or drops whole lines.
BRIEF_CHARS = 300
SEED = 20250314

# Letters, digits and Han only: punctuation, spaces and line breaks are what reposting changes.
_KEEP = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_MASK32 = np.uint64(0xFFFFFFFF)
_BASE = np.uint64(1_000_003)


@lru_cache(maxsize=1)
def _simplify_table() -> dict[int, str]:
    """Character-level traditional → simplified table from zhconv's zh-hans dictionary.

    Character by character rather than zhconv.convert(): phrase conversions change vocabulary,
    not identity, and str.translate is twenty times faster on long bodies.
    """
    table = zhconv_tables.getdict("zh-hans")
    return {ord(src): dst for src, dst in table.items() if len(src) == 1 and len(dst) == 1}


def canonical(body: str) -> str:
    """The body as dedup compares it: normalised, without credit lines, simplified, letters only."""
    normal = zh_text.normalize(body)
    cleaned = zh_text.strip_credits(normal)
    if len(cleaned) < len(normal) * 0.7:
        # Credits are a line or two; losing more means a run-on line (`原标题:…` with the whole
        # story after it) was taken for a credit, and dropping the body would merge unrelated items.
        cleaned = normal
    return _KEEP.sub("", cleaned.translate(_simplify_table()).lower())


def shingle_hashes(canon: str, k: int = SHINGLE) -> np.ndarray:
    """Distinct 32-bit hashes of the k-character shingles of a canonical text."""
    if not canon:
        return np.empty(0, dtype=np.uint64)
    codes = np.frombuffer(canon.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < k:
        k = len(codes)
    width = len(codes) - k + 1
    acc = np.zeros(width, dtype=np.uint64)
    for offset in range(k):
        # Polynomial hash in wrapping uint64 arithmetic; deterministic, unlike Python's hash().
        acc = acc * _BASE + codes[offset : offset + width]
    mixed = (acc ^ (acc >> np.uint64(29))) * np.uint64(0xBF58476D1CE4E5B9)
    return np.unique((mixed >> np.uint64(32)) & _MASK32)


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
    values >>= np.uint64(32)
    return values.min(axis=0).astype(np.uint32)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity two MinHash signatures estimate (the share of equal minimums)."""
    return float(np.count_nonzero(a == b)) / len(a)


def _key(tag: bytes, payload: bytes) -> int:
    """A signed 32-bit key: 4 bytes in SQLite's record format, and fits pg_advisory_xact_lock.

    32 bits are enough because a key only proposes candidates, and only a match in the same
    slot (band) counts: at 10 million articles one add in 25 meets an unrelated article that
    way, costing one body comparison, while the index is 8 bytes per key smaller than with
    64-bit keys.
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

    @property
    def is_short(self) -> bool:
        """Too short to be matched by similarity; only an identical body joins it to a story."""
        return len(self.canon) < MIN_CHARS


def fingerprint(body: str) -> Fingerprint:
    """Canonical text, shingles and index keys (exact key first) of an article body."""
    canon = canonical(body)
    if not canon:
        return Fingerprint(canon, shingle_hashes(canon), ())
    shingles = shingle_hashes(canon)
    if len(canon) < MIN_CHARS:
        return Fingerprint(canon, shingles, (exact_key(canon),))
    signature = minhash(shingles)
    return Fingerprint(canon, shingles, (exact_key(canon), *band_keys(signature)), signature)
