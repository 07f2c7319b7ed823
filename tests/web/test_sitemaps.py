"""Sitemaps and robots.txt, validated against the published schemas (tests/fixtures/sitemaps)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import lxml.etree
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zixun.articles.ingest import store
from zixun.articles.models import Article
from zixun.extract.draft import ArticleDraft
from zixun.web import sitemaps

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "sitemaps"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "n": "http://www.google.com/schemas/sitemap-news/0.9"}


def _schema(name: str) -> lxml.etree.XMLSchema:
    return lxml.etree.XMLSchema(lxml.etree.parse(str(SCHEMAS / name)))


def _news_schema() -> lxml.etree.XMLSchema:
    """sitemap.xsd with the news extension: its <url> takes other namespaces' elements strictly."""
    wrapper = f"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
      <xsd:import namespace="{NS['s']}" schemaLocation="{(SCHEMAS / 'sitemap.xsd').as_uri()}"/>
      <xsd:import namespace="{NS['n']}" schemaLocation="{(SCHEMAS / 'sitemap-news.xsd').as_uri()}"/>
    </xsd:schema>"""
    return lxml.etree.XMLSchema(lxml.etree.fromstring(wrapper.encode()))


def _valid(schema: lxml.etree.XMLSchema, content: bytes) -> lxml.etree._Element:
    document = lxml.etree.fromstring(content)
    assert schema.validate(document), schema.error_log
    return document


def _body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.fixture(autouse=True)
def _every_request_rendered(settings):
    settings.PAGE_CACHE_SECONDS = 0


def _blocks(ids: list[int], size: int) -> list[int]:
    """The numbers of the files these ids fall in (ids need not start at 1: PostgreSQL's
    sequences go on between tests)."""
    return sorted({(pk - 1) // size + 1 for pk in ids})


def _store(n: int, **values) -> int:
    base = dict(title=f"第{n}条：城市更新计划进展", body_html=f"<p>正文{n}</p>", body_text=f"正文{n}：城市更新。",
                source="南方网", channel="本地", guid=f"test:sitemap:{n}",
                published_at=timezone.now() - timedelta(hours=n))
    base.update(values)
    return store(ArticleDraft(**base)).article_id


def test_the_index_and_its_files_validate_against_the_sitemaps_org_schemas(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "BLOCK", 3)
    ids = [_store(n) for n in range(1, 8)]
    index = _valid(_schema("siteindex.xsd"), _body(client.get("/sitemap.xml")))
    files = index.xpath("//s:sitemap/s:loc/text()", namespaces=NS)
    assert files[:2] == ["http://testserver/sitemap-pages.xml", "http://testserver/sitemap-news.xml"]
    assert files[2:] == [f"http://testserver/sitemap-{n}.xml" for n in _blocks(ids, 3)]
    urlset = _schema("sitemap.xsd")
    listed = []
    for loc in files[2:]:
        document = _valid(urlset, _body(client.get(loc.removeprefix("http://testserver"))))
        urls = document.xpath("//s:url/s:loc/text()", namespaces=NS)
        assert len(urls) <= 3
        listed += urls
    assert listed == [f"http://testserver/a/{pk}/" for pk in sorted(ids)]
    pages = _valid(urlset, _body(client.get("/sitemap-pages.xml")))
    locs = pages.xpath("//s:url/s:loc/text()", namespaces=NS)
    assert "http://testserver/" in locs
    assert "http://testserver/channel/%E6%9C%AC%E5%9C%B0/" in locs


def test_lastmod_is_the_time_of_the_last_real_edit(client):
    pk = _store(1)
    before = Article.objects.get(pk=pk).updated_at
    Article.objects.filter(pk=pk).update(view_count=500)  # views are no change to the page
    file = f"/sitemap-{_blocks([pk], sitemaps.BLOCK)[0]}.xml"
    document = lxml.etree.fromstring(_body(client.get(file)))
    lastmod = document.xpath("//s:lastmod/text()", namespaces=NS)[0]
    assert lastmod.endswith("+08:00")
    assert datetime.fromisoformat(lastmod) == before.replace(microsecond=0)
    _store(1, title="第1条：城市更新计划进展（更新）")
    edited = Article.objects.get(pk=pk).updated_at
    assert edited > before
    sitemaps.cache.delete("sitemap-blocks")
    document = lxml.etree.fromstring(_body(client.get(file)))
    assert datetime.fromisoformat(document.xpath("//s:lastmod/text()", namespaces=NS)[0]) == \
        edited.replace(microsecond=0)
    index = lxml.etree.fromstring(_body(client.get("/sitemap.xml")))
    block = index.xpath(f"//s:sitemap[s:loc='http://testserver{file}']/s:lastmod/text()",
                        namespaces=NS)
    assert datetime.fromisoformat(block[0]) == edited.replace(microsecond=0)


def test_hidden_drafts_and_future_articles_stay_out(client):
    shown = _store(1)
    _store(2, status="hidden")
    _store(3, published_at=timezone.now() + timedelta(days=1))
    file = f"/sitemap-{_blocks([shown], sitemaps.BLOCK)[0]}.xml"
    document = lxml.etree.fromstring(_body(client.get(file)))
    assert document.xpath("//s:url/s:loc/text()", namespaces=NS) == [f"http://testserver/a/{shown}/"]


def test_the_news_sitemap_holds_the_last_two_days_for_google_news(client, monkeypatch):
    recent = [_store(n) for n in (1, 30, 47)]
    _store(49)
    document = _valid(_news_schema(), _body(client.get("/sitemap-news.xml")))
    urls = document.xpath("//s:url", namespaces=NS)
    assert [u.findtext("s:loc", namespaces=NS) for u in urls] == \
        [f"http://testserver/a/{pk}/" for pk in recent]
    news = urls[0].find("n:news", namespaces=NS)
    assert news.findtext("n:publication/n:name", namespaces=NS) == "资讯"
    assert news.findtext("n:publication/n:language", namespaces=NS) == "zh-cn"
    assert news.findtext("n:title", namespaces=NS) == "第1条：城市更新计划进展"
    published = news.findtext("n:publication_date", namespaces=NS)
    assert published.endswith("+08:00")
    assert datetime.fromisoformat(published) == \
        Article.objects.get(pk=recent[0]).published_at.replace(microsecond=0)
    monkeypatch.setattr(sitemaps, "NEWS_MAX", 2)
    document = lxml.etree.fromstring(_body(client.get("/sitemap-news.xml")))
    assert len(document.xpath("//s:url", namespaces=NS)) == 2


def test_a_news_sitemap_with_no_recent_news_is_still_valid(client):
    _store(72)
    _valid(_news_schema(), _body(client.get("/sitemap-news.xml")))


def test_text_sitemaps_for_baidu_list_one_address_a_line_split_like_the_xml(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "BLOCK", 2)
    ids = sorted(_store(n) for n in range(1, 6))
    numbers = _blocks(ids, 2)
    lines = []
    for number in numbers:
        text = _body(client.get(f"/sitemap-{number}.txt")).decode()
        assert len(text.splitlines()) <= 2
        lines += text.splitlines()
    assert lines == [f"http://testserver/a/{pk}/" for pk in ids]
    pages = _body(client.get("/sitemap.txt")).decode().splitlines()
    assert pages[0] == "http://testserver/" and all(p.startswith("http://testserver/") for p in pages)
    assert client.get(f"/sitemap-{numbers[-1] + 1}.txt").status_code == 404
    assert client.get(f"/sitemap-{numbers[-1] + 1}.xml").status_code == 404


def test_robots_txt_names_every_sitemap(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "BLOCK", 2)
    ids = [_store(n) for n in range(1, 4)]
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    named = [line.split(": ", 1)[1] for line in robots.content.decode().splitlines()
             if line.startswith("Sitemap: ")]
    assert named == ["http://testserver/sitemap.xml", "http://testserver/sitemap-news.xml",
                     "http://testserver/sitemap.txt",
                     *(f"http://testserver/sitemap-{n}.txt" for n in _blocks(ids, 2))]
    for url in named:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200
    assert "Disallow: /admin/" in robots.content.decode()


def test_an_article_file_streams_its_rows_a_chunk_at_a_time(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "CHUNK", 2)
    ids = [_store(n) for n in range(1, 6)]
    sitemaps.blocks()  # the index's count, cached: not part of streaming the file
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/sitemap-{_blocks(ids, sitemaps.BLOCK)[0]}.xml")
        assert response.streaming
        body = _body(response)
    article_reads = [q["sql"] for q in queries.captured_queries if "LIMIT" in q["sql"].upper()]
    assert len(article_reads) == 3  # 2 + 2 + 1 rows
    assert body.count(b"<url>") == len(ids)
