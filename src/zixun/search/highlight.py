"""Highlighted titles and snippets: escape everything, then wrap matches in <mark>."""

from __future__ import annotations

import itertools
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 120


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    words = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return None
    # Longest first, so "安装简单" wins over "安装" where both match.
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def mark(text: str, terms: list[str]) -> SafeString:
    """``text`` as safe HTML with every occurrence of ``terms`` wrapped in <mark>."""
    pattern = _pattern(terms)
    if pattern is None:
        return mark_safe(escape(text))
    out: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def _best_start(text: str, pattern: re.Pattern[str], width: int) -> int:
    """Start of the window of ``width`` characters holding the most distinct matched terms."""
    # The first few hundred matches are plenty to choose a window from, and keep this quick.
    hits = [(m.start(), m.group(0).lower()) for m in itertools.islice(pattern.finditer(text), 300)]
    if not hits:
        return 0
    best, best_score = hits[0][0], 0
    for i, (start, _) in enumerate(hits):
        inside = {term for pos, term in hits[i:] if pos < start + width}
        if len(inside) > best_score:
            best, best_score = start, len(inside)
    # A little context before the first match reads better than starting on it.
    return max(0, best - width // 6)


def snippet(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> SafeString:
    """A window of ``text`` around the densest matches, highlighted, with … at cut ends."""
    flat = " ".join(text.split())
    pattern = _pattern(terms)
    start = _best_start(flat, pattern, width) if pattern else 0
    piece = flat[start : start + width]
    html = mark(piece, terms)
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(flat) else ""
    return mark_safe(prefix + html + suffix)
