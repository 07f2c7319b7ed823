"""Whether a feed entry carries the article or only a teaser of it, read from its structure.

A feed that carries the full text is stored as it is; only a teaser sends the worker to the
article's page. An entry is a teaser when any of these holds:

1. its text is shorter than ``TEASER_CHARS`` characters (a title-and-link feed has none at all);
2. it ends with a mark that the text goes on elsewhere: an ellipsis (…, ..., [...]) or a
   "read on" phrase (阅读全文, 查看全文, 阅读原文, 点击查看, more, read more, continue reading),
   as the last words or as the text of its last link;
3. the feed cuts its entries at one length: at least ``CUT_MIN_ENTRIES`` entries, and a share
   ``CUT_SHARE`` of all, within ``CUT_SPREAD`` characters of the longest (a cut at N characters
   leaves them all at about N, where whole articles vary in length); those are teasers;
4. it is much shorter than what the feed typically carries: under ``TYPICAL_SHARE`` of the
   median length of the feed's entries, when that median is itself a full article's length.

Lengths count characters of text without white space, so markup and layout do not count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from statistics import median

TEASER_CHARS = 200
CUT_MIN_ENTRIES = 3
CUT_SPREAD = 3
CUT_SHARE = 0.6
TYPICAL_SHARE = 0.25
CONTINUATION = re.compile(
    r"(…+|\.{3,}|\[…\]|\[\.\.\.\]|阅读全文|查看全文|阅读原文|全文阅读|点击查看|点击阅读|"
    r"read more|continue reading|more)[\s»>›→)）\]】]*$",
    re.IGNORECASE,
)
LAST_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>\s*(?:</[a-z0-9]+>\s*)*$", re.IGNORECASE | re.DOTALL)
TAGS = re.compile(r"<[^>]+>")


def text_length(text: str) -> int:
    """Characters of ``text`` without white space."""
    return len("".join(text.split()))


def ends_as_continued(text: str, html: str = "") -> bool:
    """Whether the text ends with an ellipsis or a "read on" phrase, or its HTML with such a link."""
    if CONTINUATION.search(text.strip()):
        return True
    link = LAST_LINK.search(html.strip())
    return bool(link and CONTINUATION.search(TAGS.sub("", link.group(1)).strip()))


def cut_length(lengths: Sequence[int]) -> int | None:
    """The length a feed cuts its entries at, or None when the lengths vary as whole texts do."""
    sized = [n for n in lengths if n >= TEASER_CHARS]
    if len(sized) < CUT_MIN_ENTRIES:
        return None
    longest = max(sized)
    at_cut = [n for n in sized if longest - n <= CUT_SPREAD]
    cut = len(at_cut) >= CUT_MIN_ENTRIES and len(at_cut) >= CUT_SHARE * len(lengths)
    return longest if cut else None


def teasers(texts: Sequence[tuple[str, str]]) -> list[bool]:
    """For each entry of one feed, as (text, html), whether it is a teaser (rules above)."""
    lengths = [text_length(text) for text, _html in texts]
    cut = cut_length(lengths)
    typical = median(lengths) if lengths else 0
    short_of_typical = typical >= 3 * TEASER_CHARS
    result = []
    for (text, html), length in zip(texts, lengths, strict=True):
        result.append(
            length < TEASER_CHARS
            or ends_as_continued(text, html)
            or (cut is not None and cut - length <= CUT_SPREAD)
            or (short_of_typical and length < TYPICAL_SHARE * typical)
        )
    return result
