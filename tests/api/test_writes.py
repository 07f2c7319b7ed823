"""Writes with a write key: articles created, edited, published and hidden; feeds and files."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.httpserver import serve
from zixun.api.schemas import ArticleOut, CountsOut, FetchOut
from zixun.articles.models import Article, StatusChange
from zixun.lib import http
from zixun.sources.models import Feed

pytestmark = pytest.mark.django_db

FEEDS = __import__("pathlib").Path(__file__).parent.parent / "fixtures" / "feeds"


def post(client, token, path, body=None, method="post"):
    return getattr(client, method)(path, data=json.dumps(body or {}),
                                   content_type="application/json", HTTP_X_API_KEY=token)


def test_a_created_article_goes_through_the_text_stage_and_store(client, write_token):
    body = {"title": "人工智能助力农业生产", "guid": "app:1", "channel": "科技",
            "body_html": "<p>记者了解到，人工智能技术正在帮助农民提高产量。</p><script>bad()</script>"}
    response = post(client, write_token, "/api/v1/articles", body)
    assert response.status_code == 201, response.content
    data = response.json()
    ArticleOut.model_validate(data)
    stored = Article.objects.get(pk=data["id"])
    assert stored.guid == "app:1" and stored.channel.name == "科技"
    assert "<script>" not in stored.body_html and stored.summary and stored.keywords
    assert data["status"] == "published" and response["Cache-Control"] == "no-store"
    assert client.get(f"/api/v1/articles/{stored.pk}").status_code == 200


def test_creating_an_article_that_exists_is_a_409_and_changes_nothing(client, write_token):
    first = post(client, write_token, "/api/v1/articles", {"title": "原标题", "guid": "app:2"})
    again = post(client, write_token, "/api/v1/articles", {"title": "别的标题", "guid": "app:2"})
    assert again.status_code == 409 and again.json()["field"] == "guid"
    assert Article.objects.get(pk=first.json()["id"]).title == "原标题"


def test_a_create_without_a_title_or_with_unknown_fields_is_a_422(client, write_token):
    missing = post(client, write_token, "/api/v1/articles", {"body_text": "正文"})
    assert missing.status_code == 422 and missing.json()["field"] == "title"
    extra = post(client, write_token, "/api/v1/articles", {"title": "标题", "colour": "red"})
    assert extra.status_code == 422 and extra.json()["field"] == "colour"
    assert not Article.objects.exists()


def test_malformed_json_is_a_400(client, write_token):
    response = client.post("/api/v1/articles", data="{not json", content_type="application/json",
                           HTTP_X_API_KEY=write_token)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"


def test_an_update_changes_only_the_given_fields(client, write_token, newsroom):
    article = newsroom["lone"]
    response = post(client, write_token, f"/api/v1/articles/{article.pk}",
                    {"title": "改过的标题", "tags": ["新标签"], "channel": "keji"}, method="patch")
    assert response.status_code == 200, response.content
    article.refresh_from_db()
    assert article.title == "改过的标题" and article.channel.slug == "keji"
    assert [t.name for t in article.tags.all()] == ["新标签"]
    assert article.body_text == "正文二。" and article.cover_caption == "会场。"


def test_an_update_with_a_bad_address_is_a_422_and_changes_nothing(client, write_token, newsroom):
    article = newsroom["lone"]
    response = post(client, write_token, f"/api/v1/articles/{article.pk}",
                    {"title": "新", "cover_image": "javascript:alert(1)"}, method="patch")
    assert response.status_code == 422 and response.json()["field"] == "cover_image"
    article.refresh_from_db()
    assert article.title == "会议召开"


def test_publish_and_hide_move_the_status_and_record_the_move(client, write_token, newsroom):
    draft = newsroom["draft"]
    published = post(client, write_token, f"/api/v1/articles/{draft.pk}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert client.get(f"/api/v1/articles/{draft.pk}").status_code == 200
    refused = post(client, write_token, f"/api/v1/articles/{draft.pk}/hide")
    assert refused.status_code == 409 and refused.json()["field"] == "reason"
    hidden = post(client, write_token, f"/api/v1/articles/{draft.pk}/hide", {"reason": "与事实不符"})
    assert hidden.status_code == 200 and hidden.json()["status"] == "hidden"
    draft.refresh_from_db()
    assert draft.status == "hidden" and "与事实不符" in draft.status_reason
    moves = list(StatusChange.objects.filter(article=draft).order_by("at", "id")
                 .values_list("to_status", flat=True))
    assert moves[-2:] == ["published", "hidden"]
    assert post(client, write_token, "/api/v1/articles/999999/publish").status_code == 404


@pytest.fixture
def local_fetches(settings):
    settings.FETCH_ALLOW_HOSTS = ["127.0.0.1"]
    http.clear_caches()
    yield
    http.clear_caches()


def _rss_site():
    rss = (FEEDS / "rss2.xml").read_bytes()
    return serve({"/feed.xml": (200, {"Content-Type": "application/rss+xml; charset=utf-8"}, rss)})


def test_subscribe_then_fetch_now_stores_the_feeds_articles(client, write_token, local_fetches):
    with _rss_site() as site:
        created = post(client, write_token, "/api/v1/feeds",
                       {"url": site.url("/feed.xml"), "channel": "科技"})
        assert created.status_code == 201, created.content
        feed = Feed.objects.get(pk=created.json()["id"])
        assert feed.channel.name == "科技"
        Feed.objects.filter(pk=feed.pk).update(fetch_pages=False)
        again = post(client, write_token, "/api/v1/feeds", {"url": site.url("/feed.xml")})
        assert again.status_code == 409
        fetched = post(client, write_token, f"/api/v1/feeds/{feed.pk}/fetch")
    assert fetched.status_code == 200, fetched.content
    data = fetched.json()
    FetchOut.model_validate(data)
    assert data["created"] == Article.objects.filter(feed=feed).count() > 0
    assert data["feed"]["status"] == "ok"


def test_subscribing_to_an_address_that_is_no_feed_is_a_422(client, write_token, local_fetches):
    with serve({"/": (200, {"Content-Type": "text/html"}, "<html><body>无订阅</body></html>")}) as s:
        response = post(client, write_token, "/api/v1/feeds", {"url": s.url("/")})
    assert response.status_code == 422 and response.json()["field"] == "url"
    assert not Feed.objects.exists()


def test_an_uploaded_file_is_imported_and_a_second_upload_changes_nothing(client, write_token):
    lines = "\n".join(json.dumps({"guid": f"f:{n}", "title": f"导入的第{n}篇",
                                  "body": "正文内容。"}, ensure_ascii=False) for n in range(3))
    lines += "\n{broken\n"

    def upload():
        upload = SimpleUploadedFile("articles.jsonl", lines.encode("utf-8"))
        return client.post("/api/v1/imports", {"file": upload}, HTTP_X_API_KEY=write_token)

    first = upload()
    assert first.status_code == 200, first.content
    CountsOut.model_validate(first.json())
    assert (first.json()["created"], first.json()["failed"]) == (3, 1)
    assert len(first.json()["failures"]) == 1
    second = upload().json()
    assert (second["created"], second["unchanged"]) == (0, 3)


def test_writes_need_no_csrf_token_since_the_key_is_a_header(write_token):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/api/v1/articles", data=json.dumps({"title": "无需 CSRF"}),
                           content_type="application/json", HTTP_X_API_KEY=write_token)
    assert response.status_code == 201
