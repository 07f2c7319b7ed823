"""TF-IDF keywords with an IDF table learned from Chinese news (see build_idf.py)."""

from __future__ import annotations

import gzip
import re
import statistics
from bisect import bisect_left
from collections import Counter, _count_elements
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources
from itertools import compress, pairwise
from operator import mul
from sys import float_info

from zixun.text.segment import segment

_WORDISH = re.compile(r"^[\w·\-]+$")
_NUMERIC = re.compile(r"^[\d.,%万亿千百十零一二三四五六七八九两第]+[年月日号时分秒个点%]?$")
_MEMO_LIMIT = 400_000
# Above zero, so words weighted 0.0 (never keywords) stay out of the top k however short the text.
_SMALLEST = float_info.min
# count × idf stands in for count / total × idf when picking the words near the top; a word
# this far below the k-th product cannot rank above it once divided (floats err by ~1e-16).
_TIE = 1 - 1e-9


@cache
def stop_words() -> frozenset[str]:
    """The shipped stop-word list: function words and news boilerplate."""
    text = resources.files("zixun.text").joinpath("data/stopwords.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() for w in line.split() if w[0] != "#")


@lru_cache(maxsize=262_144)
def is_candidate(word: str) -> bool:
    """True for a word that may be a keyword: 2+ chars, not a number, stop word or punctuation."""
    return (
        len(word) >= 2
        and _WORDISH.match(word) is not None
        and _NUMERIC.match(word) is None
        and word.lower() not in stop_words()
    )


@cache
def _idf_table() -> tuple[dict[str, float], float]:
    """Load the shipped IDF table once: (word → idf, idf for unseen words)."""
    raw = resources.files("zixun.text").joinpath("data/idf.tsv.gz").read_bytes()
    entries: list[tuple[str, float]] = []
    # Far fewer distinct values than words: sharing the float objects keeps them in cache.
    values: dict[str, float] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines()[1:]:
        word, _, value = line.partition("\t")
        # A stop word added after the table was built stays out, as does a word found in every
        # document (idf 0), which says nothing about a text and would read as "no keyword".
        if is_candidate(word) and float(value) > 0:
            entries.append((word, values.setdefault(value, float(value))))
    table = dict(entries)
    # An unseen word is rarer than anything in the table, but a typo should not top the list.
    return table, statistics.median(table.values()) if table else 1.0


# word → idf, or 0.0 for a word that can never be a keyword: one lookup does both. Starts as
# the IDF table; words outside it are added as met, and a full memo starts again. (A plain dict:
# lookups in a dict subclass with __missing__ leave the plain dict's fast path.)
_memo: dict[str, float] = {}


def _weights_of(words: list[str]) -> list[float]:
    """The memo's weight of each of `words` (distinct), in their order."""
    global _memo
    try:
        return list(map(_memo.__getitem__, words))  # one C loop looks every word up
    except KeyError:
        pass
    table, unseen = _idf_table()
    if len(_memo) > _MEMO_LIMIT or not _memo:
        _memo = dict(table)
    for word in words:
        if word not in _memo:
            _memo[word] = unseen if is_candidate(word) else 0.0
    return list(map(_memo.__getitem__, words))


@cache
def _highest_weight() -> float:
    """No word weighs more than this: a word seen once scores at most this much."""
    table, unseen = _idf_table()
    return max(unseen, *table.values()) if table else unseen


def keyword_weights(text: str, k: int = 8) -> list[tuple[str, float]]:
    """The `k` best TF-IDF keywords of `text` with their weights, best first."""
    return weights_of_words(segment(text), k)


def weights_of_words(words: Iterable[str], k: int = 8) -> list[tuple[str, float]]:
    """TF-IDF over already segmented `words`, so analyze() cuts the text only once."""
    return [(word, round(-score, 4)) for score, word in _best(Counter(words), k)]


def top_words(words: list[str], k: int = 8) -> list[str]:
    """The words of weights_of_words(words, k) alone, without their weights."""
    # The C loop that Counter(words) runs, into a plain dict: Counter's own checks around it
    # are a fixed cost per call, which weighs on a count as short as one story's.
    counts: dict[str, int] = {}
    _count_elements(counts, _two_or_more_characters(words))
    if k <= 0 or not counts:
        return []
    try:
        # One byte a count: bytes.translate marks the words seen again, or once, and compress
        # picks them (C loops, without a Python comparison per word).
        tally = bytes(counts.values())
    except ValueError:  # a word counted 256 times or more
        return [word for _, word in _best(counts, k)]
    again = tally.translate(_TWO_OR_MORE)
    repeated = list(compress(counts, again))
    repeated_counts = list(compress(counts.values(), again))
    repeated_weights = _weights_of(repeated)
    products = list(map(mul, repeated_weights, repeated_counts))
    found = _settled_by_repeated(repeated, products, counts, k)
    if found is not None:
        return found
    # The words seen once count as well: a word's count × idf is its weight, and it adds one
    # to the total if it weighs anything.
    once = list(compress(counts, tally.translate(_ONE)))
    once_weights = _weights_of(once)
    total = sum(compress(repeated_counts, repeated_weights)) + len(once) - once_weights.count(0.0)
    scores = _top_scores(
        repeated + once, repeated_weights + once_weights, products + once_weights, counts, total, k
    )
    return [word for _, word in scores]


# bytes.translate tables over one byte a number (a count or a length): 2 to 255 → 1, else 0;
# and 1 → 1, else 0.
_TWO_OR_MORE = bytes([0, 0]) + bytes([1]) * 254
_ONE = bytes([0, 1]) + bytes(254)


def _two_or_more_characters(words: list[str]) -> list[str]:
    """`words` without single characters (marks, 的, 在 …), which are never keywords.

    Single characters are a large share of a story's words; dropping them first spares counting
    them and looking their weights up.
    """
    try:
        return list(compress(words, bytes(map(len, words)).translate(_TWO_OR_MORE)))
    except ValueError:  # a word of 256 characters or more
        return [word for word in words if len(word) > 1]


def _settled_by_repeated(
    repeated: list[str], products: list[float], counts: dict[str, int], k: int
) -> list[str] | None:
    """The `k` best keywords when the words seen twice or more settle them, else None.

    `products`: count × weight of each of `repeated`. Most of a story's words occur once, and
    their weights are lookups in a large memo that segmentation has just pushed out of the CPU
    caches: the dearest part of keywords. A word seen once scores at most the
    highest weight of all; once k repeated words score clearly above it, no such word can
    reach the top k and none is looked up. The order is then that of count × idf; where two
    scores are close enough for count / total × idf to round them otherwise (or equal with
    other counts), the caller's textbook ranking decides instead.
    """
    if len(products) < k:
        return None
    ranked = sorted(products)
    floor = ranked[-k] * _TIE
    if floor <= _highest_weight():
        return None
    near = sorted(
        (-products[index], repeated[index])
        for index in _positions(products, ranked, floor)
    )
    # Scores are negated: each next one is smaller in size, and must be clearly so.
    for (score, word), (next_score, next_word) in pairwise(near):
        if next_score <= score * _TIE and (next_score != score or counts[word] != counts[next_word]):
            return None
    return [word for _, word in near[:k]]


def _positions(products: list[float], ranked: list[float], floor: float) -> list[int]:
    """Where in `products` each value of at least `floor` sits, equal values at distinct places.

    `ranked`: `products` sorted. list.index (a tight C scan) finds the few values at the top:
    measured faster than sorting positions by a key function. Equal values sit side by side
    in `ranked`, so each next one lies after the last found.
    """
    top = ranked[bisect_left(ranked, floor) :]
    found = []
    index = -1
    previous = None
    for product in top:
        index = products.index(product, index + 1 if product == previous else 0)
        previous = product
        found.append(index)
    return found


def _best(counts: dict[str, int], k: int) -> list[tuple[float, str]]:
    """(-weight, word) of the `k` best keywords among the counted words, best first."""
    if not counts or k <= 0:
        return []
    names = list(counts)
    weights = _weights_of(names)
    total = sum(compress(counts.values(), weights))
    return _top_scores(names, weights, list(map(mul, weights, counts.values())), counts, total, k)


def _top_scores(
    names: list[str],
    weights: list[float],
    products: list[float],
    counts: dict[str, int],
    total: int,
    k: int,
) -> list[tuple[float, str]]:
    """(-score, word) of the `k` best of `names`, as the textbook loop ranks them.

    `products`: count × weight of each name; `total`: the count of every word that weighs
    anything. Only words at or near the k-th product can make the top k; those few are ranked
    by count / total * weight, ties going to the smaller word. A list of floats sorts at
    float speed.
    """
    if not total:
        return []
    ranked = sorted(products)
    floor = ranked[-min(k, len(ranked))] * _TIE or _SMALLEST
    near = [
        (-(counts[names[index]] / total * weights[index]), names[index])
        for index in _positions(products, ranked, floor)
    ]
    near.sort()
    return near[:k]


def keywords(text: str, k: int = 8) -> list[str]:
    """The `k` best TF-IDF keywords of `text`, best first."""
    return [w for w, _ in keyword_weights(text, k)]
