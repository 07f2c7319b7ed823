"""专题: an editor's ordered collection of articles, with its page, feeds and sitemap entry."""

from __future__ import annotations

import json
from urllib.parse import quote

import feedparser
import lxml.etree
import lxml.html
import pytest
from django.test import Client

from tests.newsroom.conftest import form_values, two_sessions_topic
from zixun.articles.models import Article
from zixun.newsroom.models import Topic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _every_request_rendered(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def topic():
    chosen = two_sessions_topic()
    Article.objects.create(title="不在专题里")
    return chosen


def test_the_topic_page_lists_its_public_articles_in_the_editors_order(topic):
    response = Client().get(topic.get_absolute_url())
    root = lxml.html.fromstring(response.content.decode("utf-8"))
    assert root.xpath("string(//h1)").split() == ["专题", "两会专题"]
    assert root.xpath('//section[@id="topic"]//h3/a/text()') == ["开幕", "政府工作报告", "闭幕"]
    assert root.xpath('//nav[@class="pagination"]') == []
    feeds = root.xpath('//link[@rel="alternate"]/@href')
    assert quote("/topic/两会/") + "rss.xml" in feeds


def test_an_unpublished_or_unknown_topic_is_not_found(topic):
    assert Client().get("/topic/没有这个/").status_code == 404
    topic.published = False
    topic.save()
    assert Client().get(topic.get_absolute_url()).status_code == 404
    assert Client().get(topic.get_absolute_url() + "rss.xml").status_code == 404


def test_the_topic_has_feeds_of_its_public_articles_in_three_formats(topic):
    base = topic.get_absolute_url()
    rss = feedparser.parse(Client().get(base + "rss.xml").content)
    atom = feedparser.parse(Client().get(base + "atom.xml").content)
    document = json.loads(Client().get(base + "feed.json").content)
    newest_first = ["政府工作报告", "闭幕", "开幕"]
    assert [entry.title for entry in rss.entries] == newest_first
    assert [entry.title for entry in atom.entries] == newest_first
    assert [item["title"] for item in document["items"]] == newest_first
    assert "两会专题" in rss.feed.title and "两会专题" in document["title"]


def test_the_sitemap_names_published_topics_only(topic):
    Topic.objects.create(title="未发布专题", slug="draft-topic")
    body = Client().get("/sitemap-pages.xml").getvalue()
    locations = lxml.etree.fromstring(body).xpath("//*[local-name()='loc']/text()")
    assert "http://testserver" + quote("/topic/两会/") in locations
    assert not any("draft-topic" in loc for loc in locations)
    assert "http://testserver" + quote("/topic/两会/") + "\n" in Client().get("/sitemap.txt").getvalue().decode()


def test_editors_arrange_a_topic_in_the_admin(editor):
    first = Article.objects.create(title="第一篇")
    second = Article.objects.create(title="第二篇")
    values = form_values(editor, "/admin/newsroom/topic/add/", "topic_form")
    values.update({"title": ["航天专题"], "slug": ["hangtian"], "published": ["on"],
                   "items-0-article": [str(second.pk)], "items-0-position": ["1"],
                   "items-1-article": [str(first.pk)], "items-1-position": ["2"]})
    response = editor.post("/admin/newsroom/topic/add/", values)
    assert response.status_code == 302, response.content.decode()[:2000]
    topic = Topic.objects.get(slug="hangtian")
    assert [a.title for a in topic.articles()] == ["第二篇", "第一篇"]


def test_a_topic_cover_must_be_a_web_address(editor):
    values = form_values(editor, "/admin/newsroom/topic/add/", "topic_form")
    values.update({"title": ["专题"], "slug": ["zt"], "cover": ["ftp://example.com/a.jpg"]})
    response = editor.post("/admin/newsroom/topic/add/", values)
    assert response.status_code == 200 and not Topic.objects.exists()
