"""TF-IDF keywords with an IDF table learned from Chinese news (see build_idf.py)."""

from __future__ import annotations

import gzip
import heapq
import re
import statistics
from collections import Counter
from functools import cache, lru_cache
from importlib import resources

from zixun.text.segment import segment

_WORDISH = re.compile(r"^[\w·\-]+$")
_NUMERIC = re.compile(r"^[\d.,%万亿千百十零一二三四五六七八九两第]+[年月日号时分秒个点%]?$")


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
        if is_candidate(word):  # a stop word added after the table was built stays out
            table[word] = float(value)
    # An unseen word is rarer than anything in the table, but a typo should not top the list.
    return table, statistics.median(table.values()) if table else 1.0


def keyword_weights(text: str, k: int = 8) -> list[tuple[str, float]]:
    """The `k` best TF-IDF keywords of `text` with their weights, best first."""
    return weights_of_words(segment(text), k)


def weights_of_words(words: list[str], k: int = 8) -> list[tuple[str, float]]:
    """TF-IDF over already segmented `words`, so analyze() cuts the text only once."""
    idf, unseen = _idf_table()
    # The table holds only candidate words, so is_candidate runs just for words it lacks.
    weighted = []
    for word, count in Counter(words).items():
        value = idf.get(word)
        if value is None:
            if not is_candidate(word):
                continue
            value = unseen
        weighted.append((count, value, word))
    if not weighted:
        return []
    total = sum(count for count, _, _ in weighted)
    scored = [(count / total * value, word) for count, value, word in weighted]
    best = heapq.nsmallest(k, scored, key=lambda item: (-item[0], item[1]))
    return [(w, round(score, 4)) for score, w in best]


def keywords(text: str, k: int = 8) -> list[str]:
    """The `k` best TF-IDF keywords of `text`, best first."""
    return [w for w, _ in keyword_weights(text, k)]
