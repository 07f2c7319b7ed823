"""Parse the dates and times Chinese news pages print into aware datetimes (Beijing by default)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

# The zone Chinese pages and wires print their times in, whatever zone the site shows times in.
SHANGHAI = ZoneInfo("Asia/Shanghai")

_FULLWIDTH = str.maketrans("０１２３４５６７８９：／－", "0123456789:/-")
_LABEL = re.compile(
    r"^\s*(?:发布时间|发表时间|发布日期|发表于|发布于|更新时间|时间|日期|发布|来源时间)\s*[:：]?\s*"
)
_TIME = r"(?:\s*|\s*T\s*|日?\s*)(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:[:：分](\d{1,2}))?(?:秒)?"
_ZONE = r"(?:\s*(Z|[+-]\d{2}:?\d{2}))?"
_FULL = re.compile(
    r"(\d{4}|\d{2})(?:\s*[-/.年]\s*|\s+)(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:" + _TIME + r")?"
    + _ZONE
)
_MONTH_DAY = re.compile(r"(?<![\d-])(\d{1,2})\s*[-/月]\s*(\d{1,2})\s*日?(?:" + _TIME + r")?")
_DAY_WORD = re.compile(r"(今天|昨天|前天)\s*(?:(\d{1,2})[:：](\d{1,2}))?")
_AGO = re.compile(r"(\d+|半)\s*(秒|分钟|分|小时|个小时|天|日|周|星期|个月|月|年)前")
_UNITS = {
    "秒": timedelta(seconds=1), "分钟": timedelta(minutes=1), "分": timedelta(minutes=1),
    "小时": timedelta(hours=1), "个小时": timedelta(hours=1), "天": timedelta(days=1),
    "日": timedelta(days=1), "周": timedelta(weeks=1), "星期": timedelta(weeks=1),
    "个月": timedelta(days=30), "月": timedelta(days=30), "年": timedelta(days=365),
}
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")


def parse_chinese_datetime(text: str, now: datetime | None = None) -> datetime | None:
    """The first date/time in ``text`` as an aware datetime, or None; relative ones use ``now``."""
    if not text:
        return None
    cleaned = _LABEL.sub("", text.translate(_FULLWIDTH).strip())
    now = _aware(now or datetime.now(SHANGHAI)).astimezone(SHANGHAI)
    if _EPOCH.match(cleaned):
        return datetime.fromtimestamp(int(cleaned[:10]), SHANGHAI)
    for parse in (_parse_full, _parse_relative, _parse_month_day):
        found = parse(cleaned, now)
        if found is not None:
            return found
    return None


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=SHANGHAI)


def _build(
    year: int, month: int, day: int, hms: tuple[str | None, ...], zone: str | None = None
) -> datetime | None:
    hour, minute, second = (int(part) if part else 0 for part in hms)
    tz: timezone | ZoneInfo = SHANGHAI
    if zone:
        tz = UTC if zone == "Z" else _offset(zone)
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except ValueError:
        return None


def _offset(zone: str) -> timezone:
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))


def _parse_full(text: str, now: datetime) -> datetime | None:
    for match in _FULL.finditer(text):
        year_text, month, day, hour, minute, second, zone = match.groups()
        year = int(year_text)
        if len(year_text) == 2:
            # Two-digit years ("18-03-08 23:16") on news pages are this century.
            year += 2000
        elif year < 1900:
            continue
        found = _build(year, int(month), int(day), (hour, minute, second), zone)
        if found is not None:
            return found
    return None


def _parse_relative(text: str, now: datetime) -> datetime | None:
    if "刚刚" in text:
        return now.replace(microsecond=0)
    match = _AGO.search(text)
    if match:
        amount = 0.5 if match.group(1) == "半" else int(match.group(1))
        return (now - amount * _UNITS[match.group(2)]).replace(microsecond=0)
    match = _DAY_WORD.search(text)
    if match:
        back = {"今天": 0, "昨天": 1, "前天": 2}[match.group(1)]
        day = (now - timedelta(days=back)).date()
        return _build(day.year, day.month, day.day, (match.group(2), match.group(3), None))
    return None


def _parse_month_day(text: str, now: datetime) -> datetime | None:
    """``03-14 20:29``: the most recent such moment not after ``now`` (year boundaries)."""
    for match in _MONTH_DAY.finditer(text):
        month, day, hour, minute, second = match.groups()
        if hour is None and "月" not in match.group(0):
            continue  # a bare "3-14" is more often a score or a range than a date
        found = _build(now.year, int(month), int(day), (hour, minute, second))
        if found is None:
            continue
        if found > now + timedelta(days=1):
            found = _build(now.year - 1, int(month), int(day), (hour, minute, second))
        return found
    return None
