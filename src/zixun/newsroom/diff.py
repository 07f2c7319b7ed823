"""Two texts side by side, their differences marked by character: Chinese has no spaces to
split words at, so a changed word is the characters that changed.

Pure: plain strings in, escaped HTML out (removed text in ``<del>``, added text in ``<ins>``).
Lines and sentences are matched first and characters only within those that changed, which
keeps the character pass to small pieces however long the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from html import escape

# Past this many character pairs a changed block is shown replaced whole: the character pass
# grows with the product of the two lengths.
MAX_CHARACTER_PAIRS = 4_000_000


@dataclass(frozen=True)
class Row:
    """One aligned block: the old text's HTML on the left, the new one's on the right."""

    old: str
    new: str
    changed: bool


def _marked(tag: str, text: str) -> str:
    return f"<{tag}>{escape(text)}</{tag}>" if text else ""


def characters(old: str, new: str) -> tuple[str, str]:
    """``old`` with removed characters in <del>, ``new`` with added ones in <ins>."""
    if len(old) * len(new) > MAX_CHARACTER_PAIRS:
        return _marked("del", old), _marked("ins", new)
    left, right = [], []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(escape(old[a1:a2]))
            right.append(escape(new[b1:b2]))
        else:
            left.append(_marked("del", old[a1:a2]))
            right.append(_marked("ins", new[b1:b2]))
    return "".join(left), "".join(right)


# Where a text is cut into the pieces matched whole before their characters are compared:
# after each line break and each sentence's end, so a body written on one line is still
# compared sentence by sentence.
_PIECE_END = re.compile(r"(?<=[\n。！？；!?;])")


def pieces(text: str) -> list[str]:
    """``text`` cut after each line break and sentence end; joined again they are ``text``."""
    return [piece for piece in _PIECE_END.split(text) if piece]


def side_by_side(old: str, new: str) -> list[Row]:
    """The two texts as aligned rows: unchanged passages as they are, changed ones marked."""
    old_pieces, new_pieces = pieces(old), pieces(new)
    rows = []
    matcher = SequenceMatcher(None, old_pieces, new_pieces, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        # Each row is a line of its own: a passage's closing line break is the row's end.
        before = "".join(old_pieces[a1:a2]).removesuffix("\n")
        after = "".join(new_pieces[b1:b2]).removesuffix("\n")
        if op == "equal":
            rows.append(Row(escape(before), escape(after), False))
        else:
            rows.append(Row(*characters(before, after), True))
    return rows


_BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|ul|ol|figure|blockquote|div|table|tr|pre)>)", re.I)


def html_lines(html: str) -> str:
    """HTML source with a line break after each block's end tag, so that its paragraphs are
    matched as paragraphs (the sanitiser writes a body on few lines)."""
    return _BLOCK_END.sub("\\1\n", html).replace("\n\n", "\n")
