"""Parse the reference page text (title, account, time, count, body, hot list) into plain values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

CUT_MARK = "..."


@dataclass
class HotItem:
    title: str
    summary: str
    title_was_cut: bool


@dataclass
class ReferencePage:
    title: str
    account: str
    published: datetime
    view_count: int
    paragraphs: list[str]
    hot: list[HotItem] = field(default_factory=list)


def parse_hot_line(line: str) -> HotItem:
    """Split `标题... 摘要...` (or a whole short title, a space, then the summary)."""
    mark = line.find(CUT_MARK + " ")
    if 0 <= mark <= 20:
        title, rest, was_cut = line[:mark], line[mark + len(CUT_MARK):], True
    else:
        title, _, rest = line.partition(" ")
        was_cut = False
    summary = rest.strip()
    if summary.endswith(CUT_MARK):
        summary = summary[: -len(CUT_MARK)]
    return HotItem(title=title.strip(), summary=summary.strip(), title_was_cut=was_cut)


def parse_reference_page(text: str) -> ReferencePage:
    """The page's parts in order; raises ValueError naming the part that is missing."""
    lines = [line.rstrip() for line in text.splitlines()]
    if len(lines) < 5:
        raise ValueError("reference page is too short: expected title, account, time, count and body")
    title, account, stamp, count = (line.strip() for line in lines[:4])
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", stamp):
        raise ValueError(f"reference page line 3 is not a time like 2025-03-14 20:29:29: {stamp!r}")
    try:
        related_at = lines.index("相关内容")
        hot_at = lines.index("热门资讯")
    except ValueError:
        raise ValueError("reference page has no 相关内容 / 热门资讯 headings") from None
    paragraphs = [line.strip() for line in lines[4:related_at] if line.strip()]
    hot = [parse_hot_line(line.strip()) for line in lines[hot_at + 1:] if line.strip()]
    return ReferencePage(
        title=title,
        account=account,
        published=datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S"),
        view_count=int(count),
        paragraphs=paragraphs,
        hot=hot,
    )
