"""The admin's feed list: per feed its last poll, state, next check, error in words and items
per day, sortable; subscriptions uploaded (OPML or addresses) and downloaded as OPML."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.sources.test_opml import OPML
from zixun.articles.models import Article
from zixun.sources.models import Feed, Source

pytestmark = pytest.mark.django_db


def make_feeds():
    source = Source.objects.create(name="列表测试", slug="list")
    busy = Feed.objects.create(url="https://busy.example.cn/rss", title="忙的", source=source,
                               last_checked_at=timezone.now())
    failing = Feed.objects.create(url="https://down.example.cn/rss", title="坏的", source=source,
                                  error_count=2, last_error="网站服务器出错 (500)，请稍后再试")
    for n in range(14):
        Article.objects.create(title=f"新闻{n}", source=source, feed=busy,
                               body_text="正文")
    return busy, failing


def test_the_feed_list_shows_state_error_and_items_per_day_sortably(admin_client):
    make_feeds()
    url = reverse("admin:sources_feed_changelist")
    page = admin_client.get(url).content.decode()
    for words in ("上次检查", "下次检查", "每日条目", "状态", "出错", "网站服务器出错 (500)", "2.0"):
        assert words in page, words
    columns = admin_client.get(url).context["cl"].list_display
    by_items = admin_client.get(url, {"o": str(columns.index("items_per_day"))}).context["cl"]
    assert [f.title for f in by_items.result_list] == ["坏的", "忙的"]
    by_items = admin_client.get(url, {"o": f"-{columns.index('items_per_day')}"}).context["cl"]
    assert [f.title for f in by_items.result_list] == ["忙的", "坏的"]


def test_subscriptions_upload_and_download_in_the_admin(admin_client):
    upload = SimpleUploadedFile("feeds.opml", OPML.encode(), content_type="text/x-opml")
    answer = admin_client.post(reverse("admin:sources_feed_import_opml"),
                               {"file": upload, "fetch_pages": "on"}, follow=True)
    assert "新增 3 个订阅源" in answer.content.decode()
    assert Feed.objects.count() == 3
    download = admin_client.get(reverse("admin:sources_feed_export_opml"))
    assert download["Content-Disposition"].endswith('zixun-feeds.opml"')
    assert b"https://sspai.com/feed" in download.content


def test_a_bad_upload_says_why_and_adds_nothing(admin_client):
    upload = SimpleUploadedFile("feeds.opml", b"<opml><body><outline", content_type="text/xml")
    answer = admin_client.post(reverse("admin:sources_feed_import_opml"), {"file": upload})
    assert answer.status_code == 200 and "格式错误" in answer.content.decode()
    assert not Feed.objects.exists()
