"""Announcing publication: WebSub, Baidu's URL push and IndexNow, against fake endpoints on 127.0.0.1."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest
from django.utils import timezone

from tests.httpserver import http_server  # noqa: F401  (the fixture)
from zixun.articles.ingest import store, store_many
from zixun.articles.models import Article
from zixun.config import Announce
from zixun.extract.draft import ArticleDraft

pytestmark = pytest.mark.django_db

SITE = "https://news.example.com"
JSON = {"Content-Type": "application/json"}


def _draft(n: int = 1, **values) -> ArticleDraft:
    base = dict(title=f"第{n}条：城市更新计划进展", body_html=f"<p>正文{n}</p>", body_text=f"正文{n}：城市更新。",
                source="南方网", channel="本地", guid=f"test:push:{n}",
                published_at=timezone.now() - timedelta(minutes=n))
    base.update(values)
    return ArticleDraft(**base)


@pytest.fixture
def endpoints(http_server, settings):  # noqa: F811
    """A fake hub, Baidu and IndexNow on one local server, configured as the site's endpoints."""
    server = http_server({
        "/hub": (204, {}, b""),
        "/baidu": (200, JSON, json.dumps({"remain": 2999, "success": 1})),
        "/indexnow": (202, {}, b""),
    })
    settings.FETCH_ALLOW_HOSTS = ["127.0.0.1"]
    settings.ANNOUNCE = Announce(
        site_url=SITE, websub_hub=server.url("/hub"), baidu_token="secret-token",
        baidu_endpoint=server.url("/baidu"), indexnow_key="0123456789abcdef",
        indexnow_endpoint=server.url("/indexnow"),
    )
    return server


def _sent(server, path: str):
    return [r for r in server.requests if r.method == "POST" and r.path.split("?")[0] == path]


def test_a_new_article_is_announced_to_every_endpoint_after_its_commit(
        endpoints, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article_id = store(_draft()).article_id
        assert not endpoints.requests  # nothing before the commit
    assert callbacks
    page = f"{SITE}/a/{article_id}/"
    hub = _sent(endpoints, "/hub")[0]
    form = parse_qsl(hub.body.decode())
    assert ("hub.mode", "publish") in form
    topics = [value for name, value in form if name == "hub.url"]
    assert f"{SITE}/rss.xml" in topics and f"{SITE}/feed.json" in topics
    assert f"{SITE}/channel/%E6%9C%AC%E5%9C%B0/atom.xml" in topics
    baidu = _sent(endpoints, "/baidu")[0]
    assert parse_qs(urlsplit(baidu.path).query) == {"site": [SITE], "token": ["secret-token"]}
    assert baidu.body.decode().splitlines() == [page]
    indexnow = json.loads(_sent(endpoints, "/indexnow")[0].body)
    assert indexnow == {"host": "news.example.com", "key": "0123456789abcdef",
                        "keyLocation": f"{SITE}/indexnow-key.txt", "urlList": [page]}


def test_a_batch_is_announced_in_one_call_per_endpoint(endpoints, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        results = store_many([_draft(n) for n in range(1, 6)])
    assert len(_sent(endpoints, "/baidu")) == 1 and len(_sent(endpoints, "/indexnow")) == 1
    assert len(_sent(endpoints, "/baidu")[0].body.decode().splitlines()) == 5
    assert len(results) == 5


def test_edits_drafts_and_future_articles_are_not_announced(endpoints, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        store(_draft(1))
    endpoints.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        store(_draft(1, title="第1条：城市更新计划进展（更新）"))
        store(_draft(2, status="draft"))
        store(_draft(3, published_at=timezone.now() + timedelta(hours=1)))
    assert endpoints.requests == []


def test_publishing_in_the_admin_announces_the_article(endpoints, admin_client,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article_id = store(_draft(1, status="draft")).article_id
    assert endpoints.requests == []
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/articles/article/", {
            "action": "publish", "_selected_action": [article_id]})
    assert response.status_code == 302
    assert Article.objects.get(pk=article_id).status == "published"
    assert _sent(endpoints, "/baidu")[0].body.decode() == f"{SITE}/a/{article_id}/"


def test_baidus_quota_and_refusals_are_logged(endpoints, caplog, django_capture_on_commit_callbacks):
    endpoints.routes["/baidu"] = (200, JSON, json.dumps({"remain": 0, "success": 1}))
    endpoints.routes["/indexnow"] = (403, {}, b"")
    with caplog.at_level(logging.INFO, logger="zixun.push"), \
            django_capture_on_commit_callbacks(execute=True):
        store(_draft(1))
    assert "remain=0" in caplog.text and "quota used up" in caplog.text
    assert "indexnow push refused status=403" in caplog.text
    caplog.clear()
    endpoints.routes["/baidu"] = (400, JSON, json.dumps({"error": 401, "message": "token is not valid"}))
    with caplog.at_level(logging.INFO, logger="zixun.push"), \
            django_capture_on_commit_callbacks(execute=True):
        store(_draft(2))
    assert "token is not valid" in caplog.text


def test_an_unreachable_endpoint_is_logged_and_the_article_kept(endpoints, settings, caplog,
                                                               django_capture_on_commit_callbacks):
    settings.ANNOUNCE = Announce(site_url=SITE, websub_hub="http://127.0.0.1:9/hub")
    with caplog.at_level(logging.WARNING, logger="zixun.push"), \
            django_capture_on_commit_callbacks(execute=True):
        article_id = store(_draft(1)).article_id
    assert "websub ping failed" in caplog.text
    assert Article.objects.filter(pk=article_id).exists()


def test_nothing_is_announced_by_default(settings, monkeypatch, django_capture_on_commit_callbacks):
    assert not settings.ANNOUNCE.enabled

    def refuse(*args, **kwargs):
        raise AssertionError("no call may leave the machine")

    monkeypatch.setattr("zixun.web.push.post", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        store(_draft(1))


def test_the_site_serves_its_indexnow_key_only_when_one_is_set(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert client.get("/indexnow-key.txt").status_code == 404
    settings.ANNOUNCE = Announce(site_url=SITE, indexnow_key="0123456789abcdef")
    assert client.get("/indexnow-key.txt").content == b"0123456789abcdef"
