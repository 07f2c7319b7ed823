"""The /search page, the header search box and `zixun search` as a reader and an editor see them."""

from __future__ import annotations

import json
from io import StringIO
from urllib.parse import quote

import pytest
from django.core.management import call_command

from tests.search.conftest import fixture_rows
from tests.web.pages import parse, texts

pytestmark = pytest.mark.django_db


def test_search_page_lists_highlighted_hits(client, articles):
    root = parse(client.get("/search?q=" + quote("安装简单")))
    assert texts(root, '//ol[contains(@class,"search-results")]//h3') == [
        "大风吹倒东莞工地龙门架砸中工棚 18死33伤"
    ]
    assert texts(root, "//ol//p[@class='snippet']//mark")[0] == "安装简单"


@pytest.mark.parametrize("q", ['"', "NEAR(", "-", "<script>", "习近平 OR", "%00", "a" * 1000])
def test_search_page_answers_any_query_without_an_error(client, articles, q):
    response = client.get("/search", {"q": q, "since": "not-a-date", "page": "x"})
    assert response.status_code == 200
    assert b"<script>" not in response.content


def test_search_page_without_results_says_so(client, articles):
    root = parse(client.get("/search?q=" + quote("完全不存在的词语组合xyz")))
    assert "没有找到" in " ".join(texts(root, '//*[@class="search-message"]'))


def test_every_page_has_a_search_box_in_the_header(client, articles):
    root = parse(client.get("/"))
    assert root.xpath('//header//form[@role="search"][@action="/search"]//input[@name="q"]')


def test_search_command_prints_json_hits(articles):
    out = StringIO()
    call_command("search", "iPhone", "--json", stdout=out)
    hits = json.loads(out.getvalue())
    assert hits[0]["id"] == articles["thucnews:thuc-642"]
    assert set(hits[0]) == {"id", "title", "url", "score", "snippet"}
    assert "<mark>iPhone</mark>" in hits[0]["snippet"]


def test_search_rebuild_command_indexes_every_article(articles):
    out = StringIO()
    call_command("search", "rebuild", stdout=out)
    assert f"indexed {len(articles)} articles" in out.getvalue()


def test_search_page_states_the_exact_number_of_stories_found(client, articles):
    root = parse(client.get("/search?q=" + quote("习近平")))
    count = " ".join(texts(root, '//*[@class="search-count"]'))
    expected = sum("习近平" in row["title"] + row["body"] for row in fixture_rows())
    assert expected >= 2 and f"共找到 {expected} 篇" in count
