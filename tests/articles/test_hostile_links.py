"""No address an article carries becomes a script link: on the way in, in the admin, on the page."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from zixun.articles.ingest import store
from zixun.articles.models import Article, Story
from zixun.extract.draft import ArticleDraft

pytestmark = pytest.mark.django_db
SCRIPT_URL = "javascript:alert(document.domain)//"
PASSWORD = "a-long-password-1"


def test_an_imported_record_with_a_script_url_keeps_neither_the_url_nor_a_script_link(
        tmp_path, client):
    path = tmp_path / "e1.jsonl"
    record = {"id": "e1", "title": "t", "url": SCRIPT_URL, "body_html": '<a href="">x</a>',
              "cover_image": "data:image/svg+xml,<svg onload=alert(1)>"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    call_command("import", str(path), "--jobs", "0", stdout=io.StringIO(), stderr=io.StringIO())
    article = Article.objects.get()
    assert (article.original_url, article.cover_image) == ("", "")
    assert "javascript" not in article.body_html and ">x</a>" in article.body_html
    page = client.get(article.get_absolute_url()).content.decode()
    assert "javascript:" not in page


def test_the_store_refuses_script_and_data_addresses_but_keeps_the_article():
    result = store(ArticleDraft(title="封面", body_html="<p>正文</p>", body_text="正文",
                                original_url=" data:text/html,x", cover_image="vbscript:msgbox(1)"))
    article = Article.objects.get(pk=result.article_id)
    assert (article.original_url, article.cover_image) == ("", "")


def test_a_script_address_already_in_the_database_never_becomes_an_href(client):
    original = Article.objects.create(title="原文", body_text="正文。")
    repost = Article.objects.create(title="转载", body_text="正文。")
    story = Story.objects.create(original=original)
    Article.objects.filter(pk__in=[original.pk, repost.pk]).update(story=story)
    # Written past the store and the model, as a value from before the URL policy would be.
    Article.objects.filter(pk=original.pk).update(original_url="javascript:alert(1)")
    page = client.get(repost.get_absolute_url()).content.decode()
    assert "原文：" in page and "javascript:" not in page and "原文地址" not in page


def test_the_original_link_on_a_repost_shows_an_http_address(client):
    original = Article.objects.create(title="原文", body_text="正文。",
                                      original_url="https://news.example.cn/a.html")
    repost = Article.objects.create(title="转载", body_text="正文。")
    story = Story.objects.create(original=original)
    Article.objects.filter(pk__in=[original.pk, repost.pk]).update(story=story)
    page = client.get(repost.get_absolute_url()).content.decode()
    assert 'href="https://news.example.cn/a.html" rel="nofollow noopener">原文地址' in page


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    client.force_login(user)
    return client


def _change(editor, article: Article, **fields):
    data = {
        "title": article.title, "status": "published", "published_at_0": "2025-03-14",
        "published_at_1": "08:00:00", "summary": "", "body_html": "", "body_text": "正文",
        "cover_image": "", "cover_caption": "", "account": "", "author": "", "original_outlet": "",
        "original_title": "", "original_url": "", "byline": "{}", "guid": "", "keywords": "[]",
        **fields,
    }
    return editor.post(f"/admin/articles/article/{article.pk}/change/", data)


def test_html_an_editor_saves_goes_through_the_sanitiser(editor, client):
    article = Article.objects.create(title="编辑", body_text="正文")
    response = _change(editor, article, body_html='<p>图</p><img src=x onerror=alert(1)>'
                                                  '<script>alert(2)</script><a href="javascript:x">a</a>')
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert "onerror" not in article.body_html and "<script" not in article.body_html
    assert "javascript" not in article.body_html and "<p>图</p>" in article.body_html


@pytest.mark.parametrize("field", ["original_url", "cover_image"])
def test_an_editor_is_told_an_address_must_be_http(editor, field):
    article = Article.objects.create(title="编辑", body_text="正文")
    response = _change(editor, article, **{field: "ftp://files.example.cn/a.jpg"})
    assert response.status_code == 200
    assert "只接受以 http:// 或 https:// 开头的网址" in response.content.decode()
    article.refresh_from_db()
    assert getattr(article, field) == ""
