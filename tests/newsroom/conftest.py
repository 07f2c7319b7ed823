"""Fixtures of the newsroom tests: an editor signed in to the admin, and the admin's forms."""

from __future__ import annotations

import lxml.html
import pytest


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", None)  # force_login: no hashing
    client.force_login(user)
    client.user = user
    return client


def form_values(client, url: str, form_id: str) -> dict:
    """The values an admin form would send as it stands, read from its page as a browser would."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    form = lxml.html.fromstring(page.content.decode("utf-8")).get_element_by_id(form_id)
    values: dict = {}
    for name, value in form.form_values():
        values.setdefault(name, []).append(value)
    return values


def two_sessions_topic():
    """A published 专题 of three public articles in an order that is not their publication order,
    and one withdrawn article."""
    from datetime import timedelta

    from django.utils import timezone

    from zixun.articles.models import Article
    from zixun.newsroom.models import Topic, TopicItem

    now = timezone.now()
    chosen = Topic.objects.create(title="两会专题", slug="两会", description="全国两会报道。",
                                  published=True)
    for position, (title, hours) in enumerate([("开幕", 3), ("政府工作报告", 1), ("闭幕", 2)]):
        article = Article.objects.create(title=title, body_html=f"<p>{title}。</p>",
                                         published_at=now - timedelta(hours=hours))
        TopicItem.objects.create(topic=chosen, article=article, position=position)
    hidden = Article.objects.create(title="撤下的稿件", status=Article.Status.HIDDEN)
    TopicItem.objects.create(topic=chosen, article=hidden, position=9)
    return chosen
