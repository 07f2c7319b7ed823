"""Split Chinese (and mixed Chinese/Latin) text into paragraphs and sentences."""

from __future__ import annotations

import re

_OPENERS = "“‘「『（(【"
_SHUT = "”’」』）)】"
# A sentence ends at a run of terminators, plus any closing quotes or brackets right after it.
# ASCII ! ? ; end a sentence too, as does a period followed by space or the end (but not 3.5).
_STOP = r"(?:[。！？；!?;…]|\.(?=\s|$))"
# Quotes and brackets nest; 《》 are titles, which never hold a sentence end. re.split by
# marks and runs of terminators gives text, mark, text, … in one C call; the pattern opens
# with one character class so that re skips from candidate to candidate.
_TOKEN = re.compile(
    rf"([{_OPENERS}{_SHUT}。！？；!?;….](?:(?<!\.)|(?=\s|$))(?:(?<![{_OPENERS}{_SHUT}]){_STOP}*)?)"
)
_OPENING = frozenset(_OPENERS)
_CLOSING = frozenset(_SHUT)
# A line ends its sentences only at lone 。 outside quotes and brackets, so str methods cut it,
# when all it holds is text and quotes (or brackets) of text one level deep, with no other end
# (！？；!?;…) anywhere and no 。 inside: at depth 0 a 。 ends a sentence, inside it does not.
# Most lines with quotes are such lines. The match costs more than a search for any mark
# would, but spares them the regex split and the token loop, which cost far more.
# Possessive runs (*+) never backtrack.
_OTHER_ENDS = "！？；!?;…"
_TEXT = f"[^{_OPENERS}{_SHUT}{_OTHER_ENDS}]*+"
# A quotation closes on its own line, so that a whole text matches when each of its lines does.
_QUOTED = f"[{_OPENERS}][^{_OPENERS}{_SHUT}{_OTHER_ENDS}。\n]*+[{_SHUT}]"
_PLAIN = re.compile(f"{_TEXT}(?:{_QUOTED}{_TEXT})*+")
_DOT_STOP = re.compile(r"\.(?=\s|$)")


def split_paragraphs(text: str) -> list[str]:
    """Return the non-empty lines of `text`, stripped."""
    return [p for p in map(str.strip, text.split("\n")) if p]


def split_sentences(text: str) -> list[str]:
    """Return the sentences of `text`; a quotation stays inside the sentence that holds it."""
    # Most texts end their sentences only with lone 。 outside quotes, which str methods cut;
    # proving it takes one regex match (a call to Python's `re` costs much more per character
    # and per call than an `in` test). A text passes when every line does.
    if _is_plain(text):
        return _split_at_full_stops(text)
    sentences: list[str] = []
    if "\n" not in text:
        _split_marked(text, sentences)
        return sentences
    for line in text.split("\n"):
        if _is_plain(line):
            sentences.extend(_split_at_full_stops(line))
        else:
            _split_marked(line, sentences)
    return sentences


def _is_plain(text: str) -> bool:
    """True when every sentence of `text` ends at a lone 。 outside quotes and brackets."""
    return (
        _PLAIN.fullmatch(text) is not None
        and "。。" not in text
        and ("." not in text or _DOT_STOP.search(text) is None)
    )


def _split_at_full_stops(text: str) -> list[str]:
    """The sentences of a plain text: cut after each 。 and at line breaks, stripped."""
    return list(filter(None, map(str.strip, text.replace("。", "。\n").split("\n"))))


def _split_marked(line: str, sentences: list[str]) -> None:
    """Append the sentences of a line with quotes, brackets or several kinds of end.

    An end is a run of terminators and the closing marks right after it; it ends the
    sentence unless it sits inside a quotation or brackets (the depth, which a closing mark
    with nothing open leaves at zero).
    """
    parts = _TOKEN.split(line)
    depth = 0
    current = [parts[0]]
    in_end = False  # the last token was terminators, or a closing mark right after them
    for index in range(1, len(parts), 2):
        token, text = parts[index], parts[index + 1]
        if token in _CLOSING:
            depth = depth - 1 if depth else 0
        else:
            if in_end:  # the end finished before this token
                in_end = False
                if not depth:
                    _push(sentences, current)
                    current = []
            if token in _OPENING:
                depth += 1
            else:
                in_end = True
        current.append(token)
        if text:
            if in_end:
                in_end = False
                if not depth:
                    _push(sentences, current)
                    current = []
            current.append(text)
    _push(sentences, current)


def _push(sentences: list[str], pieces: list[str]) -> None:
    """Append the joined `pieces` stripped, unless that leaves nothing."""
    sentence = "".join(pieces).strip()
    if sentence:
        sentences.append(sentence)
