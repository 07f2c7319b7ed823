"""Anonymous readers share whole pages for a short time; counts, edits and editors stay exact."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from zixun.articles.models import Article, Channel
from zixun.ranking import hot
from zixun.ranking.hot import record_view
from zixun.ranking.models import HourlyViews

from .pages import parse, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    channel = Channel.objects.create(name="时政", slug="shizheng")
    return Article.objects.create(title="缓存中的文章", body_html="<p>正文。</p>", body_text="正文。",
                                  channel=channel)


def test_a_page_served_from_the_cache_still_counts_its_view(story):
    first = Client().get(f"/a/{story.pk}/")
    second = Client().get(f"/a/{story.pk}/")
    assert (first["X-Zixun-Cache"], second["X-Zixun-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    story.refresh_from_db()
    assert story.view_count == 2
    assert sum(HourlyViews.objects.filter(article=story).values_list("views", flat=True)) == 2


def test_an_edit_shows_on_the_article_and_the_lists_once_the_cached_copy_expires(story, settings):
    settings.PAGE_CACHE_SECONDS = 0.5
    reader = Client()
    assert "缓存中的文章" in reader.get("/").content.decode()
    assert "缓存中的文章" in reader.get(f"/a/{story.pk}/").content.decode()
    Article.objects.filter(pk=story.pk).update(title="改过的标题")
    assert "缓存中的文章" in reader.get("/").content.decode(), "served from the cache meanwhile"
    time.sleep(0.6)
    assert "改过的标题" in reader.get("/").content.decode()
    assert "改过的标题" in reader.get(f"/a/{story.pk}/").content.decode()
    assert "改过的标题" in reader.get("/channel/shizheng/").content.decode()


def test_a_hidden_article_leaves_the_lists_and_the_hot_list_once_the_caches_expire(
    story, settings, monkeypatch
):
    settings.PAGE_CACHE_SECONDS = 0.4
    monkeypatch.setattr(hot, "HOT_CACHE_SECONDS", 0.4)
    reader = Client()
    record_view(story.pk)
    assert "缓存中的文章" in texts(parse(reader.get("/")), '//section[@id="hot"]//li')[0]
    Article.objects.filter(pk=story.pk).update(status=Article.Status.HIDDEN)
    time.sleep(0.9)  # the page and the hot list, each cached 0.4 s (the block for under a second)
    assert "缓存中的文章" not in reader.get("/").content.decode()
    assert reader.get(f"/a/{story.pk}/").status_code == 410


def test_a_logged_in_editor_always_gets_a_fresh_page(story):
    Client().get("/")  # an anonymous reader fills the cache
    editor = Client()
    editor.force_login(get_user_model().objects.create_user("editor", password="x"))
    Article.objects.filter(pk=story.pk).update(title="编辑刚改的标题")
    response = editor.get("/")
    assert "X-Zixun-Cache" not in response
    assert "编辑刚改的标题" in response.content.decode()


def test_a_page_that_sets_a_cookie_or_fails_is_never_shared(story):
    missing = Client().get("/a/999999/")
    assert missing.status_code == 404 and "X-Zixun-Cache" not in missing
    assert "X-Zixun-Cache" not in Client().get("/admin/login/")
