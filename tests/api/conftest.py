"""Articles, keys and a client for the API's tests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from zixun.api.models import ApiKey
from zixun.articles.models import Article, Channel, Story, Tag
from zixun.sources.models import Source


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def read_token(db) -> str:
    return ApiKey.issue("只读测试", ApiKey.Scope.READ)[1]


@pytest.fixture
def write_token(db) -> str:
    return ApiKey.issue("写入测试", ApiKey.Scope.WRITE)[1]


@pytest.fixture
def newsroom(db):
    """A channel, a tag, a source and an article of each kind the API shows: an original with
    a repost, a lone article with a cover, a draft."""
    channel = Channel.objects.create(name="科技", slug="keji")
    other = Channel.objects.create(name="时政", slug="shizheng")
    tag = Tag.objects.create(name="芯片", slug="xinpian")
    xinhua = Source.objects.create(name="新华社", slug="xinhua", homepage="https://www.news.cn/")
    portal = Source.objects.create(name="门户网", slug="menhu")
    now = timezone.now()
    original = Article.objects.create(
        title="国产芯片取得突破", body_html="<p>正文一。</p><script>x</script>", body_text="正文一。",
        summary="芯片摘要。", channel=channel, source=xinhua, author="张三、李四",
        original_outlet="新华社", keywords=["芯片", "突破"], published_at=now - timedelta(hours=3),
        original_url="https://www.news.cn/a1")
    repost = Article.objects.create(
        title="转载：国产芯片取得突破", body_text="正文一。", channel=channel, source=portal,
        original_outlet="新华社", published_at=now - timedelta(hours=2))
    story = Story.objects.create(original=original)
    Article.objects.filter(pk__in=[original.pk, repost.pk]).update(story=story)
    lone = Article.objects.create(
        title="会议召开", body_text="正文二。", channel=other, source=xinhua,
        cover_image="https://img.example.com/c.jpg", cover_caption="会场。",
        published_at=now - timedelta(hours=1))
    draft = Article.objects.create(title="未发布的稿件", body_text="草稿。", status="draft")
    original.tags.add(tag)
    return {"channel": channel, "tag": tag, "source": xinhua, "original": original,
            "repost": repost, "lone": lone, "draft": draft, "story": story}


def many_articles(count: int, start: int = 0) -> list[Article]:
    now = timezone.now()
    return Article.objects.bulk_create([
        Article(title=f"第{n}条", body_text="正文。", published_at=now - timedelta(minutes=n))
        for n in range(start, start + count)])
