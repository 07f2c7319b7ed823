"""Home, channel, tag and source pages list published articles, newest first, with pagination."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.web.pages import hot_items, parse, texts
from zixun.articles.models import Article, Channel, Tag
from zixun.sources.models import Source


def test_home_shows_latest_and_hot(client, reference_site):
    root = parse(client.get("/"))
    latest = texts(root, '//section[@id="latest"]//li//h3')
    assert len(latest) == 20
    newest = Article.objects.listed().order_by("-published_at", "-id").first()
    assert latest[0] == newest.title
    assert len(hot_items(root)) == 20


def test_home_paginates_and_second_page_continues_the_list(client, reference_site):
    first = parse(client.get("/")).xpath('//section[@id="latest"]//li//h3/a/@href')
    second = parse(client.get("/?page=2")).xpath('//section[@id="latest"]//li//h3/a/@href')
    assert second and not set(first) & set(second)


def test_channel_page_lists_only_that_channel(client, reference_site):
    channel = Channel.objects.get(name="国际")
    root = parse(client.get(channel.get_absolute_url()))
    shown = texts(root, '//section[@id="list"]//li//h3')
    expected = list(Article.objects.listed().filter(channel=channel).values_list("title", flat=True)[:20])
    assert shown == expected and shown


def test_tag_and_source_pages_list_their_articles(client, reference_site):
    article = Article.objects.get(pk=reference_site["demo:reference"])
    tag = article.tags.first()
    assert article.title in texts(parse(client.get(tag.get_absolute_url())), '//section[@id="list"]//h3')
    source = Source.objects.get(name="观察者网")
    assert article.title in texts(parse(client.get(source.get_absolute_url())), '//section[@id="list"]//h3')


def test_lists_leave_out_hidden_and_future_articles(client, db):
    channel = Channel.objects.create(name="测试", slug="ce-shi")
    Article.objects.create(title="看得见", channel=channel)
    Article.objects.create(title="隐藏的", channel=channel, status=Article.Status.HIDDEN)
    Article.objects.create(title="未来的", channel=channel, published_at=timezone.now() + timedelta(hours=1))
    shown = texts(parse(client.get(channel.get_absolute_url())), '//section[@id="list"]//h3')
    assert shown == ["看得见"]


def test_unknown_channel_tag_or_source_is_404(client, db):
    for url in ("/channel/nope/", "/tag/nope/", "/source/nope/"):
        assert client.get(url).status_code == 404


def test_tag_with_chinese_slug_resolves(client, db):
    tag = Tag.objects.create(name="人工智能", slug="人工智能")
    Article.objects.create(title="AI 新闻").tags.add(tag)
    assert "AI 新闻" in texts(parse(client.get(tag.get_absolute_url())), '//section[@id="list"]//h3')
