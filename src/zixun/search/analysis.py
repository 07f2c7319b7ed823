"""Index tokens of a text and the parsed form of a reader's query; pure Python, no Django.

The index holds character n-grams, not words, so that any piece of a text finds it wherever the
piece cuts the words (签不影响 in 他国拒签不影响…). Text is folded first (full-width to
half-width, traditional to simplified, lower case), then cut into runs of Han characters and
runs of other letters and digits. A run of Han characters gives one token per character: the
bigram starting there, and the last character alone; other runs do the same with trigrams. So
every character starts a token, and a piece of two or more Han characters (three or more
letters or digits) is the phrase of its n-grams at consecutive positions. Shorter pieces are a
prefix query (one Han character) or the run's last token (one or two Latin letters: 5G, AI).

Queries are matched in tiers (``ParsedQuery``): every typed piece as a substring, then every
content word anywhere, then any content word, ranked by BM25. Content words are the query's
words without question and function words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from operator import add

import zhconv
from zhconv import zhconv as _zhconv_tables

from zixun.text.segment import segment

_HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"([{_HAN_CLASS}]+)|([^\W_{_HAN_CLASS}]+)")
_HAN = re.compile(rf"^[{_HAN_CLASS}]+$")
# A quoted phrase (ASCII, curly or corner quotes) or a run of non-space characters.
_QUERY_PART = re.compile(r'(-?)(?:"([^"]*)"|“([^”]*)”|「([^」]*)」|(\S+))')
MAX_QUERY_CHARS = 200
MAX_CLAUSES = 12
HAN_GRAM, OTHER_GRAM = 2, 3

def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words a question is asked with, and the function words between content words: matching
# them says nothing about a text's subject, so long queries are ranked without them.
QUESTION_WORDS = _word_set(
    "什么 什么样 什么时候 多少 多少个 多少人 多少钱 多大 多久 多长 多高 哪 哪里 哪儿 哪些 哪个 哪家 "
    "哪位 哪国 哪年 哪天 哪一天 几 几个 几月 几号 几时 何时 何地 何人 为何 为什么 怎么 怎样 怎么样 "
    "如何 谁 是否 是不是 有没有 能否 吗 呢 么 吧 啊"
)
FUNCTION_WORDS = _word_set(
    "的 了 着 是 在 和 与 及 以及 或 或者 被 把 对 对于 于 从 到 由 为 之 其 这 那 这个 那个 有 "
    "也 都 就 而 并 将 会 能 所 等 中 上 下 里 给 让 向 个 位 次 第 请问 一下"
)
# What a question asks for (时间 in 首次会议的时间): dropped, when other words remain, as a
# text that answers gives the date itself rather than the word.
ASKED_FOR = _word_set("时间 时候 日期 地点 地方 原因 名字 名称 人数 数量 情况 结果 具体 分别 目前")


@lru_cache(maxsize=1)
def _traditional_only() -> frozenset[str]:
    """Characters used only in traditional writing; 覆 is left out, as simplified 覆盖 uses it."""
    if _zhconv_tables.zhcdicts is None:
        _zhconv_tables.loaddict(_zhconv_tables.DICTIONARY)
    return frozenset(_zhconv_tables.zhcdicts["TRADONLY"]) - {"覆"}


def to_simplified(text: str) -> str:
    """``text`` in simplified characters; simplified text is returned as is, after a cheap check."""
    # zhconv is dear next to the rest, the set check cheap, and nearly all mainland text
    # has no traditional-only character at all.
    if _traditional_only().isdisjoint(text):
        return text
    return zhconv.convert(text, "zh-hans")


# The full-width punctuation of nearly every Chinese text, with what NFKC makes of it.
_COMMON_WIDE = [(chr(c), chr(c - 0xFEE0)) for c in map(ord, "，：（）！？；％")] + [("\u3000", " ")]


def fold(text: str) -> str:
    """``text`` as both sides of the index compare it: half-width, simplified, lower case."""
    # NFKC turns full-width letters and digits into ASCII, so ＧＤＰ matches GDP. Its quick
    # check fails on full-width punctuation, and the slow path is a dear one; replacing the
    # common marks first (exactly as NFKC would) lets most texts take the fast one.
    for wide, narrow in _COMMON_WIDE:
        if wide in text:
            text = text.replace(wide, narrow)
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


def _run_tokens(run: str, size: int) -> list[str]:
    """One token per character of ``run``: the n-gram starting there (shorter at the end)."""
    if size == 2:
        # map() over two strings builds the bigrams in C; the last character stands alone.
        return [*map(add, run, run[1:]), run[-1]]
    return [run[i : i + size] for i in range(len(run))]


def index_text(text: str) -> str:
    """The tokens stored for ``text``, space-joined (see the module docstring)."""
    out: list[str] = []
    for han, other in _RUN.findall(fold(text)):
        out += _run_tokens(han, HAN_GRAM) if han else _run_tokens(other, OTHER_GRAM)
    return " ".join(out)


@lru_cache(maxsize=64)
def index_tokens(text: str) -> tuple[str, ...]:
    """The token stream stored for ``text``, as a tuple (see ``index_text``)."""
    return tuple(index_text(text).split())


# --- the query as a small expression tree, rendered by each backend -------------------------


@dataclass(frozen=True)
class Seq:
    """Tokens at consecutive positions; ``prefix``: the last one is a prefix of the token."""

    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class AnyOf:
    """At least one of the parts matches."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class AllOf:
    """Every part matches."""

    parts: tuple[Expr, ...]


