"""What an article page tells search engines and share cards, read back as they read it."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import extruct
import lxml.html
import pytest
from django.utils import timezone

from zixun.articles.ingest import store
from zixun.articles.models import Article
from zixun.extract import extract
from zixun.extract.draft import ArticleDraft

pytestmark = pytest.mark.django_db

BODY = ("国家统计局今天发布数据，前三季度全国居民人均可支配收入实际增长百分之五点二。"
        "据《经济日报》10月20日报道，消费对经济增长的贡献率继续提高。")


@pytest.fixture(autouse=True)
def _every_request_rendered(settings):
    settings.PAGE_CACHE_SECONDS = 0


def _stored(**values) -> Article:
    base = dict(title="前三季度居民收入实际增长5.2%", body_html=f"<p>{BODY}</p>", body_text=BODY,
                summary="国家统计局发布前三季度居民收入数据", source="经济网", channel="财经",
                tags=["居民收入", "统计数据"], author="张伟、刘洋", guid="test:ld:1",
                published_at=timezone.now() - timedelta(hours=2),
                cover_image="https://img.example.com/income.png",
                byline={"cited_sources": [{"outlet": "经济日报", "date": "2026-10-20"}]})
    base.update(values)
    return Article.objects.get(pk=store(ArticleDraft(**base)).article_id)


def _read(client, article: Article) -> tuple[bytes, dict]:
    page = client.get(article.get_absolute_url()).content
    data = extruct.extract(page.decode("utf-8"), base_url="http://testserver/",
                           syntaxes=["json-ld", "opengraph"])
    # Open Graph as name → every value given (article:tag repeats).
    og: dict[str, list[str]] = {}
    for name, value in data["opengraph"][0]["properties"]:
        og.setdefault(name, []).append(value)
    return page, {"json-ld": data["json-ld"], "opengraph": og}


def _of_type(items: list[dict], kind: str) -> dict:
    return next(item for item in items if item.get("@type") == kind)


def test_an_article_page_describes_itself_as_a_news_article(client):
    article = _stored()
    _page, data = _read(client, article)
    news = _of_type(data["json-ld"], "NewsArticle")
    assert news["headline"] == article.title
    assert news["image"] == ["https://img.example.com/income.png"]
    published = datetime.fromisoformat(news["datePublished"])
    assert news["datePublished"].endswith("+08:00") and news["dateModified"].endswith("+08:00")
    assert published == article.published_at.replace(microsecond=0)
    assert datetime.fromisoformat(news["dateModified"]) == article.updated_at.replace(microsecond=0)
    assert news["author"] == [{"@type": "Person", "name": "张伟"}, {"@type": "Person", "name": "刘洋"}]
    assert news["publisher"]["@type"] == "Organization" and news["publisher"]["name"] == "资讯"
    assert news["publisher"]["logo"]["url"].startswith("http://testserver/static/")
    assert client.get(news["publisher"]["logo"]["url"].removeprefix("http://testserver")).status_code == 200
    assert news["mainEntityOfPage"]["@id"] == f"http://testserver{article.get_absolute_url()}"
    assert news["articleSection"] == "财经"
    assert news["citation"][0]["publisher"]["name"] == "经济日报"
    assert "isBasedOn" not in news


def test_the_breadcrumbs_lead_from_the_channel_to_the_article(client):
    article = _stored()
    _page, data = _read(client, article)
    trail = _of_type(data["json-ld"], "BreadcrumbList")["itemListElement"]
    assert [step["name"] for step in trail] == ["资讯", "财经", article.title]
    assert [step["position"] for step in trail] == [1, 2, 3]
    assert trail[1]["item"] == "http://testserver" + article.channel.get_absolute_url()
    assert trail[2]["item"] == "http://testserver" + article.get_absolute_url()


def test_a_repost_says_what_it_is_based_on(client):
    article = _stored(original_outlet="新华社", original_url="https://www.news.cn/fortune/a.htm")
    _page, data = _read(client, article)
    based_on = _of_type(data["json-ld"], "NewsArticle")["isBasedOn"]
    assert based_on["url"] == "https://www.news.cn/fortune/a.htm"
    assert based_on["publisher"]["name"] == "新华社"


def test_share_cards_carry_the_open_graph_and_twitter_tags(client):
    article = _stored()
    page, data = _read(client, article)
    og = data["opengraph"]
    assert og["og:type"] == ["article"] and og["og:title"] == [article.title]
    assert og["og:image"] == ["https://img.example.com/income.png"]
    assert og["og:url"] == [f"http://testserver{article.get_absolute_url()}"]
    published = datetime.fromisoformat(og["article:published_time"][0])
    assert published == article.published_at.replace(microsecond=0)
    assert og["article:section"] == ["财经"]
    assert sorted(og["article:tag"]) == ["居民收入", "统计数据"]
    root = lxml.html.fromstring(page)
    twitter = {m.get("name"): m.get("content") for m in root.xpath('//meta[starts-with(@name, "twitter:")]')}
    assert twitter["twitter:card"] == "summary_large_image"
    assert twitter["twitter:title"] == article.title
    assert twitter["twitter:image"] == "https://img.example.com/income.png"


def test_a_title_cannot_break_out_of_the_json_ld_script(client):
    title = "标题</script><script>alert(1)</script>&amp;"
    article = _stored(title=title)
    page, _data = _read(client, article)
    root = lxml.html.fromstring(page)
    scripts = root.xpath('//script[@type="application/ld+json"]')
    assert len(scripts) == 1 and not root.xpath("//script[not(@type)]")
    assert "</script><script>" not in scripts[0].text
    assert json.loads(scripts[0].text)[0]["headline"] == title


@pytest.mark.parametrize("outlet", ["", "新华社"])
def test_the_extractor_reads_back_the_title_writers_time_and_outlet(client, outlet):
    """A round trip: zixun's own extractor, given zixun's page, recovers what was stored."""
    article = _stored(original_outlet=outlet, original_url="https://www.news.cn/fortune/a.htm" if outlet else "")
    page = client.get(article.get_absolute_url()).content
    draft = extract(page, f"http://testserver{article.get_absolute_url()}", fetched_at=timezone.now())
    assert draft.title == article.title
    assert draft.authors == ["张伟", "刘洋"]
    assert draft.published_at == article.published_at.replace(microsecond=0)
    assert draft.original_outlet == (outlet or "经济网")
