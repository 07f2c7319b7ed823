"""A page costs the same at any size of the site, and no reader's request computes 相关内容."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zixun.articles.models import Article, Channel, Tag
from zixun.ranking import related
from zixun.sources.models import Source
from zixun.web.paging import MAX_PAGES, PAGE_SIZE

pytestmark = pytest.mark.django_db

PAGES = ["/", "/?page=2", "/?page=50", "/channel/keji/", "/channel/keji/?page=3", "/tag/xinpian/",
         "/source/xinhua/", "/source/xinhua/?page=2"]


def grow_site(total: int) -> None:
    """Bulk-insert articles until the site has ``total``, spread over one channel, tag, source."""
    channel, _ = Channel.objects.get_or_create(name="科技", slug="keji")
    tag, _ = Tag.objects.get_or_create(name="芯片", slug="xinpian")
    source, _ = Source.objects.get_or_create(name="新华社", slug="xinhua")
    start = Article.objects.count()
    now = timezone.now()
    Article.objects.bulk_create([
        Article(title=f"第{n}条新闻", body_text="正文。", summary="摘要。", channel=channel,
                source=source, published_at=now - timedelta(minutes=n))
        for n in range(start, total)
    ], batch_size=2000)
    through = Article.tags.through
    tagged = Article.objects.filter(pk__gt=0).exclude(tags=tag).values_list("pk", flat=True)
    through.objects.bulk_create([through(article_id=pk, tag_id=tag.pk) for pk in tagged],
                                batch_size=2000)


def query_counts() -> dict[str, int]:
    """Queries per page, each page rendered afresh (not from the page cache)."""
    counts = {}
    for page in PAGES:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(page).status_code == 200, page
        counts[page] = len(queries)
    return counts


@pytest.mark.slow  # bulk-inserts 10,000 articles: `make test` runs it, `make test-fast` not
def test_list_pages_ask_the_same_number_of_queries_at_100_and_at_10000_articles():
    grow_site(100)
    small = query_counts()
    grow_site(10_000)
    large = query_counts()
    assert large == small


def test_no_list_query_counts_the_whole_table():
    grow_site(PAGE_SIZE * MAX_PAGES + 50)
    with CaptureQueriesContext(connection) as queries:
        for page in PAGES:
            Client().get(page)
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT" in sql.upper() for sql in counts), counts


def test_the_last_numbered_page_links_to_older_articles_and_they_can_be_read_to_the_end():
    grow_site(PAGE_SIZE * MAX_PAGES + 30)
    reader = Client()
    last = reader.get(f"/?page={MAX_PAGES}").content.decode()
    assert "更早" in last
    seen = 0
    link = last.split('href="?before=')[1].split('"')[0]
    while link:
        page = reader.get(f"/?before={link}").content.decode()
        seen += page.count('<li><h3>') + page.count("<li>\n  <h3>")
        link = page.split('href="?before=')[1].split('"')[0] if 'href="?before=' in page else ""
    assert seen == 30


def test_no_reader_request_computes_related_lists(monkeypatch):
    grow_site(50)

    def refuse(*args, **kwargs):
        raise AssertionError("related lists are computed by the worker, not for a reader")

    monkeypatch.setattr(related, "compute_related", refuse)
    for article in Article.objects.all()[:5]:
        response = Client().get(f"/a/{article.pk}/")
        assert response.status_code == 200
        assert response.content.decode().count("<li><a href=\"/a/") >= 5
