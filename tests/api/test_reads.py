"""Articles and everything they are filed under, as the API shows them."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zixun.api.schemas import ArticleOut, ArticlePageOut, SearchPageOut, StoryOut
from zixun.articles.models import Article

pytestmark = pytest.mark.django_db


def test_an_article_carries_every_field_its_page_shows(client, newsroom):
    repost = newsroom["repost"]
    data = client.get(f"/api/v1/articles/{newsroom['original'].pk}").json()
    ArticleOut.model_validate(data)
    assert data["url"] == f"http://testserver/a/{newsroom['original'].pk}/"
    assert data["authors"] == ["张三", "李四"]
    assert data["original_outlet"] == "新华社"
    assert data["channel"]["slug"] == "keji"
    assert data["tags"] == ["芯片"]
    assert data["keywords"] == ["芯片", "突破"]
    assert data["story"] == {"id": newsroom["story"].pk, "reposts_count": 1, "original": {
        "id": newsroom["original"].pk, "title": "国产芯片取得突破", "outlet": "新华社",
        "url": f"http://testserver/a/{newsroom['original'].pk}/"}}
    assert "<script>" not in data["body_html"] and data["body_text"] == "正文一。"
    shown = client.get(f"/api/v1/articles/{repost.pk}").json()
    assert shown["credit"] == {"outlet": "新华社", "url": "https://www.news.cn/a1"}
    cover = client.get(f"/api/v1/articles/{newsroom['lone'].pk}").json()["cover"]
    assert cover == {"image": "https://img.example.com/c.jpg", "caption": "会场。"}


def test_the_canonical_url_uses_the_configured_site_address(client, newsroom, settings):
    settings.ANNOUNCE = type(settings.ANNOUNCE)(site_url="https://news.example.com")
    data = client.get(f"/api/v1/articles/{newsroom['lone'].pk}").json()
    assert data["url"] == f"https://news.example.com/a/{newsroom['lone'].pk}/"


def test_a_draft_is_not_found(client, newsroom):
    response = client.get(f"/api/v1/articles/{newsroom['draft'].pk}")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_lists_leave_the_body_out_unless_asked(client, newsroom):
    items = client.get("/api/v1/articles").json()["items"]
    assert items and all("body_html" not in item and "body_text" not in item for item in items)
    asked = client.get("/api/v1/articles?include=body").json()["items"]
    assert all("body_html" in item for item in asked)
    chosen = client.get("/api/v1/articles?fields=title,body_text").json()["items"]
    assert all(set(item) == {"id", "title", "body_text"} for item in chosen)


def test_include_embeds_tags_and_source_as_objects(client, newsroom):
    url = f"/api/v1/articles/{newsroom['original'].pk}?include=tags,source,byline"
    data = client.get(url).json()
    assert data["tags"][0]["slug"] == "xinpian"
    assert data["source"]["homepage"] == "https://www.news.cn/"
    assert "byline" in data


def test_an_unknown_field_or_embed_is_a_422_naming_the_parameter(client, newsroom):
    for query, field in (("fields=title,nonsense", "fields"), ("include=everything", "include")):
        response = client.get(f"/api/v1/articles?{query}")
        assert response.status_code == 422
        assert response.json()["field"] == field


@pytest.mark.parametrize("query, expected", [
    ("channel=keji", {"original", "repost"}),
    ("tag=xinpian", {"original"}),
    ("source=xinhua", {"original", "lone"}),
    ("originals_only=true", {"original", "lone"}),
])
def test_lists_filter_by_channel_tag_source_and_story(client, newsroom, query, expected):
    ids = {item["id"] for item in client.get(f"/api/v1/articles?{query}").json()["items"]}
    assert ids == {newsroom[name].pk for name in expected}


def test_lists_filter_by_story_and_by_dates(client, newsroom):
    story = newsroom["story"].pk
    ids = {i["id"] for i in client.get(f"/api/v1/articles?story={story}").json()["items"]}
    assert ids == {newsroom["original"].pk, newsroom["repost"].pk}
    since = newsroom["lone"].published_at.isoformat()
    response = client.get("/api/v1/articles", {"since": since})
    assert [i["id"] for i in response.json()["items"]] == [newsroom["lone"].pk]
    until = newsroom["original"].published_at.isoformat()
    response = client.get("/api/v1/articles", {"until": until})
    assert newsroom["lone"].pk not in [i["id"] for i in response.json()["items"]]


def test_modified_since_lists_only_what_changed_after(client, newsroom):
    mark = Article.objects.get(pk=newsroom["lone"].pk).updated_at
    Article.objects.get(pk=newsroom["original"].pk).save()  # an edit after the mark
    response = client.get("/api/v1/articles", {"modified_since": mark.isoformat(),
                                               "order": "modified"})
    ids = [i["id"] for i in response.json()["items"]]
    assert ids == [newsroom["lone"].pk, newsroom["original"].pk]


def test_a_filter_naming_nothing_is_a_404_naming_it(client, newsroom):
    response = client.get("/api/v1/articles?channel=nowhere")
    assert response.status_code == 404 and response.json()["field"] == "channel"


def test_a_story_shows_its_original_and_reposts(client, newsroom):
    data = client.get(f"/api/v1/stories/{newsroom['story'].pk}").json()
    StoryOut.model_validate(data)
    assert data["original"]["id"] == newsroom["original"].pk
    assert [r["id"] for r in data["reposts"]] == [newsroom["repost"].pk]
    assert client.get("/api/v1/stories/999999").status_code == 404


def test_channels_tags_and_sources_are_listed(client, newsroom):
    channels = client.get("/api/v1/channels").json()["items"]
    assert {c["slug"] for c in channels} == {"keji", "shizheng"}
    assert client.get("/api/v1/tags").json()["items"][0]["name"] == "芯片"
    sources = client.get("/api/v1/sources?limit=1").json()
    assert len(sources["items"]) == 1 and sources["next"]
    rest = client.get(sources["next"]).json()
    assert {sources["items"][0]["slug"], rest["items"][0]["slug"]} == {"xinhua", "menhu"}


def test_related_and_hot_list_public_articles(client, newsroom):
    related = client.get(f"/api/v1/articles/{newsroom['lone'].pk}/related").json()
    ArticlePageOut.model_validate(related)
    assert newsroom["lone"].pk not in [i["id"] for i in related["items"]]
    hot = client.get("/api/v1/hot?channel=keji").json()
    assert {i["id"] for i in hot["items"]} <= {newsroom["original"].pk, newsroom["repost"].pk}
    assert hot["items"]
    assert client.get("/api/v1/hot?channel=nowhere").status_code == 404


def test_search_finds_chinese_words_as_the_site_does(client, reference_site):
    response = client.get("/api/v1/search", {"q": "经济", "limit": 5})
    data = response.json()
    SearchPageOut.model_validate(data)
    assert data["total"] > 5 and len(data["items"]) == 5 and data["next"]
    assert all("<mark>" in item["title_html"] + item["snippet_html"] for item in data["items"])
    second = client.get(data["next"]).json()
    first_ids = {i["article"]["id"] for i in data["items"]}
    assert first_ids.isdisjoint({i["article"]["id"] for i in second["items"]})
    listed = client.get("/api/v1/articles", {"q": "经济", "limit": 5}).json()
    assert [i["id"] for i in listed["items"]] == [i["article"]["id"] for i in data["items"]]


def test_q_refuses_filters_search_cannot_apply(client, newsroom):
    response = client.get("/api/v1/articles?q=芯片&tag=xinpian")
    assert response.status_code == 400 and response.json()["field"] == "q"


def test_a_list_of_twenty_costs_the_same_few_queries_as_a_list_of_two(client, newsroom):
    def queries() -> int:
        cache.clear()  # rendered afresh, not from the page cache
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/articles?limit=20").status_code == 200
        return len(captured)

    small = queries()
    story = newsroom["story"]
    for n in range(30):
        article = Article.objects.create(title=f"更多{n}", body_text="正文。",
                                         channel=newsroom["channel"], source=newsroom["source"])
        article.tags.add(newsroom["tag"])
        if n % 3 == 0:
            Article.objects.filter(pk=article.pk).update(story=story)
    assert queries() == small <= 5


def test_dates_alone_filter_whole_days_in_the_sites_time_zone(client, newsroom):
    from django.utils import timezone

    day = timezone.localtime(newsroom["lone"].published_at).date()
    shown = client.get("/api/v1/articles", {"since": day.isoformat(), "until": day.isoformat()})
    assert shown.status_code == 200
    assert newsroom["lone"].pk in [i["id"] for i in shown.json()["items"]]
    before = client.get("/api/v1/articles", {"until": (day.replace(year=day.year - 1)).isoformat()})
    assert before.json()["items"] == []
