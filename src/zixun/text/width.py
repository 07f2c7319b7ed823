"""Display width and the cut rules of the pages (issue #2): wide characters count 1, others ½."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Units a cut must not split: numbers with their decimals and 万/+/% tails, Latin words, and a
# character together with its combining marks, variation selectors and emoji joiners.
_ATOM = re.compile(
    r"\d+(?:[.,:]\d+)*(?:[万亿千百]?[+%]?)"
    r"|[A-Za-z]+(?:['’\-][A-Za-z]+)*"
    r"|.[\u0300-\u036f\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]*(?:\u200d.[\ufe0f]?)*",
    re.DOTALL,
)


@lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    """Width of one character in half units: 2 for wide, full-width or ambiguous, else 1."""
    if unicodedata.combining(char) or char in "\u200d\ufe0e\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F", "A") else 1


def _halves(text: str) -> int:
    """Width of `text` in half units."""
    if text.isascii():
        return len(text)
    return sum(_char_width(c) for c in text)


def display_width(text: str) -> int:
    """Width of `text` as the pages count it: wide chars 1, half-width chars ½, rounded up."""
    return (_halves(text) + 1) // 2


def cut(text: str, width: int, marker: str = "...") -> str:
    """Return `text` whole if it fits in `width`, else its longest unsplit prefix plus `marker`."""
    limit = 2 * width
    if _halves(text) <= limit:
        return text
    used = 0
    end = 0
    for match in _ATOM.finditer(text):
        used += _halves(match.group())
        if used > limit:
            break
        end = match.end()
    if end == 0:
        # One word wider than the whole cut: better a split word than nothing at all.
        end = _first_chars(text, limit)
    return text[:end].rstrip() + marker


def _first_chars(text: str, limit: int) -> int:
    """Index after the longest run of characters from the start that fits in `limit` halves."""
    used = 0
    for index, char in enumerate(text):
        used += _char_width(char)
        if used > limit:
            return index
    return len(text)
