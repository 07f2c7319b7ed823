"""Issue #15, item 6: a repost of an old story says when the original appeared."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from zixun.articles.ingest import store
from zixun.articles.models import Article
from zixun.extract.draft import ArticleDraft
from zixun.pipeline.prepare import prepare

SHANGHAI = ZoneInfo("Asia/Shanghai")
REFERENCE = "【文/观察者网 严珊珊】据日本《读卖新闻》7月21日报道,多名日本政府相关人士透露,美日两国政府计划起草联合文件。"


def draft(body: str, **fields) -> ArticleDraft:
    values = {"title": "日媒:美国将首次以文件形式承诺", "body_text": body, "guid": "test:original-date",
              "source": "观察者网", "published_at": datetime(2025, 3, 14, 20, 29, tzinfo=SHANGHAI)}
    return ArticleDraft(**{**values, **fields})


@pytest.mark.django_db
def test_the_reference_reposts_page_says_its_original_appeared_in_july_2024(client):
    stored = Article.objects.get(pk=store(prepare(draft(REFERENCE))).article_id)
    assert timezone.localtime(stored.original_published_at).date().isoformat() == "2024-07-21"
    page = client.get(stored.get_absolute_url()).content.decode()
    assert "原发于 2024年7月21日" in page


@pytest.mark.django_db
def test_a_story_posted_on_its_datelines_day_claims_no_older_original():
    body = "新华社北京3月14日电（记者 张三）今天召开会议。"
    assert prepare(draft(body)).original_published_at is None


@pytest.mark.django_db
def test_a_platform_disclaimer_leaves_the_stored_clean_text_and_the_summary():
    body = ("本届网球公开赛昨天在墨尔本开幕，多名种子选手顺利晋级第二轮比赛。\n"
            "特别声明：以上内容(如有图片或视频亦包括在内)为自媒体平台“网易号”用户上传并发布，"
            "本平台仅提供信息存储服务。")
    stored = store(prepare(ArticleDraft(title="网球公开赛开幕", body_text=body, guid="disclaimer")))
    article = Article.objects.get(pk=stored.article_id)
    assert "特别声明" not in article.body_text and "网易号" not in article.summary
    assert article.body_text.startswith("本届网球公开赛")
