"""HTTP as it should be: validators, 304s, cache headers, JSON errors."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils.http import http_date

from zixun.articles.models import Article

pytestmark = pytest.mark.django_db

READS = ["/api/v1/articles", "/api/v1/articles/{id}", "/api/v1/articles/{id}/related",
         "/api/v1/hot", "/api/v1/stories/{story}", "/api/v1/search?q=芯片", "/api/v1/channels",
         "/api/v1/tags", "/api/v1/sources", "/api/v1/topics"]


def _urls(newsroom) -> list[str]:
    return [url.format(id=newsroom["original"].pk, story=newsroom["story"].pk) for url in READS]


def test_every_get_carries_etag_last_modified_and_a_public_max_age(client, newsroom):
    for url in _urls(newsroom):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["ETag"].startswith('"') and response["Last-Modified"], url
        assert response["Cache-Control"] == "public, max-age=60", url


@pytest.mark.parametrize("from_page_cache", [False, True])
def test_if_none_match_answers_304_until_the_article_changes(client, newsroom, from_page_cache):
    url = f"/api/v1/articles/{newsroom['lone'].pk}"
    etag = client.get(url)["ETag"]
    if not from_page_cache:
        cache.clear()
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["Cache-Control"] == "public, max-age=60"
    Article.objects.filter(pk=newsroom["lone"].pk).update(title="改过的标题")
    cache.clear()
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_if_modified_since_answers_304_for_an_unchanged_article(client, newsroom):
    url = f"/api/v1/articles/{newsroom['lone'].pk}"
    stamp = client.get(url)["Last-Modified"]
    cache.clear()
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=stamp).status_code == 304
    earlier = http_date(newsroom["lone"].updated_at.timestamp() - 3600)
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_an_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/v1/nothing/here")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"] == "not_found"


def test_a_bad_parameter_is_a_json_422_in_chinese(client, newsroom):
    response = client.get("/api/v1/articles?since=yesterday")
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "since" and "日期" in body["message"]


def test_head_answers_as_get_without_a_body(client, newsroom):
    got = client.get("/api/v1/articles")
    head = client.head("/api/v1/articles")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == got["ETag"] and head["Content-Length"] == str(len(got.content))
    assert head["RateLimit-Limit"] and head["Cache-Control"] == "public, max-age=60"
