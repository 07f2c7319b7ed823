"""Cursor paging: no article twice, none skipped in storage order while new ones arrive."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from zixun.api.cursor import encode

from .conftest import many_articles

pytestmark = pytest.mark.django_db


def walk(client, url: str) -> list[int]:
    seen = []
    while url:
        data = client.get(url).json()
        seen += [item["id"] for item in data["items"]]
        url = data["next"] if data["has_more"] else None
    return seen


def test_newest_first_pages_follow_one_another_without_repeats(client):
    made = many_articles(45)
    seen = walk(client, "/api/v1/articles?limit=10&fields=id")
    assert seen == [a.pk for a in made]  # made newest first


def test_storage_order_sees_every_article_inserted_between_pages_exactly_once(client):
    many_articles(25)
    seen, url, inserted = [], "/api/v1/articles?order=id&limit=10&fields=id", []
    for _ in range(10):
        data = client.get(url).json()
        seen += [item["id"] for item in data["items"]]
        # New articles arrive between pages, some dated older than everything read so far.
        inserted += [a.pk for a in many_articles(3, start=100 + len(inserted))]
        url = data["next"]
    final = client.get(url).json()
    seen += [item["id"] for item in final["items"]]
    assert len(seen) == len(set(seen))
    assert set(inserted) <= set(seen)
    assert sorted(seen) == seen


def test_newest_first_never_repeats_an_article_when_newer_ones_arrive(client):
    many_articles(30)
    first = client.get("/api/v1/articles?limit=10&fields=id").json()
    newer = many_articles(5, start=-10)  # published after everything above
    seen = [i["id"] for i in first["items"]] + walk(client, first["next"])
    assert len(seen) == len(set(seen)) == 30
    assert not set(a.pk for a in newer) & set(seen)


def test_the_last_page_in_storage_order_still_gives_next_to_poll_later(client):
    many_articles(3)
    data = client.get("/api/v1/articles?order=id&limit=10").json()
    assert data["has_more"] is False and data["next"]
    later = many_articles(2, start=50)
    polled = client.get(data["next"]).json()
    assert [i["id"] for i in polled["items"]] == [a.pk for a in later]
    assert client.get("/api/v1/articles?limit=10").json()["next"] is None


def test_limit_above_100_is_a_422_naming_limit(client):
    response = client.get("/api/v1/articles?limit=101")
    assert response.status_code == 422
    assert response.json() == {"error": "invalid", "message": "limit 不能大于 100", "field": "limit"}


@pytest.mark.parametrize("cursor", ["garbage!", encode("id", [1]), encode("newest", ["x", 1])])
def test_a_cursor_not_made_for_this_list_is_a_400(client, cursor):
    response = client.get("/api/v1/articles", {"cursor": cursor, "order": "newest"})
    assert response.status_code == 400
    assert response.json()["field"] == "cursor"


def test_a_cursor_is_opaque_and_survives_a_round_trip(client):
    many_articles(3)
    now = timezone.now()
    data = client.get("/api/v1/articles", {"cursor": encode("newest", [now, 10**9]),
                                           "limit": 2}).json()
    assert len(data["items"]) == 2


def test_the_storage_order_walk_shows_exactly_the_published_articles(newsroom):
    from zixun.api.reads import published_by_id
    from zixun.articles.models import Article

    Article.objects.create(title="定时", status="scheduled",
                           published_at=timezone.now() + timedelta(hours=1))
    Article.objects.create(title="未来的已发布", published_at=timezone.now() + timedelta(hours=1))
    assert set(published_by_id()) == set(Article.objects.published())
    assert newsroom["draft"] not in set(published_by_id())
