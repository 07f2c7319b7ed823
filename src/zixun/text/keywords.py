"""TF-IDF keywords with an IDF table learned from Chinese news (see build_idf.py)."""

from __future__ import annotations

import gzip
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources
from itertools import compress, repeat
from operator import ge, mul, neg, truediv
from sys import float_info

from zixun.text.segment import segment

_WORDISH = re.compile(r"^[\w·\-]+$")
_NUMERIC = re.compile(r"^[\d.,%万亿千百十零一二三四五六七八九两第]+[年月日号时分秒个点%]?$")
# word → idf, or 0.0 for a word that cannot be a keyword: one dict lookup per distinct word.
# Starts as the IDF table; words outside it are added as met, and a full memo starts again.
_memo: dict[str, float] = {}
_MEMO_LIMIT = 400_000
# Above zero, so words weighted 0.0 (never keywords) stay out of the top k however short the text.
_SMALLEST = float_info.min
# What the memo gives for a word it has not met; never a real weight.
_UNMET = -1.0


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
    table: dict[str, float] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines()[1:]:
        word, _, value = line.partition("\t")
        # A stop word added after the table was built stays out, as does a word found in every
        # document (idf 0), which says nothing about a text and would read as "no keyword".
        if is_candidate(word) and float(value) > 0:
            table[word] = float(value)
    # An unseen word is rarer than anything in the table, but a typo should not top the list.
    return table, statistics.median(table.values()) if table else 1.0


def keyword_weights(text: str, k: int = 8) -> list[tuple[str, float]]:
    """The `k` best TF-IDF keywords of `text` with their weights, best first."""
    return weights_of_words(segment(text), k)


def weights_of_words(words: Iterable[str], k: int = 8) -> list[tuple[str, float]]:
    """TF-IDF over already segmented `words`, so analyze() cuts the text only once."""
    counts = Counter(words)
    weights = _weights_of(counts)
    total = sum(compress(counts.values(), weights))
    if not total or k <= 0:
        return []
    # Every step maps over all words in C; the float steps are count / total * idf, as in the
    # textbook loop. Only words at or above the k-th score can make the top k, so only they are
    # paired with their word and sorted, ties going to the smaller word.
    scores = list(map(mul, map(truediv, counts.values(), repeat(total)), weights))
    floor = sorted(scores)[-min(k, len(scores))] or _SMALLEST
    near = list(map(ge, scores, repeat(floor)))
    best = sorted(zip(map(neg, compress(scores, near)), compress(counts, near), strict=True))[:k]
    return [(word, round(-score, 4)) for score, word in best]


def _weights_of(counts: Counter[str]) -> list[float]:
    """The idf of every counted word, 0.0 for words that cannot be keywords."""
    global _memo
    memo = _memo
    weights = list(map(memo.get, counts, repeat(_UNMET)))
    if _UNMET in weights:
        table, unseen = _idf_table()
        if len(memo) > _MEMO_LIMIT or not memo:
            memo = _memo = dict(table)
        for word in counts:
            if word not in memo:
                memo[word] = unseen if is_candidate(word) else 0.0
        weights = list(map(memo.__getitem__, counts))
    return weights


def keywords(text: str, k: int = 8) -> list[str]:
    """The `k` best TF-IDF keywords of `text`, best first."""
    return [w for w, _ in keyword_weights(text, k)]
