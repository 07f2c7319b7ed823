"""In the admin, each role sees the moves it may make, and every move shows in the article's history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from zixun.articles.models import Article, Channel

pytestmark = pytest.mark.django_db
S = Article.Status
ARTICLES = "/admin/articles/article/"


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(**fields) -> dict:
    """What the add or change form posts for a contributor (their fields only)."""
    return {"title": "区里新开一家图书馆", "status": "draft", "change_note": "", "summary": "",
            "body_html": "<p>图书馆开门了。</p>", "cover_image": "",
            "cover_caption": "", "author": "张三", "original_url": "", **fields}


def _editor_form(article: Article, **fields) -> dict:
    local = timezone.localtime(article.published_at)
    return {**_form(title=article.title, status=article.status), "body_text": "",
            "published_at_0": local.date().isoformat(),
            "published_at_1": local.time().strftime("%H:%M:%S"), "account": "", "original_outlet": "",
            "original_title": "", "byline": "{}", "guid": "", "keywords": "[]", **fields}


def _status_choices(page) -> list[str]:
    return [value for value, _label in page.context["adminform"].form.fields["status"].choices]


def test_a_contributor_writes_a_draft_that_records_its_author_and_creation(people):
    writer = _as(people["writer"])
    assert _status_choices(writer.get(f"{ARTICLES}add/")) == [S.DRAFT, S.REVIEW]
    response = writer.post(f"{ARTICLES}add/", _form())
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get()
    assert (article.status, article.created_by) == (S.DRAFT, people["writer"])
    assert article.body_text == "图书馆开门了。"  # read from the HTML the contributor wrote
    assert list(article.status_changes.values_list("by__username", "from_status", "to_status")) == [
        ("writer", "", S.DRAFT)]


def test_a_contributor_cannot_publish_from_the_form(people):
    writer = _as(people["writer"])
    page = writer.post(f"{ARTICLES}add/", _form(status="published"))
    assert page.status_code == 200 and not Article.objects.exists()


def test_a_contributor_submits_by_the_form_and_then_cannot_touch_it_once_published(people):
    writer = _as(people["writer"])
    writer.post(f"{ARTICLES}add/", _form())
    article = Article.objects.get()
    response = writer.post(f"{ARTICLES}{article.pk}/change/", _form(status="review", change_note="请审阅"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == S.REVIEW
    article.move_to(S.PUBLISHED, by=people["editor"])
    assert writer.get(f"{ARTICLES}{article.pk}/change/").context["has_change_permission"] is False


def test_a_contributor_sees_only_their_own_articles(people):
    Article.objects.create(title="别人的稿件", status=S.DRAFT, created_by=people["editor"])
    Article.objects.create(title="自己的稿件", status=S.DRAFT, created_by=people["writer"])
    page = _as(people["writer"]).get(ARTICLES).content.decode()
    assert "自己的稿件" in page and "别人的稿件" not in page
    assert "审核通过并发布" not in page and "提交审核" in page


def test_an_editor_approves_and_schedules_by_the_form_and_the_history_shows_it(people):
    article = Article.objects.create(title="待审的稿件", status=S.REVIEW, created_by=people["writer"])
    editor = _as(people["editor"])
    page = editor.get(f"{ARTICLES}{article.pk}/change/")
    assert _status_choices(page) == [S.DRAFT, S.REVIEW, S.SCHEDULED, S.PUBLISHED, S.HIDDEN]
    at = timezone.localtime(timezone.now() + timedelta(hours=3)).replace(microsecond=0)
    response = editor.post(f"{ARTICLES}{article.pk}/change/", _editor_form(
        article, status="scheduled", change_note="审核通过，晚间发布",
        published_at_0=at.date().isoformat(), published_at_1=at.time().strftime("%H:%M:%S")))
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert (article.status, article.published_at) == (S.SCHEDULED, at)
    history = editor.get(f"{ARTICLES}{article.pk}/change/").content.decode()
    assert "审核通过，晚间发布" in history and "待审 → 定时发布" in history


def test_an_editor_is_told_why_a_move_is_refused_and_nothing_changes(people):
    channel = Channel.objects.create(name="时政", slug="shizheng", review_required=True)
    article = Article.objects.create(title="直接发布的草稿", status=S.DRAFT, channel=channel,
                                     created_by=people["editor"])
    page = _as(people["editor"]).post(f"{ARTICLES}{article.pk}/change/", _editor_form(
        article, status="published", channel=str(channel.pk)))
    assert page.status_code == 200 and "须先提交审核" in page.content.decode()
    article.refresh_from_db()
    assert article.status == S.DRAFT and not article.status_changes.exists()


def test_the_publish_action_reports_the_articles_it_could_not_publish(people):
    channel = Channel.objects.create(name="财经", slug="caijing", review_required=True,
                                     reviewer_must_differ=True)
    own = Article.objects.create(title="自己写的", status=S.REVIEW, channel=channel,
                                 created_by=people["editor"])
    other = Article.objects.create(title="同事写的", status=S.REVIEW, channel=channel,
                                   created_by=people["writer"])
    response = _as(people["editor"]).post(ARTICLES, {"action": "publish",
                                                     "_selected_action": [own.pk, other.pk]},
                                          follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert "1 篇文章已发布" in messages[0] and "「自己写的」未能发布" in messages[1]
    assert dict(Article.objects.values_list("title", "status")) == {"自己写的": S.REVIEW,
                                                                    "同事写的": S.PUBLISHED}

