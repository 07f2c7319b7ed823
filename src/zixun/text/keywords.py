"""TF-IDF keywords with an IDF table learned from Chinese news (see build_idf.py)."""

from __future__ import annotations

import gzip
import re
import statistics
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources
from itertools import compress
from operator import itemgetter, mul
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
    # ~1,200 distinct values for 60,000 words: sharing the float objects keeps them in cache.
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
# lookups in a dict subclass with __missing__ cost ~60 % more.)
_memo: dict[str, float] = {}


def _weights_of(counts: Counter[str]) -> tuple[float, ...]:
    """The memo's weight of every counted word, in the order of `counts`."""
    global _memo
    words = itemgetter(*counts) if len(counts) > 1 else lambda memo: (memo[next(iter(counts))],)
    try:
        return words(_memo)  # one C call looks every word up
    except KeyError:
        pass
    table, unseen = _idf_table()
    if len(_memo) > _MEMO_LIMIT or not _memo:
        _memo = dict(table)
    for word in counts:
        if word not in _memo:
            _memo[word] = unseen if is_candidate(word) else 0.0
    return words(_memo)


def keyword_weights(text: str, k: int = 8) -> list[tuple[str, float]]:
    """The `k` best TF-IDF keywords of `text` with their weights, best first."""
    return weights_of_words(segment(text), k)


def weights_of_words(words: Iterable[str], k: int = 8) -> list[tuple[str, float]]:
    """TF-IDF over already segmented `words`, so analyze() cuts the text only once."""
    return [(word, round(-score, 4)) for score, word in _best(words, k)]


def top_words(words: Iterable[str], k: int = 8) -> list[str]:
    """The words of weights_of_words(words, k) alone, without rounding their weights."""
    return [word for _, word in _best(words, k)]


def _best(words: Iterable[str], k: int) -> list[tuple[float, str]]:
    """(-weight, word) of the `k` best keywords among `words`, best first."""
    counts = Counter(words)
    if not counts or k <= 0:
        return []
    weights = _weights_of(counts)
    total = sum(compress(counts.values(), weights))
    if not total:
        return []
    # Only words at or near the k-th count × idf can make the top k; those few are ranked by
    # count / total * idf as in the textbook loop, ties going to the smaller word. A list of
    # floats sorts at float speed, and list.index (a tight C scan) finds the few words at the
    # top: measured faster than sorting positions by a key function.
    products = list(map(mul, weights, counts.values()))
    ranked = sorted(products)
    floor = ranked[-min(k, len(ranked))] * _TIE or _SMALLEST
    names = list(counts)
    near = []
    index = -1
    previous = None
    for product in ranked[bisect_left(ranked, floor) :]:
        # Equal products sit side by side in `ranked`: each next one lies after the last found.
        index = products.index(product, index + 1 if product == previous else 0)
        previous = product
        word = names[index]
        near.append((-(counts[word] / total * weights[index]), word))
    near.sort()
    return near[:k]


def keywords(text: str, k: int = 8) -> list[str]:
    """The `k` best TF-IDF keywords of `text`, best first."""
    return [w for w, _ in keyword_weights(text, k)]
