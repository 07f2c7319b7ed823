"""Editors manage articles, sources, channels and tags at /admin/."""

from __future__ import annotations

import pytest

from zixun.articles.models import Article, Channel, Tag
from zixun.sources.models import Source


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "a-long-password-1")
    client.force_login(user)
    return client


def test_article_list_filters_and_searches(editor, db):
    channel = Channel.objects.create(name="科技", slug="keji")
    Article.objects.create(title="人工智能助力肿瘤医学", channel=channel)
    Article.objects.create(title="马铃薯的故事")
    page = editor.get("/admin/articles/article/", {"q": "肿瘤", "channel__id__exact": channel.pk})
    body = page.content.decode()
    assert page.status_code == 200
    assert "人工智能助力肿瘤医学" in body and "马铃薯的故事" not in body


@pytest.mark.parametrize("action, field, value", [
    ("hide", "status", Article.Status.HIDDEN),
    ("publish", "status", Article.Status.PUBLISHED),
    ("mark_sponsored", "sponsored", True),
])
def test_bulk_actions_change_the_selected_articles_only(editor, db, action, field, value):
    chosen = Article.objects.create(title="选中的", status=Article.Status.DRAFT)
    other = Article.objects.create(title="没选中", status=Article.Status.DRAFT)
    response = editor.post("/admin/articles/article/", {"action": action, "_selected_action": [chosen.pk],
                                                        "reason": "与事实不符"})
    assert response.status_code == 302
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert getattr(chosen, field) == value
    assert (other.status, other.sponsored) == (Article.Status.DRAFT, False)


def test_a_hidden_article_leaves_the_site_with_its_reason(editor, client, db):
    article = Article.objects.create(title="要撤下的文章")
    editor.post("/admin/articles/article/", {"action": "hide", "_selected_action": [article.pk],
                                             "reason": "涉及侵权，应权利人要求撤下"})
    client.logout()
    page = client.get(article.get_absolute_url())
    assert page.status_code == 410
    assert "涉及侵权，应权利人要求撤下" in page.content.decode()
    assert "要撤下的文章" not in page.content.decode()


def test_hiding_without_a_reason_asks_for_one_and_changes_nothing(editor, db):
    article = Article.objects.create(title="要撤下的文章")
    page = editor.post("/admin/articles/article/", {"action": "hide", "_selected_action": [article.pk]})
    assert page.status_code == 200 and "撤下原因" in page.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


@pytest.mark.parametrize("url", ["/admin/sources/source/", "/admin/articles/channel/", "/admin/articles/tag/",
                                 "/admin/sources/feed/", "/admin/articles/story/"])
def test_other_admin_lists_open(editor, db, url):
    Source.objects.create(name="观察者网", slug="guancha")
    Tag.objects.create(name="日本", slug="riben")
    assert editor.get(url, {"q": "观察"}).status_code == 200


def test_admin_needs_a_login(client, db):
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
