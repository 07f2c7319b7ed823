"""Editors share a draft or a scheduled article by a signed link that expires, is never cached,
never indexed and never counted as a view."""

from __future__ import annotations

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from tests.web.pages import parse, texts
from zixun.articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft() -> Article:
    return Article.objects.create(title="尚未发布的稿件", body_html="<p>正文第一段。</p>",
                                  body_text="正文第一段。", status=Article.Status.SCHEDULED,
                                  published_at=timezone.now() + timedelta(days=1))


def test_a_draft_is_hidden_from_readers_but_shown_through_its_preview_link(client, draft):
    assert client.get(draft.get_absolute_url()).status_code == 404
    response = client.get(f"/preview/{draft.preview_token()}/")
    assert response.status_code == 200
    root = parse(response)
    assert texts(root, "//article//h1") == ["尚未发布的稿件"]
    assert "预览" in "".join(texts(root, "//*[@class='preview-note']"))
    assert root.xpath("//meta[@name='robots']/@content") == ["noindex, nofollow"]
    assert response["X-Robots-Tag"] == "noindex"


def test_a_preview_is_never_kept_in_the_page_cache_nor_counted(client, draft, settings):
    settings.PAGE_CACHE_SECONDS = 30
    url = f"/preview/{draft.preview_token()}/"
    for _ in range(2):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"] and "X-Zixun-Cache" not in response
    draft.refresh_from_db()
    assert draft.view_count == 0


def test_a_forged_or_expired_preview_link_shows_nothing(client, draft):
    forged = draft.preview_token()[:-2] + "xx"
    assert client.get(f"/preview/{forged}/").status_code == 404
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 25 * 3600):
        old = draft.preview_token()
    response = client.get(f"/preview/{old}/")
    assert response.status_code == 404 and "尚未发布的稿件" not in response.content.decode()
    assert "预览链接已失效" in response.content.decode()


def test_the_admin_change_form_offers_the_preview_link(client, draft):
    client.force_login(User.objects.create_superuser("editor", "e@example.com", "pw-123456"))
    page = client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    assert "预览链接" in page and "24 小时内有效" in page
    token = page.split('href="/preview/', 1)[1].split("/", 1)[0]
    assert client.get(f"/preview/{token}/").status_code == 200
