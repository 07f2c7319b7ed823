"""Polling feeds from a real HTTP server on 127.0.0.1: what gets stored, and what the feed records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tests.sources.conftest import RSS, fixture_bytes
from zixun.articles.models import Article
from zixun.pipeline.poller import poll_feed
from zixun.sources import queue
from zixun.sources.models import Feed


def poll(feed: Feed, policy):
    claims = queue.claim_feeds(1, feed_ids=[feed.pk])
    assert claims, "the feed should be claimable"
    run = poll_feed(claims[0], policy=policy)
    feed.refresh_from_db()
    return run


@pytest.mark.parametrize("name, kind", [
    ("rss2.xml", "application/rss+xml"),
    ("atom.xml", "application/atom+xml"),
    ("feed.json", "application/feed+json"),
])
def test_each_feed_format_stores_its_items_once(http_server, make_feed, policy, name, kind):
    srv = http_server({"/feed": (200, {"Content-Type": kind}, fixture_bytes(name))})
    feed = make_feed(srv.url("/feed"))
    first = poll(feed, policy)
    assert (first.counts.created, first.counts.failed) == (3, 0)
    again = poll(feed, policy)
    assert again.counts.created == 0 and again.counts.unchanged == 3
    assert Article.objects.filter(feed=feed).count() == 3
    assert feed.last_error == "" and feed.error_count == 0 and feed.last_checked_at


def test_feed_items_are_sanitised_analysed_and_credited(http_server, make_feed, policy):
    srv = http_server({"/feed": (200, RSS, fixture_bytes("rss2.xml"))})
    feed = make_feed(srv.url("/feed"))
    poll(feed, policy)
    article = Article.objects.get(guid__endswith="xwlb-20220924-02")
    assert "<script" not in article.body_html and "alert" not in article.body_text
    assert article.source.name == "测试来源"
    assert article.original_url == srv.url("/news/20220924-02.html")
    assert article.summary and article.keywords
    assert article.published_at == datetime(2022, 9, 24, 11, tzinfo=UTC)


def test_a_changed_item_updates_its_article(http_server, make_feed, policy):
    original = fixture_bytes("rss2.xml")
    srv = http_server({"/feed": (200, RSS, original)})
    feed = make_feed(srv.url("/feed"))
    poll(feed, policy)
    changed = original.replace("稻菽飘香".encode(), "稻谷飘香".encode())
    srv.routes["/feed"] = (200, RSS, changed)
    run = poll(feed, policy)
    assert (run.counts.updated, run.counts.unchanged, run.counts.created) == (1, 2, 0)
    assert Article.objects.filter(title__contains="稻谷飘香").count() == 1
    assert not Article.objects.filter(title__contains="稻菽飘香").exists()


def test_conditional_get_answered_304_stores_nothing_and_keeps_validators(
    http_server, make_feed, policy
):
    def route(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {**RSS, "ETag": '"v1"', "Last-Modified": "Sat, 24 Sep 2022 12:00:00 GMT"}, \
            fixture_bytes("rss2.xml")

    srv = http_server({"/feed": route})
    feed = make_feed(srv.url("/feed"))
    poll(feed, policy)
    assert feed.etag == '"v1"'
    run = poll(feed, policy)
    assert run.not_modified and run.counts.total == 0
    feed_requests = [r for r in srv.requests if r.path == "/feed"]
    assert feed_requests[-1].headers["If-Modified-Since"] == "Sat, 24 Sep 2022 12:00:00 GMT"
    assert feed.etag == '"v1"' and feed.error_count == 0


def test_malformed_feed_keeps_its_items_records_the_error_and_backs_off(
    http_server, make_feed, policy
):
    srv = http_server({"/bad": (200, RSS, fixture_bytes("wechat-malformed-MzU1Nzg1MzI0OA.xml"))})
    feed = make_feed(srv.url("/bad"), fetch_pages=False, check_interval_minutes=30)
    before = timezone.now()
    run = poll(feed, policy)
    assert run.counts.created == 18
    assert "格式有误" in feed.last_error and feed.error_count == 1
    assert feed.next_check_at - before > timedelta(minutes=50)
    assert feed.status() == "error"


def test_server_error_is_recorded_in_words_with_growing_backoff(http_server, make_feed, policy):
    srv = http_server({"/feed": (500, {"Content-Type": "text/plain"}, b"oops")})
    feed = make_feed(srv.url("/feed"), check_interval_minutes=10)
    waits = []
    for _ in range(3):
        Feed.objects.filter(pk=feed.pk).update(next_check_at=timezone.now())
        started = timezone.now()
        poll(feed, policy)
        waits.append(feed.next_check_at - started)
    assert "500" in feed.last_error and feed.error_count == 3
    assert waits[0] < waits[1] < waits[2]


def test_real_wechat_feed_without_page_fetching_stores_each_item_once(
    http_server, make_feed, policy
):
    srv = http_server({"/wx": (200, RSS, fixture_bytes("wechat-Mzk0MzEzMDM3NQ.xml"))})
    feed = make_feed(srv.url("/wx"), fetch_pages=False)
    assert poll(feed, policy).counts.created == 8
    assert poll(feed, policy).counts.unchanged == 8
    assert Article.objects.filter(original_url__startswith="https://mp.weixin.qq.com/").count() == 8


def test_teaser_items_are_completed_from_their_pages(http_server, make_feed, policy):
    page = (
        "<html><head><title>稻菽飘香 各地丰收忙_新闻</title></head><body><article>"
        "<h1>稻菽飘香 各地丰收忙</h1>"
        + "".join(f"<p>第{n}段：金秋时节，各地抢抓晴好天气收获秋粮，农机在田间来回穿梭。</p>"
                  for n in range(8))
        + "</article></body></html>"
    )
    rss = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>稻菽飘香 各地丰收忙</title><link>/p/1.html</link><guid>p-1</guid>"
        "<description>金秋时节</description></item></channel></rss>"
    )
    srv = http_server({
        "/feed": (200, RSS, rss),
        "/p/1.html": (200, {"Content-Type": "text/html; charset=utf-8"}, page),
    })
    feed = make_feed(srv.url("/feed"))
    assert poll(feed, policy).counts.created == 1
    article = Article.objects.get()
    assert "第7段" in article.body_text
    assert poll(feed, policy).counts.unchanged == 1
    assert srv.paths().count("/p/1.html") == 1, "a stored teaser's page is not fetched again"


def test_an_item_whose_page_fails_is_retried_on_the_next_poll(http_server, make_feed, policy):
    rss = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>一条新闻</title><link>/p/2.html</link><guid>p-2</guid></item>"
        "</channel></rss>"
    )
    srv = http_server({"/feed": (200, {**RSS, "ETag": '"e"'}, rss)})
    feed = make_feed(srv.url("/feed"))
    run = poll(feed, policy)
    assert run.counts.failed == 1 and "404" in run.counts.failures[0].reason
    assert feed.etag == "", "without validators the next poll gets the whole feed again"
    assert "下次检查时重试" in feed.last_error and feed.error_count == 0
