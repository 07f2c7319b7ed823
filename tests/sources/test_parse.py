"""Feed parsing and discovery: pure functions over real fixture bytes, no database."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from zixun.sources.discovery import feed_links
from zixun.sources.parse import FeedParseError, parse_feed
from zixun.sources.schedule import MAX_BACKOFF, next_check

FEEDS = Path(__file__).parent.parent / "fixtures" / "feeds"
BASE = "http://127.0.0.1:8000/feeds/"


def read(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


def test_rss_entries_keep_guid_absolute_untracked_link_date_and_full_content():
    feed = parse_feed(read("rss2.xml"), BASE)
    assert feed.version == "rss20"
    first = feed.entries[0]
    assert first.guid == "xwlb-20220924-02"
    assert first.url == "http://127.0.0.1:8000/news/20220924-02.html"
    assert first.published_at == datetime(2022, 9, 24, 11, 0, tzinfo=UTC)
    assert "稻菽飘香" in first.title
    assert first.content_html.count("<p>") >= 2
    assert first.tags == ["时政"]


def test_atom_entries_read_id_author_and_html_content():
    feed = parse_feed(read("atom.xml"), BASE)
    assert feed.version == "atom10"
    assert [e.guid for e in feed.entries][0] == "urn:xwlb:20220924-05"
    assert feed.entries[0].author == "央视网"
    assert "<p>" in feed.entries[0].content_html


def test_json_feed_items_become_entries_with_text_turned_into_paragraphs():
    feed = parse_feed(read("feed.json"), BASE)
    assert feed.version == "json1.1"
    entry = feed.entries[0]
    assert entry.url == "http://127.0.0.1:8000/json/20220925-01.html"
    assert entry.published_at.utcoffset() == timedelta(hours=8)
    assert entry.content_html.startswith("<p>") and entry.author == "央视网"


def test_real_wechat_feed_gives_every_item():
    feed = parse_feed(read("wechat-MzI1Mzk1MTEwNQ.xml"))
    assert len(feed.entries) == 7
    assert all(e.url.startswith("https://mp.weixin.qq.com/s/") for e in feed.entries)
    assert feed.problem == ""


def test_malformed_feed_keeps_what_it_can_and_says_what_is_wrong():
    feed = parse_feed(read("wechat-malformed-MzU1Nzg1MzI0OA.xml"))
    assert len(feed.entries) == 18
    assert "格式有误" in feed.problem and "18" in feed.problem


@pytest.mark.parametrize("content", [b"<html><body>hello</body></html>", b"", b'{"a": 1}'])
def test_bytes_that_are_no_feed_are_refused_with_a_hint(content):
    with pytest.raises(FeedParseError, match="订阅源|JSON Feed"):
        parse_feed(content)


def test_page_announces_its_feeds_through_link_rel_alternate():
    html = """<html><head><title>站点</title>
      <link rel="stylesheet" href="/s.css">
      <link rel="alternate" type="application/rss+xml" href="/rss.xml?utm_source=x">
      <link rel="alternate" type="application/atom+xml" href="https://cdn.example.org/atom">
      <link rel="alternate" hreflang="en" href="/en/"></head></html>"""
    assert feed_links(html, "https://example.org/news/") == [
        "https://example.org/rss.xml", "https://cdn.example.org/atom",
    ]


def test_backoff_doubles_after_each_error_and_stops_at_a_day():
    now = datetime(2025, 1, 1, tzinfo=UTC)
    rng = random.Random(0)
    assert next_check(now, 30, 0) == now + timedelta(minutes=30)
    delays = [next_check(now, 30, errors, rng=rng) - now for errors in (1, 2, 3)]
    for errors, delay in zip((1, 2, 3), delays, strict=True):
        expected = timedelta(minutes=30 * 2**errors)
        assert expected * 0.9 <= delay <= expected * 1.1
    assert next_check(now, 30, 500, rng=rng) - now <= MAX_BACKOFF * 1.1
