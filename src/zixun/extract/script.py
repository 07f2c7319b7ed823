"""Reading Traditional Chinese pages with rules written in Simplified, and storing them as printed.

The credit and boilerplate rules (zixun.text) speak Simplified: 记者, 责任编辑, 来源, 版权所有.
A Taiwan or Hong Kong page prints 記者, 責任編輯, 來源, 版權所有. Rather than doubling every rule,
extraction reads a Simplified copy of the text and takes what the rules found back from the
original at the same place, so names and text are kept in the script the page was published in.
"""

from __future__ import annotations

from functools import lru_cache

import zhconv
from zhconv import zhconv as _tables


@lru_cache(maxsize=1)
def _traditional_only() -> frozenset[str]:
    if _tables.zhcdicts is None:
        _tables.loaddict(_tables.DICTIONARY)
    # 覆 is also Simplified (覆盖), so its presence proves nothing.
    return frozenset(_tables.zhcdicts["TRADONLY"]) - {"覆"}


def simplified(text: str) -> str:
    """``text`` in Simplified characters (unchanged, and at no cost, when it has no Traditional)."""
    if not text or _traditional_only().isdisjoint(text):
        return text
    return zhconv.convert(text, "zh-hans")


def as_published(found: str | None, simplified_text: str, original: str) -> str | None:
    """``found`` (read from ``simplified_text``) as ``original`` prints it at the same place."""
    if not found or simplified_text is original or len(simplified_text) != len(original):
        return found
    at = simplified_text.find(found)
    return original[at:at + len(found)] if at >= 0 else found


def names_as_published(names: list[str], simplified_text: str, original: str) -> list[str]:
    return [as_published(name, simplified_text, original) or name for name in names]
