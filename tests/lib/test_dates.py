"""Chinese date/time strings as editors see them on news pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from zixun.lib.dates import SHANGHAI, parse_chinese_datetime

NOW = datetime(2025, 3, 14, 21, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025年3月14日 20:29", datetime(2025, 3, 14, 20, 29)),
        ("2025-03-14 20:29:29", datetime(2025, 3, 14, 20, 29, 29)),
        ("发布时间：2019-09-07 13:43:45", datetime(2019, 9, 7, 13, 43, 45)),
        ("2019年06月15日08:18", datetime(2019, 6, 15, 8, 18)),
        ("2025/3/14", datetime(2025, 3, 14)),
        ("发表于2014-08-24 21:30| 1164次阅读", datetime(2014, 8, 24, 21, 30)),
        ("18-03-08 23:16", datetime(2018, 3, 8, 23, 16)),
        ("２０１９年１１月２５日 １６：０４", datetime(2019, 11, 25, 16, 4)),
        ("发布时间：03-14 20:29", datetime(2025, 3, 14, 20, 29)),
        ("3月10日 08:00", datetime(2025, 3, 10, 8, 0)),
    ],
)
def test_absolute_formats_are_read_in_beijing_time(text, expected):
    assert parse_chinese_datetime(text, now=NOW) == expected.replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("text", "ago"),
    [
        ("3小时前", timedelta(hours=3)),
        ("5分钟前", timedelta(minutes=5)),
        ("刚刚", timedelta(0)),
        ("2天前", timedelta(days=2)),
    ],
)
def test_relative_times_count_back_from_now(text, ago):
    assert parse_chinese_datetime(text, now=NOW) == NOW - ago


def test_yesterday_with_a_time_is_the_previous_calendar_day():
    assert parse_chinese_datetime("昨天 10:20", now=NOW) == datetime(
        2025, 3, 13, 10, 20, tzinfo=SHANGHAI
    )


def test_month_day_in_december_read_in_january_belongs_to_last_year():
    january = datetime(2025, 1, 2, 9, 0, tzinfo=SHANGHAI)
    assert parse_chinese_datetime("12-31 23:10", now=january).year == 2024


def test_an_explicit_zone_is_kept():
    parsed = parse_chinese_datetime("2019-11-17T08:30:00Z")
    assert parsed == datetime(2019, 11, 17, 8, 30, tzinfo=UTC)
    assert parse_chinese_datetime("2019-11-17T08:30:00+0800").utcoffset() == timedelta(hours=8)


def test_text_without_a_date_gives_none():
    assert parse_chinese_datetime("比分 3-1，阅读 1164 次", now=NOW) is None
    assert parse_chinese_datetime("", now=NOW) is None


def test_output_is_always_aware():
    assert parse_chinese_datetime("2025-03-14").isoformat() == "2025-03-14T00:00:00+08:00"
