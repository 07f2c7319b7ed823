"""Split Chinese (and mixed Chinese/Latin) text into paragraphs and sentences."""

from __future__ import annotations

import re

_OPEN = "“‘「『《（(【"
_CLOSE = "”’」』》）)】"
# A sentence ends at a run of terminators, plus any closing quotes or brackets right after it.
# ASCII ! ? ; end a sentence too, as does a period followed by space or the end (but not 3.5).
_TOKEN = re.compile(
    r"[“‘「『（(【]|[”’」』）)】]"
    r"|(?:[。！？；!?;]|…{1,}|\.(?=\s|$))+[”’」』）)】]*"
    r"|\n"
)
_PARAGRAPH = re.compile(r"\n\s*")


def split_paragraphs(text: str) -> list[str]:
    """Return the non-empty lines of `text`, stripped."""
    return [p for p in (part.strip() for part in _PARAGRAPH.split(text)) if p]


def split_sentences(text: str) -> list[str]:
    """Return the sentences of `text`; a quotation stays inside the sentence that holds it."""
    sentences: list[str] = []
    start = 0
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token == "\n":
            _push(sentences, text[start : match.start()])
            start, depth = match.end(), 0
        elif token in _OPEN:
            depth += 1
        elif token in _CLOSE:
            depth = max(depth - 1, 0)
        else:
            closers = len(token) - len(token.rstrip(_CLOSE))
            depth = max(depth - closers, 0)
            # Inside a quotation only a terminator that closes the quote ends the sentence.
            if depth == 0:
                _push(sentences, text[start : match.end()])
                start = match.end()
    _push(sentences, text[start:])
    return sentences


def _push(sentences: list[str], piece: str) -> None:
    """Append `piece` stripped, unless it is empty."""
    piece = piece.strip()
    if piece:
        sentences.append(piece)