Expr = Seq | AnyOf | AllOf


def piece_expr(piece: str) -> Seq | None:
    """How a piece of text is found as a substring: the phrase of its n-grams."""
    runs = [(han, other) for han, other in _RUN.findall(fold(piece))]
    if not runs:
        return None
    tokens: list[str] = []
    for i, (han, other) in enumerate(runs):
        run, size = (han, HAN_GRAM) if han else (other, OTHER_GRAM)
        if i < len(runs) - 1:
            # A run inside the piece is a whole run of the text: all of its tokens, in order.
            tokens += _run_tokens(run, size)
        elif len(run) >= size:
            tokens += [run[j : j + size] for j in range(len(run) - size + 1)]
        elif han:
            # One Han character: every character starts a token, so it is a prefix query.
            return Seq((*tokens, run), prefix=True)
        else:
            tokens.append(run)  # 5g, ai: the end of a run of letters and digits
    return Seq(tuple(tokens))


@dataclass
class ParsedQuery:
    """What a reader asked for, as match tiers: ``must`` every piece as typed (quoted phrases
    included), ``words`` the content words of the unquoted pieces, ``required`` the quoted
    phrases that every tier needs, ``must_not`` the excluded pieces."""

    must: list[Expr] = field(default_factory=list)
    words: list[Expr] = field(default_factory=list)
    required: list[Expr] = field(default_factory=list)
    must_not: list[Expr] = field(default_factory=list)
    # The content words, folded.
    terms: list[str] = field(default_factory=list)
    # Each positive piece as typed (quotes included) with its expression, for the suggestion
    # of the query without its rarest piece.
    parts: list[tuple[str, Expr]] = field(default_factory=list)
    # Folded strings to <mark> in titles and snippets.
    highlights: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """True when nothing positive is left to match (an empty or exclusion-only query)."""
        return not self.must


def content_words(text: str) -> list[str]:
    """The words of ``text`` that say what it is about: no question or function words, and no
    single characters (年, 5) or answer types (时间) while longer words remain."""
    # Search mode adds the words inside a long word (踩踏 and 事故 of 踩踏事故), so a text that
    # writes them apart still matches some.
    words = [w for w in segment(fold(text), "search") if _RUN.search(w)]
    kept = [w for w in words if w not in QUESTION_WORDS and w not in FUNCTION_WORDS]
    longer = [w for w in kept if len(w) > 1 and w not in ASKED_FOR]
    return list(dict.fromkeys(longer or kept))


def parse_query(q: str) -> ParsedQuery:
    """Parse a reader's query: pieces, ``"短语"`` phrases and ``-排除`` exclusions; never raises."""
    parsed = ParsedQuery()
    for match in _QUERY_PART.finditer((q or "")[:MAX_QUERY_CHARS]):
        negate = match.group(1) == "-"
        quoted = next((g for g in match.group(2, 3, 4) if g is not None), None)
        text = quoted if quoted is not None else match.group(5)
        expr = piece_expr(text)
        if expr is None:
            continue
        if negate:
            parsed.must_not.append(expr)
            continue
        parsed.must.append(expr)
        parsed.parts.append((match.group(0), expr))
        parsed.highlights.append(fold(" ".join(text.split())))
        if quoted is not None:
            parsed.required.append(expr)
            continue
        for word in content_words(text):
            word_expr = piece_expr(word)
            if word_expr is not None and word not in parsed.terms:
                parsed.terms.append(word)
                parsed.words.append(word_expr)
                parsed.highlights.append(word)
    # Very long queries make slow scans; the first words carry the intent.
    parsed.must = parsed.must[:MAX_CLAUSES]
    parsed.words = parsed.words[:MAX_CLAUSES]
    parsed.terms = parsed.terms[:MAX_CLAUSES]
    parsed.must_not = parsed.must_not[:MAX_CLAUSES]
    return parsed


def any_of_words(terms: list[str]) -> Expr | None:
    """An expression matching documents with any of ``terms`` (for more-like-this)."""
    exprs = list(dict.fromkeys(e for e in map(piece_expr, terms) if e is not None))
    if not exprs:
        return None
    return exprs[0] if len(exprs) == 1 else AnyOf(tuple(exprs))
