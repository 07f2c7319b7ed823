"""Feeds out, read the way feed readers read them: feedparser for RSS and Atom, JSON for JSON Feed."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import quote

import feedparser
import lxml.html
import pytest
from django.utils import timezone

from zixun.articles.ingest import store
from zixun.articles.models import Article, Channel, Tag
from zixun.config import Announce
from zixun.extract.draft import ArticleDraft
from zixun.sources.models import Source
from zixun.sources.parse import parse_feed

pytestmark = pytest.mark.django_db

FORMATS = ("rss.xml", "atom.xml", "feed.json")


@pytest.fixture(autouse=True)
def _every_request_rendered(settings):
    """Each request reaches the feed itself, unless a test turns the page cache on."""
    settings.PAGE_CACHE_SECONDS = 0
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")


def _lists(ids: dict) -> list[str]:
    """Every kind of list that has feeds, on the reference site."""
    article = Article.objects.get(pk=ids["demo:reference"])
    tag = Tag.objects.filter(articles__isnull=False).first()
    return ["/", article.channel.get_absolute_url(), tag.get_absolute_url(),
            article.source.get_absolute_url(), "/search/?q=" + quote("日本")]


def _feed_url(list_url: str, file_name: str, extra: str = "") -> str:
    path, _, query = list_url.partition("?")
    query = "&".join(part for part in (query, extra) if part)
    return path + file_name + (f"?{query}" if query else "")


def test_every_list_has_feeds_in_three_formats_that_parse_cleanly(client, reference_site):
    for list_url in _lists(reference_site):
        for name in ("rss.xml", "atom.xml"):
            response = client.get(_feed_url(list_url, name))
            assert response.status_code == 200, (list_url, name)
            parsed = feedparser.parse(response.content)
            assert parsed.bozo == 0, (list_url, name, parsed.get("bozo_exception"))
            assert 0 < len(parsed.entries) <= 30, (list_url, name)
            assert all(entry.title and entry.link and entry.id for entry in parsed.entries)
        response = client.get(_feed_url(list_url, "feed.json"))
        assert response["Content-Type"].startswith("application/feed+json")
        document = json.loads(response.content)
        assert document["version"] == "https://jsonfeed.org/version/1.1"
        assert 0 < len(document["items"]) <= 30
        assert len(parse_feed(response.content).entries) == len(document["items"])


def test_a_feed_holds_the_newest_thirty_articles_of_its_list(client, reference_site):
    parsed = feedparser.parse(client.get("/rss.xml").content)
    newest = list(Article.objects.listed().order_by("-published_at", "-id")[:30])
    assert Article.objects.listed().count() > 30
    assert [entry.link.split("testserver", 1)[1] for entry in parsed.entries] == \
        [article.get_absolute_url() for article in newest]


def test_items_carry_the_full_text_unless_excerpts_are_asked_for(client, reference_site):
    article = Article.objects.get(pk=reference_site["demo:reference"])
    channel_feed = _feed_url(article.channel.get_absolute_url(), "rss.xml")
    full = feedparser.parse(client.get(channel_feed).content)
    entry = next(e for e in full.entries if e.link.endswith(article.get_absolute_url()))
    assert lxml.html.fromstring(entry.content[0].value).text_content().strip()[:40] in article.body_text
    assert entry.summary == article.summary
    short = feedparser.parse(client.get(channel_feed + "?summary=1").content)
    entry = next(e for e in short.entries if e.link.endswith(article.get_absolute_url()))
    assert "content" not in entry and entry.summary == article.summary
    atom = feedparser.parse(client.get(_feed_url(article.channel.get_absolute_url(), "atom.xml")).content)
    assert any(e.content[0].value.startswith(article.body_html[:50]) for e in atom.entries)
    items = json.loads(client.get("/feed.json?summary=1").content)["items"]
    assert all("content_html" not in item and item["content_text"] == item["summary"] for item in items)


def test_dates_are_rfc822_in_rss_and_rfc3339_elsewhere_in_the_site_zone(client, reference_site):
    rss = lxml.etree.fromstring(client.get("/rss.xml").content)
    article = Article.objects.listed().order_by("-published_at", "-id").first()
    first = rss.findtext("channel/item/pubDate")
    assert first.endswith("+0800")
    assert parsedate_to_datetime(first) == article.published_at.replace(microsecond=0)
    atom = lxml.etree.fromstring(client.get("/atom.xml").content)
    stamps = atom.xpath("//*[local-name()='published' or local-name()='updated']/text()")
    assert stamps and all(RFC3339.match(stamp) for stamp in stamps)
    items = json.loads(client.get("/feed.json").content)["items"]
    assert all(RFC3339.match(item["date_published"]) for item in items)
    assert datetime.fromisoformat(items[0]["date_published"]) == article.published_at.replace(microsecond=0)


def _draft(**values) -> ArticleDraft:
    base = dict(title="深圳发布新一轮城市更新计划", body_html="<p>深圳市今天发布新一轮城市更新计划。</p>",
                body_text="深圳市今天发布新一轮城市更新计划。", summary="深圳发布城市更新计划",
                source="南方网", channel="本地", author="李明、王芳", guid="test:feed:1",
                published_at=timezone.now() - timedelta(hours=1),
                cover_image="https://img.example.com/cover.jpg?w=800")
    base.update(values)
    return ArticleDraft(**base)


def test_guids_stay_the_same_when_an_article_is_edited(client):
    article_id = store(_draft()).article_id
    before = feedparser.parse(client.get("/rss.xml").content).entries[0]
    atom_before = feedparser.parse(client.get("/atom.xml").content).entries[0]
    store(_draft(title="深圳发布新一轮城市更新计划（更新）", body_html="<p>改过的正文。</p>",
                 body_text="改过的正文。"))
    after = feedparser.parse(client.get("/rss.xml").content).entries[0]
    atom_after = feedparser.parse(client.get("/atom.xml").content).entries[0]
    assert after.title.endswith("（更新）")
    assert after.id == before.id and atom_after.id == atom_before.id
    assert before.id.endswith(f"/a/{article_id}/")
    assert atom_after.updated != atom_before.updated or atom_after.updated_parsed >= atom_before.updated_parsed


def test_the_cover_is_an_enclosure_and_media_content_and_writers_are_named(client):
    store(_draft())
    entry = feedparser.parse(client.get("/rss.xml").content).entries[0]
    assert entry.enclosures[0].href == "https://img.example.com/cover.jpg?w=800"
    assert entry.enclosures[0].type == "image/jpeg"
    assert entry.media_content[0]["url"] == "https://img.example.com/cover.jpg?w=800"
    assert [a["name"] for a in entry.authors] == ["李明", "王芳"]
    assert {"本地"} <= {t.term for t in entry.tags}
    atom = feedparser.parse(client.get("/atom.xml").content).entries[0]
    assert [a["name"] for a in atom.authors] == ["李明", "王芳"]
    item = json.loads(client.get("/feed.json").content)["items"][0]
    assert item["image"] == "https://img.example.com/cover.jpg?w=800"
    assert item["authors"] == [{"name": "李明"}, {"name": "王芳"}]


def test_a_repost_names_its_original_outlet_and_link_in_every_format(client):
    store(_draft(original_outlet="新华社", original_url="https://www.news.cn/local/2026/a.htm"))
    rss = lxml.etree.fromstring(client.get("/rss.xml").content)
    item = rss.find("channel/item")
    assert item.find("source").text == "新华社"
    assert item.find("source").get("url") == "https://www.news.cn/local/2026/a.htm"
    dc = "{http://purl.org/dc/elements/1.1/}source"
    assert item.find(dc).text == "https://www.news.cn/local/2026/a.htm"
    content = item.find("{http://purl.org/rss/1.0/modules/content/}encoded").text
    assert "原文来源：新华社" in content and 'href="https://www.news.cn/local/2026/a.htm"' in content
    atom = feedparser.parse(client.get("/atom.xml").content).entries[0]
    via = [link for link in atom.links if link.rel == "via"]
    assert via[0].href == "https://www.news.cn/local/2026/a.htm" and via[0].title == "新华社"
    assert atom.source.title == "新华社"
    item = json.loads(client.get("/feed.json").content)["items"][0]
    assert item["external_url"] == "https://www.news.cn/local/2026/a.htm"
    assert item["_zixun"]["original_outlet"] == "新华社"


def test_an_original_is_credited_to_its_outlet_and_not_as_a_repost(client):
    store(_draft(original_outlet="南方网", original_url="https://www.southcn.com/a.htm"))
    item = lxml.etree.fromstring(client.get("/rss.xml").content).find("channel/item")
    assert item.find("source") is None
    content = item.find("{http://purl.org/rss/1.0/modules/content/}encoded").text
    assert "原文来源" not in content
    assert content.endswith('<p>来源：南方网　<a href="https://www.southcn.com/a.htm">查看原文</a></p>')


def test_a_reader_holding_the_current_feed_gets_304(client):
    store(_draft())
    first = client.get("/rss.xml")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/rss.xml", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/rss.xml", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get("/atom.xml", HTTP_IF_NONE_MATCH=etag).status_code == 200  # another format
    store(_draft(title="深圳发布新一轮城市更新计划（更新）"))
    changed = client.get("/rss.xml", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_page_cache_serves_feeds_and_answers_their_conditional_gets(client, settings):
    settings.PAGE_CACHE_SECONDS = 30
    store(_draft())
    first = client.get("/feed.json")
    assert first["X-Zixun-Cache"] == "miss"
    again = client.get("/feed.json")
    assert again["X-Zixun-Cache"] == "hit" and again["ETag"] == first["ETag"]
    assert again.content == first.content
    unchanged = client.get("/feed.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304 and unchanged["X-Zixun-Cache"] == "hit"
    assert unchanged["ETag"] == first["ETag"]
    assert client.get("/feed.json", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_every_page_announces_its_feeds(client):
    article_id = store(_draft()).article_id
    channel = Channel.objects.get(name="本地")
    source = Source.objects.get(name="南方网")
    pages = {"/": "/", f"/a/{article_id}/": "/", channel.get_absolute_url(): channel.get_absolute_url(),
             source.get_absolute_url(): source.get_absolute_url()}
    for page, feeds_at in pages.items():
        root = lxml.html.fromstring(client.get(page).content)
        links = root.xpath('//head/link[@rel="alternate"]')
        hrefs = {link.get("href") for link in links}
        assert {feeds_at + name for name in FORMATS} <= hrefs, page
        types = {link.get("type") for link in links}
        assert {"application/rss+xml", "application/atom+xml", "application/feed+json"} <= types
    search = lxml.html.fromstring(client.get("/search?q=" + quote("深圳")).content)
    hrefs = search.xpath('//head/link[@rel="alternate"]/@href')
    assert "/search/rss.xml?q=" + quote("深圳") in hrefs
    for href in [*hrefs, channel.get_absolute_url() + "atom.xml"]:
        assert client.get(href).status_code == 200, href


def test_a_websub_hub_is_named_when_one_is_configured(client, settings):
    store(_draft())
    assert "hub" not in client.get("/rss.xml").content.decode()
    settings.ANNOUNCE = Announce(site_url="https://news.example.com", websub_hub="https://hub.example.com/")
    rss = feedparser.parse(client.get("/rss.xml").content)
    assert {"href": "https://hub.example.com/", "rel": "hub"}.items() <= \
        next(link for link in rss.feed.links if link.rel == "hub").items()
    assert rss.entries[0].link.startswith("https://news.example.com/a/")
    atom = feedparser.parse(client.get("/atom.xml").content)
    assert any(link.rel == "hub" for link in atom.feed.links)
    document = json.loads(client.get("/feed.json").content)
    assert document["hubs"] == [{"type": "WebSub", "url": "https://hub.example.com/"}]
    assert document["feed_url"] == "https://news.example.com/feed.json"


def test_an_unknown_list_has_no_feed(client):
    assert client.get("/channel/没有/rss.xml").status_code == 404
    assert client.get("/tag/没有/feed.json").status_code == 404
