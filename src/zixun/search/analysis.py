"""Tokens for the index and the parsed form of a reader's query; pure Python, no Django.

Both sides use search-mode segmentation (``zixun.text.segment``), lower case, then
through ``_pieces`` so that neither FTS5's tokenizer nor PostgreSQL's parser ever splits a token
differently from us. A Han token of three or more characters is followed by its character
bigrams, so a two-character word inside a longer word (``简单`` in ``安装简单``) is always found,
and a longer query word is found inside a longer indexed word as the phrase of its bigrams.
Traditional characters are folded to simplified on both sides (``國際`` finds ``国际``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import zhconv
from zhconv import zhconv as _zhconv_tables

from zixun.text.segment import segment

_PIECE = re.compile(r"[^\W_]+")
_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
# A quoted phrase (ASCII, curly or corner quotes) or a run of non-space characters.
_QUERY_PART = re.compile(r'(-?)(?:"([^"]*)"|“([^”]*)”|「([^」]*)」|(\S+))')
MAX_QUERY_CHARS = 200
MAX_CLAUSES = 12


def _pieces(token: str) -> list[str]:
    """The alphanumeric runs of a token: ``covid-19`` → ``covid``, ``19``."""
    return _PIECE.findall(token)


def _is_han(piece: str) -> bool:
    return bool(_HAN.match(piece))


def bigrams(piece: str) -> list[str]:
    """Overlapping two-character pieces of a Han word: ``安装简单`` → 安装 装简 简单."""
    return [piece[i : i + 2] for i in range(len(piece) - 1)]


@lru_cache(maxsize=1)
def _traditional_only() -> frozenset[str]:
    """Characters used only in traditional writing; 覆 is left out, as simplified 覆盖 uses it."""
    if _zhconv_tables.zhcdicts is None:
        _zhconv_tables.loaddict(_zhconv_tables.DICTIONARY)
    return frozenset(_zhconv_tables.zhcdicts["TRADONLY"]) - {"覆"}


def to_simplified(text: str) -> str:
    """``text`` in simplified characters; simplified text is returned as is, after a cheap check."""
    # zhconv is dear next to segmentation, the set check cheap, and nearly all mainland text
    # has no traditional-only character at all.
    if _traditional_only().isdisjoint(text):
        return text
    return zhconv.convert(text, "zh-hans")


def to_traditional(text: str) -> str:
    """``text`` in traditional characters, to highlight a simplified query in traditional text."""
    return zhconv.convert(text, "zh-hant")


# The full-width punctuation of nearly every Chinese text, with what NFKC makes of it.
_COMMON_WIDE = [(chr(c), chr(c - 0xFEE0)) for c in map(ord, "，：（）！？；％")] + [("\u3000", " ")]


def _clean(text: str) -> str:
    # NFKC turns full-width letters and digits into ASCII, so ＧＤＰ matches GDP. Its quick
    # check fails on full-width punctuation, and the slow path is a dear one;
    # replacing the common marks first (exactly as NFKC would) lets most texts take the fast one.
    for wide, narrow in _COMMON_WIDE:
        if wide in text:
            text = text.replace(wide, narrow)
    return to_simplified(unicodedata.normalize("NFKC", text))


class _Expanded(dict):
    """piece → the piece as indexed: itself, then its bigrams if it is a Han word of 3+.

    Pieces repeat (a body's words are mostly common ones), so the expansion of each is worked
    out once; looking every piece up in one C-level map() spares a Python loop over them.
    """

    LIMIT = 200_000

    def __missing__(self, piece: str) -> str:
        expanded = f"{piece} {' '.join(bigrams(piece))}" if len(piece) >= 3 and _is_han(piece) else piece
        if len(self) >= self.LIMIT:
            self.clear()
        self[piece] = expanded
        return expanded


_expanded = _Expanded()


def _with_bigrams(pieces: list[str]) -> str:
    return " ".join(map(_expanded.__getitem__, pieces))


def index_text(text: str) -> str:
    """The tokens stored for ``text``, space-joined: search-mode words, lower case, cut into
    alphanumeric pieces, each Han piece of three or more characters followed by its bigrams."""
    # Whole-string steps (one join, one lower(), one findall) instead of a loop per token:
    # this runs over every body at ingest. Same tokens as index_tokens, which queries use.
    words = " ".join(segment(_clean(text), "search")).lower()
    return _with_bigrams(_PIECE.findall(words))


@lru_cache(maxsize=64)
def index_tokens(text: str) -> tuple[str, ...]:
    """The token stream stored for ``text``, as a tuple (see ``index_text``)."""
    return tuple(index_text(text).split())


# --- the query as a small expression tree, rendered by each backend -------------------------


@dataclass(frozen=True)
class Seq:
    """Tokens at consecutive positions (one token is the common case)."""

    tokens: tuple[str, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one of the parts matches."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class AllOf:
    """Every part matches."""

    parts: tuple[Expr, ...]


Expr = Seq | AnyOf | AllOf


@dataclass
class ParsedQuery:
    """What a reader asked for: words and phrases that must match, words that must not."""

    must: list[Expr] = field(default_factory=list)
    must_not: list[Expr] = field(default_factory=list)
    # Quoted phrases, lower-cased, each in its simplified and traditional forms: the backends
    # also check that one form occurs as an exact substring.
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    # Surface strings to <mark> in titles and snippets.
    highlights: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """True when nothing positive is left to match (an empty or exclusion-only query)."""
        return not self.must


def word_expr(word: str) -> Expr | None:
    """How one word of a query is matched: itself, or the bigram phrase inside a longer word."""
    pieces = _pieces(_clean(word).lower())
    if not pieces:
        return None
    if len(pieces) > 1:
        return Seq(tuple(pieces))
    piece = pieces[0]
    if len(piece) >= 3 and _is_han(piece):
        return AnyOf((Seq((piece,)), Seq(tuple(bigrams(piece)))))
    return Seq((piece,))


def text_expr(text: str) -> Expr | None:
    """All the words of ``text``, segmented the way the index is, each matched by ``word_expr``."""
    words = [w for w in segment(_clean(text), "normal") if _pieces(w)]
    exprs = [e for e in (word_expr(w) for w in words) if e is not None]
    if not exprs:
        return None
    return exprs[0] if len(exprs) == 1 else AllOf(tuple(exprs))


def _highlight_words(text: str) -> list[str]:
    """Query words as they appear in text (before lower-casing), for highlighting."""
    return [w.strip() for w in segment(_clean(text), "normal") if _pieces(w)]


def _both_scripts(word: str) -> tuple[str, ...]:
    """``word`` (already simplified) and, if it differs, its traditional spelling."""
    traditional = to_traditional(word)
    return (word,) if traditional == word else (word, traditional)


def parse_query(q: str) -> ParsedQuery:
    """Parse a reader's query: words, ``"短语"`` phrases and ``-排除`` exclusions; never raises."""
    parsed = ParsedQuery()
    for match in _QUERY_PART.finditer(_clean(q or "")[:MAX_QUERY_CHARS]):
        negate = match.group(1) == "-"
        quoted = next((g for g in match.group(2, 3, 4) if g is not None), None)
        text = quoted if quoted is not None else match.group(5)
        expr = text_expr(text)
        if expr is None:
            continue
        if negate:
            parsed.must_not.append(expr)
            continue
        parsed.must.append(expr)
        words = [" ".join(quoted.split())] if quoted is not None else _highlight_words(text)
        forms = [_both_scripts(w) for w in words]
        if quoted is not None:
            parsed.phrases.append(tuple(f.lower() for f in forms[0]))
        parsed.highlights.extend(f for pair in forms for f in pair)
    # Very long queries make slow OR-free scans; the first words carry the intent.
    parsed.must = parsed.must[:MAX_CLAUSES]
    parsed.must_not = parsed.must_not[:MAX_CLAUSES]
    return parsed


def any_of_words(terms: list[str]) -> Expr | None:
    """An expression matching documents with any of ``terms`` (for more-like-this)."""
    exprs = [e for e in (text_expr(t) for t in terms) if e is not None]
    if not exprs:
        return None
    return exprs[0] if len(exprs) == 1 else AnyOf(tuple(exprs))
