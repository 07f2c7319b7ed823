"""A taken-down article answers 410 with the reason, at once, whatever copy the page cache held."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client

from zixun.articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return Article.objects.create(title="被撤下的报道", body_html="<p>正文。</p>", body_text="正文。")


def test_a_taken_down_article_answers_410_with_its_reason_never_the_cached_copy(article, settings,
                                                                                 django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_SECONDS = 300
    reader = Client()
    assert reader.get(f"/a/{article.pk}/")["X-Zixun-Cache"] == "miss"
    assert reader.get("/")["X-Zixun-Cache"] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        article.move_to(Article.Status.HIDDEN, reason="报道有误，已另发更正")
    page = reader.get(f"/a/{article.pk}/")
    body = page.content.decode()
    assert page.status_code == 410 and "此文已撤下" in body and "报道有误，已另发更正" in body
    assert "被撤下的报道" not in body and "X-Zixun-Cache" not in page
    assert reader.get("/")["X-Zixun-Cache"] == "miss"  # the lists' stored copies went too


def test_the_withdrawn_page_is_not_indexed_and_not_stored(article, settings):
    settings.PAGE_CACHE_SECONDS = 300
    article.move_to(Article.Status.HIDDEN, reason="重复稿件")
    for _ in range(2):
        page = Client().get(f"/a/{article.pk}/")
        assert page.status_code == 410 and "X-Zixun-Cache" not in page
        assert '<meta name="robots" content="noindex">' in page.content.decode()


def test_publishing_again_brings_the_page_back(article):
    article.move_to(Article.Status.HIDDEN, reason="待核实")
    article.move_to(Article.Status.PUBLISHED, reason="已核实")
    page = Client().get(f"/a/{article.pk}/")
    assert page.status_code == 200 and "被撤下的报道" in page.content.decode()
    article.refresh_from_db()
    assert article.status_reason == ""


@pytest.mark.slow
def test_a_take_down_in_another_process_drops_this_process_s_stored_pages(article, settings):
    """Web workers each keep their own local-memory cache; the drop reaches them all."""
    settings.PAGE_CACHE_SECONDS = 300
    reader = Client()
    reader.get(f"/a/{article.pk}/")
    assert reader.get(f"/a/{article.pk}/")["X-Zixun-Cache"] == "hit"
    other_process = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); "
                               "from zixun.web.cache import drop_pages; drop_pages()"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "zixun.settings"),
             "ZIXUN_DATA_DIR": str(settings.DATA_DIR)},
        capture_output=True, text=True, timeout=60)
    assert other_process.returncode == 0, other_process.stderr
    assert reader.get(f"/a/{article.pk}/")["X-Zixun-Cache"] == "miss"
