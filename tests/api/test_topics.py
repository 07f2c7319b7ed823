"""专题 through the API: published topics, their public articles in the editor's order."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.newsroom.conftest import two_sessions_topic
from zixun.newsroom.models import Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic() -> Topic:
    chosen = two_sessions_topic()
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
