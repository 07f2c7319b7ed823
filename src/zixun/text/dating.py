"""The day the original of a repost appeared, when its text says so.

A repost carries the date it was posted here; the story may be much older. Its credits tell:
the dateline (`新华社北京7月26日电`), the report it retells (`据《读卖新闻》7月21日报道`), or a
date with its year opening the story (`2012年7月16日上午，…`). Dates without a year were resolved
against the repost's date by parse_byline, so none lands after it; a date that could not be
resolved was left out, and nothing here guesses one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re

from zixun.text.byline import Byline

# A date with its year in the story's first sentence: a fact about the story, not a guess.
_FULL_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_FIRST_SENTENCE = re.compile(r"[^。！？\n]{0,80}")
# Shown only when the original is older than this: a story written the day before it is posted
# is news, not a repost of an older story.
MIN_AGE = dt.timedelta(days=1)


def original_date(byline: Byline, posted: dt.date | None, text: str = "") -> dt.date | None:
    """The original's date when the credits or the story's opening date it before `posted`.

    `text`: the story (after its credits), whose first sentence may date it with a full date.
    None when nothing dates it, when the date falls after `posted` (a typo or a forecast) or when
    it is within MIN_AGE of it.
    """
    for day in _candidates(byline, text):
        if posted is None:
            return day
        if day <= posted and posted - day > MIN_AGE:
            return day
        if day <= posted:
            return None  # the credits date it to the posting: not an old story
    return None


def original_date_label(day: dt.date) -> str:
    """How a page says it: `原发于 2024年7月21日`."""
    return f"原发于 {day.year}年{day.month}月{day.day}日"


def _candidates(byline: Byline, text: str) -> list[dt.date]:
    """Dates of the original, most telling first: dateline, retold report, story's opening."""
    days = [byline.original_date] if byline.original_date else []
    days += [cited.date for cited in byline.cited_sources[:1] if cited.date]
    opening = _FIRST_SENTENCE.match(text.lstrip())
    full = _FULL_DATE.search(opening.group()) if opening else None
    if full:
        with contextlib.suppress(ValueError):  # 2月30日: no such day
            days.append(dt.date(int(full["y"]), int(full["m"]), int(full["d"])))
    return days
