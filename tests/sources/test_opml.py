"""Subscriptions in bulk: OPML and plain lists in, OPML out, nothing fetched until the worker
polls, and a site's address followed to its feed then."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tests.sources.conftest import RSS, fixture_bytes
from zixun.pipeline.poller import poll_feed
from zixun.pipeline.subscribe import export_opml, subscribe_many
from zixun.sources import queue
from zixun.sources.models import Feed
from zixun.sources.opml import SubscriptionListError, read_subscriptions

OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>我的订阅</title></head><body>
  <outline text="科技" title="科技">
    <outline type="rss" text="少数派" title="少数派" xmlUrl="https://sspai.com/feed" htmlUrl="https://sspai.com/"/>
    <outline type="rss" text="爱范儿" xmlUrl="https://www.ifanr.com/feed"/>
  </outline>
  <outline type="rss" text="新华网" title="新华网" xmlUrl="http://www.xinhuanet.com/politics/news_politics.xml"/>
  <outline type="rss" text="坏的" xmlUrl="javascript:alert(1)"/>
</body></opml>"""


def feeds_seen() -> set[tuple[str, str, str]]:
    return {(f.url, f.title, f.channel.name if f.channel else "")
            for f in Feed.objects.select_related("channel")}


@pytest.mark.django_db
def test_opml_subscribes_in_folders_and_round_trips_through_export():
    found = read_subscriptions(OPML.encode())
    assert found.problems == [("坏的", "不是 http(s) 网址：javascript:alert(1)")]
    done = subscribe_many(found.subscriptions)
    assert (done.created, done.present) == (3, 0)
    before = feeds_seen()
    assert ("https://sspai.com/feed", "少数派", "科技") in before
    assert ("http://www.xinhuanet.com/politics/news_politics.xml", "新华网", "") in before

    exported = export_opml()
    again = subscribe_many(read_subscriptions(exported).subscriptions)
    assert (again.created, again.present) == (0, 3)
    Feed.objects.all().delete()
    restored = subscribe_many(read_subscriptions(exported).subscriptions)
    assert restored.created == 3 and feeds_seen() == before


@pytest.mark.django_db
def test_a_plain_list_of_addresses_subscribes_each_once_and_reports_bad_lines():
    data = "# 我的订阅\nhttps://a.example.cn/rss\n\nhttps://b.example.cn/feed.xml\nftp://x\nhttps://a.example.cn/rss\n"
    found = read_subscriptions(data.encode())
    assert found.problems == [("第 5 行", "不是 http(s) 网址：ftp://x")]
    done = subscribe_many(found.subscriptions)
    assert (done.created, done.present) == (2, 0)
    assert Feed.objects.get(url="https://a.example.cn/rss").source.name == "a.example.cn"


@pytest.mark.parametrize("data, words", [
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>', "DOCTYPE"),
    (b"<opml><body><outline", "格式错误"),
    (b"<rss><channel/></rss>", "不是 OPML"),
])
def test_a_bad_subscription_file_is_refused_with_the_reason(data, words):
    with pytest.raises(SubscriptionListError, match=words):
        read_subscriptions(data)


@pytest.mark.django_db
def test_thousands_of_feeds_subscribe_in_one_go_without_a_request(http_server):
    srv = http_server({})
    urls = [srv.url(f"/feed/{n}.xml") for n in range(2000)]
    done = subscribe_many(read_subscriptions("\n".join(urls).encode()).subscriptions)
    assert done.created == 2000 and Feed.objects.count() == 2000
    assert srv.requests == []


@pytest.mark.django_db
def test_feeds_import_and_export_commands(tmp_path):
    path = tmp_path / "feeds.opml"
    path.write_text(OPML, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("feeds", "import", str(path), stdout=out, stderr=err)
    assert "created 3, already present 0, failed 1" in out.getvalue()
    assert "javascript:alert(1)" in err.getvalue()
    listing = io.StringIO()
    call_command("feeds", "export", "--urls", stdout=listing)
    assert sorted(listing.getvalue().split()) == sorted(f.url for f in Feed.objects.all())
    exported = tmp_path / "out.opml"
    call_command("feeds", "export", "-o", str(exported))
    assert "少数派" in exported.read_text(encoding="utf-8")
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("feeds", "import", str(tmp_path / "missing.opml"))


@pytest.mark.django_db
def test_a_site_address_subscribed_in_bulk_is_followed_to_its_feed_by_the_worker(
    http_server, policy
):
    srv = http_server({
        "/": (200, {"Content-Type": "text/html; charset=utf-8"},
              '<html><head><title>新闻网</title><link rel="alternate" '
              'type="application/rss+xml" href="/rss.xml"></head><body>首页</body></html>'),
        "/rss.xml": (200, RSS, fixture_bytes("rss2.xml")),
    })
    subscribe_many(read_subscriptions(srv.url("/").encode()).subscriptions)
    feed = Feed.objects.get()
    run = poll_feed(queue.claim_feeds(1, feed_ids=[feed.pk])[0], policy=policy)
    feed.refresh_from_db()
    assert feed.url == srv.url("/rss.xml") and not run.error and feed.last_error == ""
    assert feed.next_check_at <= timezone.now(), "due at once at its new address"
    again = poll_feed(queue.claim_feeds(1, feed_ids=[feed.pk])[0], policy=policy)
    assert again.counts.created == 3
