"""专题 through the API: published topics, their public articles in the editor's order."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone

from zixun.articles.models import Article
from zixun.newsroom.models import Topic, TopicItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic() -> Topic:
    now = timezone.now()
    chosen = Topic.objects.create(title="两会专题", slug="两会", description="全国两会报道。",
                                  published=True)
    for position, (title, hours) in enumerate([("开幕", 3), ("政府工作报告", 1), ("闭幕", 2)]):
        article = Article.objects.create(title=title, body_text=f"{title}。",
                                         published_at=now - timedelta(hours=hours))
        TopicItem.objects.create(topic=chosen, article=article, position=position)
    hidden = Article.objects.create(title="撤下的稿件", status=Article.Status.HIDDEN)
    TopicItem.objects.create(topic=chosen, article=hidden, position=9)
    Topic.objects.create(title="筹备中的专题", slug="draft-topic")
    return chosen


def test_the_topic_list_shows_published_topics_with_their_public_articles_counted(client, topic):
    body = client.get("/api/v1/topics").json()
    assert [(t["slug"], t["articles_count"]) for t in body["items"]] == [("两会", 3)]
    assert body["items"][0]["url"].endswith(f"/topic/{quote('两会')}/")


def test_a_topic_lists_its_public_articles_in_the_editors_order(client, topic):
    response = client.get(f"/api/v1/topics/{quote('两会')}")
    assert response.status_code == 200 and response["ETag"]
    assert [a["title"] for a in response.json()["articles"]] == ["开幕", "政府工作报告", "闭幕"]
    assert client.get(f"/api/v1/topics/{quote('两会')}",
                      HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_an_unpublished_or_unknown_topic_is_a_json_404(client, topic):
    for slug in ("draft-topic", "no-such-topic"):
        response = client.get(f"/api/v1/topics/{slug}")
        assert response.status_code == 404 and response.json()["error"] == "not_found"
