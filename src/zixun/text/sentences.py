"""Split Chinese (and mixed Chinese/Latin) text into paragraphs and sentences."""

from __future__ import annotations

import re
from itertools import repeat
from operator import add

_OPENERS = frozenset("“‘「『（(【")
# Quotes and brackets that nest; 《》 are titles, which never hold a sentence end.
_BRACKETS = "“‘「『（(【”’」』）)】"
_BRACKET = re.compile(f"[{_BRACKETS}]")
# A sentence ends at a run of terminators, plus any closing quotes or brackets right after it.
# ASCII ! ? ; end a sentence too, as does a period followed by space or the end (but not 3.5).
_STOP = r"(?:[。！？；!?;…]|\.(?=\s|$))"
_SHUT = "”’」』）)】"
# Opening with one character class (the lookbehind turns away a bare `.`) lets re skip ahead
# to candidates instead of trying a match at every position; the group makes re.split keep
# each end with the text before it.
_END = re.compile(rf"([。！？；!?;….](?:(?<!\.)|(?=\s|$)){_STOP}*[{_SHUT}]*)")
_OTHER_STOPS = "！？；!?;…"
_DOT_STOP = re.compile(r"\.(?=\s|$)")
_PARAGRAPH = re.compile(r"\n\s*")


def split_paragraphs(text: str) -> list[str]:
    """Return the non-empty lines of `text`, stripped."""
    return [p for p in (part.strip() for part in _PARAGRAPH.split(text)) if p]


def split_sentences(text: str) -> list[str]:
    """Return the sentences of `text`; a quotation stays inside the sentence that holds it."""
    sentences: list[str] = []
    for line in text.split("\n"):
        if _has_bracket(line):
            _split_quoted(_END.split(line), sentences)
            continue
        # Most lines hold no quotation, so every end closes a sentence; str methods then do the
        # work, and a line whose only end is a lone 。 needs no regex at all (10x cheaper).
        if _only_lone_full_stops(line):
            parts = line.split("。")
            pieces = [*map(add, parts[:-1], repeat("。")), parts[-1]]
        else:
            parts = _END.split(line)  # prose, end, prose, end, …, prose
            pieces = list(map(add, parts[0::2], [*parts[1::2], ""]))
        sentences.extend(filter(None, map(str.strip, pieces)))
    return sentences


def _only_lone_full_stops(line: str) -> bool:
    """True when every sentence end in `line` is a single 。."""
    if "。。" in line or any(stop in line for stop in _OTHER_STOPS):
        return False
    return "." not in line or _DOT_STOP.search(line) is None


def _has_bracket(line: str) -> bool:
    """True when `line` holds a quote or bracket; one C `in` per mark beats a regex scan."""
    return any(mark in line for mark in _BRACKETS)


def _split_quoted(parts: list[str], sentences: list[str]) -> None:
    """Append the sentences of one split line that has quotes or brackets in it."""
    depth = 0
    pending = ""
    for index in range(0, len(parts) - 1, 2):
        piece = parts[index] + parts[index + 1]
        for mark in _BRACKET.findall(piece):
            depth = depth + 1 if mark in _OPENERS else max(depth - 1, 0)
        pending += piece
        # Inside a quotation only an end that closes the quote ends the sentence.
        if depth == 0:
            _push(sentences, pending)
            pending = ""
    _push(sentences, pending + parts[-1])


def _push(sentences: list[str], piece: str) -> None:
    """Append `piece` stripped, unless it is empty."""
    piece = piece.strip()
    if piece:
        sentences.append(piece)
