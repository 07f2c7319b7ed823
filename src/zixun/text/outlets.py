"""Outlet names by shape and by gazetteer: where a credit's outlet starts and ends.

An outlet's name ends in one of a few words (…报, …网, …社, …台, …新闻, …客户端, a portal's
channel such as 新浪体育), so an unknown outlet is found when something marks where it starts: the
start of a paragraph, a space or a punctuation mark. Where a title is glued to it (THUCNews stores
`…季后赛复出新浪体育讯…`) nothing marks the start, and only names of the gazetteer
(data/outlets.txt, built by build_outlets from the corpora) are taken.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

# The last word of an outlet's name, longest first within each family.
OUTLET_SUFFIX = (
    "新闻网|新闻社|通讯社|电视台|广播电台|客户端|在线|频道|之声|周刊|杂志|新闻|之家|日报|晚报|晨报|时报"
    "|商报|快报|网|社|报|台|财经|体育|娱乐|科技|汽车|家居|房产|教育|时尚|游戏|界|APP|App|app"
)
_SHAPE = re.compile(rf"[\u4e00-\u9fffA-Za-z0-9·]{{1,12}}?(?:{OUTLET_SUFFIX})")
_SUFFIX_AT_END = re.compile(rf"(?:{OUTLET_SUFFIX})$")
_NAME_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9·]*")
_SUFFIX_WORDS = frozenset(OUTLET_SUFFIX.split("|"))
# A portal's channel: a two-character brand and a channel word (新浪体育, 腾讯科技, 某某家居).
_CHANNELS = "体育|娱乐|财经|科技|汽车|家居|房产|教育|时尚|游戏"
_PORTAL_CHANNEL = re.compile(rf"[\u4e00-\u9fff]{{2}}(?:{_CHANNELS})$")
# Characters no outlet's name holds: they belong to prose (的 刚 发布 …) or to a credit.
_NOT_IN_NAME = frozenset("的了是在从对向和与被给把将就也还又刚已称说据记者讯电")
_DATA = Path(__file__).parent / "data" / "outlets.txt"
# An unknown outlet is taken by its shape only up to this length: a longer run is a title or prose.
MAX_UNKNOWN = 10


@lru_cache(maxsize=1)
def gazetteer() -> frozenset[str]:
    """The known outlet names (data/outlets.txt)."""
    lines = _DATA.read_text("utf-8").splitlines() if _DATA.exists() else []
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def has_outlet_shape(name: str) -> bool:
    """True for a name shaped like an outlet's: 2–14 characters ending in an outlet word."""
    return (
        2 <= len(name) <= 14
        and _NAME_CHARS.fullmatch(name) is not None
        and _SUFFIX_AT_END.search(name) is not None
        and not _NOT_IN_NAME.intersection(name)
        and "本报" not in name and "本台" not in name and "本网" not in name
    )


def trim_glued(outlet: str) -> str | None:
    """An outlet read off a line whose title is glued to it: `…美华裔维权誓抗争到底中新网`.

    The longest known name ending it, or None: where the title ends is not known otherwise.
    """
    return outlet_ending(outlet, bounded=False)


def outlet_ending(run: str, bounded: bool) -> str | None:
    """The outlet whose name ends `run`, or None.

    `bounded`: `run` starts where something (a line start, a space, a punctuation mark) marks
    a name's start, so the whole run may be an unknown outlet of the right shape; otherwise
    (a title glued before it) only the longest known name ending the run counts.
    """
    known = gazetteer()
    for start in range(max(0, len(run) - 12), len(run) - 1):
        if run[start:] in known:
            return run[start:]
    channel = _PORTAL_CHANNEL.search(run)
    if channel and has_outlet_shape(channel.group()):
        return channel.group()
    if bounded and len(run) <= MAX_UNKNOWN and has_outlet_shape(run):
        return run
    return None


def outlet_opening(run: str, bounded: bool) -> tuple[str, str] | None:
    """(outlet, rest) when `run` opens with an outlet: `中新网天津` → (中新网, 天津).

    Known names are tried first, longest first; an unknown name of the right shape only when the
    run is `bounded`, and then the shortest such name (the rest is a place).
    """
    known = gazetteer()
    for end in range(min(len(run), 12), 1, -1):
        if run[:end] in known:
            return run[:end], run[end:]
    if bounded:
        match = _SHAPE.match(run)
        if match and len(match.group()) <= MAX_UNKNOWN and has_outlet_shape(match.group()):
            return match.group(), run[match.end() :]
    return None
