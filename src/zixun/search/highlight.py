"""Highlighted titles and snippets: escape everything, then wrap matches in <mark>.

Matches are found in the text folded as the index folds it (full-width to half-width,
traditional to simplified, lower case) character for character, so a query typed one way marks
the substring written the other way, and the marks land on the text as written.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from zhconv import zhconv as _zhconv_tables

SNIPPET_CHARS = 120


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """One character to one character: full-width forms to ASCII, traditional to simplified."""
    table = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
    table[0x3000] = " "
    if _zhconv_tables.zhcdicts is None:
        _zhconv_tables.loaddict(_zhconv_tables.DICTIONARY)
    for trad, simp in _zhconv_tables.zhcdicts["zh2Hans"].items():
        if len(trad) == 1 and len(simp) == 1 and trad != "覆":
            table[ord(trad)] = simp
    return table


def fold_aligned(text: str) -> str:
    """``text`` folded with the same length, so a match's span is also the original's."""
    folded = text.translate(_fold_table()).lower()
    # A few characters lower-case to two (İ); then fold only the case-free way.
    return folded if len(folded) == len(text) else text.translate(_fold_table())


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    words = sorted({t.lower() for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return None
    # Longest first, so "安装简单" wins over "安装" where both match.
    return re.compile("|".join(re.escape(w) for w in words))


def mark(text: str, terms: list[str]) -> SafeString:
    """``text`` as safe HTML with every occurrence of ``terms`` (folded) wrapped in <mark>."""
    pattern = _pattern(terms)
    if pattern is None:
        return mark_safe(escape(text))
    out: list[str] = []
    last = 0
    for m in pattern.finditer(fold_aligned(text)):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(text[m.start() : m.end()])}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def _best_start(text: str, pattern: re.Pattern[str], width: int) -> int:
    """Start of the window of ``width`` characters whose distinct matches are longest in all:
    the whole piece typed outweighs the words it was split into."""
    # The first few hundred matches are plenty to choose a window from, and keep this quick.
    hits = [(m.start(), m.group(0)) for m in itertools.islice(pattern.finditer(text), 300)]
    if not hits:
        return 0
    best, best_score = hits[0][0], 0
    for i, (start, _) in enumerate(hits):
        inside = {term for pos, term in hits[i:] if pos < start + width}
        score = sum(map(len, inside))
        if score > best_score:
            best, best_score = start, score
    # A little context before the first match reads better than starting on it.
    return max(0, best - width // 6)


def snippet(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> SafeString:
    """A window of ``text`` around the densest matches, highlighted, with … at cut ends."""
    flat = " ".join(text.split())
    pattern = _pattern(terms)
    start = _best_start(fold_aligned(flat), pattern, width) if pattern else 0
    piece = flat[start : start + width]
    html = mark(piece, terms)
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(flat) else ""
    return mark_safe(prefix + html + suffix)
