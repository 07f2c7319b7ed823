"""XSS in a real Chromium: a seeded sample of the hostile payloads in every field, every page
that shows them opened and every link on it clicked (bench/hostile.py runs them all)."""

from __future__ import annotations

import io
import logging
import time

import pytest
from django.core.management import call_command
from django.test import Client

from tests.web.hostile import (
    SAMPLE_FILE,
    SAMPLE_TAG,
    Prober,
    payloads,
    reader_pages,
    records,
    sample,
    write_records,
)
from zixun.articles.models import Article, Channel, Tag
from zixun.sources.models import Source

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
SEED = 19
COUNT = 100
# Payloads sent through the API's create route (bench/hostile.py sends the import's).
API_COUNT = 20
# Of the list and admin pages, how many of each kind the suite opens (the bench opens all).
EACH = 8
ADMIN_LISTS = ["/admin/articles/article/", "/admin/articles/tag/", "/admin/sources/source/"]


def _admin_cookies(django_user_model, live_server) -> list[dict]:
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "a-long-password-1")
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    return [{"name": "sessionid", "value": session, "url": live_server.url}]


def test_no_payload_in_any_field_runs_in_a_real_browser(browser, live_server, tmp_path,
                                                        django_user_model):
    chosen = sample(payloads(SAMPLE_FILE), COUNT, SEED)
    path = write_records(records(chosen), tmp_path / "hostile.jsonl")
    call_command("import", str(path), "--jobs", "0", stdout=io.StringIO(), stderr=io.StringIO())
    articles = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    assert len(articles) == COUNT + 4
    # The junk gate holds some payload records for review; an editor may release any of them,
    # so each must be as harmless on a public page as the rest.
    Article.objects.filter(status=Article.Status.REVIEW).update(status=Article.Status.PUBLISHED)
    slugs = {
        "channel": [Channel.objects.get().slug],
        "tag": [Tag.objects.get(name=SAMPLE_TAG).slug]
               + list(Tag.objects.exclude(name=SAMPLE_TAG).values_list("slug", flat=True)[:EACH]),
        "source": list(Source.objects.values_list("slug", flat=True)[:EACH]),
    }
    prober = Prober(browser, live_server.url)
    admin = Prober(browser, live_server.url, _admin_cookies(django_user_model, live_server))
    try:
        for page_path in reader_pages(articles, slugs, chosen[:EACH]):
            prober.probe(page_path)
        for page_path in ADMIN_LISTS + [f"/admin/articles/article/{pk}/change/"
                                        for pk in articles[:EACH]]:
            admin.probe(page_path)
    finally:
        prober.close()
        admin.close()
    for findings in (prober.findings, admin.findings):
        _assert_harmless(findings)
        assert findings.clicks > findings.pages


def _assert_harmless(findings) -> None:
    """No script ran, no script link or handler was left, nothing foreign, no CSP refusal."""
    assert findings.errors == [], findings.errors[:5]
    assert (findings.dialogs, findings.script_links) == ([], []), findings.summary()
    assert (findings.handlers, findings.foreign) == ([], []), findings.summary()
    assert findings.violations == [], findings.violations[:5]


def _post_through_the_api(rows: list[dict]) -> list[int]:
    """Each record created with a write key, as an app would; a field the API refuses (422)
    is left out and the rest sent again, so every payload reaches a page."""
    from zixun.api.models import ApiKey

    client = Client(HTTP_X_API_KEY=ApiKey.issue("xss", ApiKey.Scope.WRITE)[1])
    created = []
    for row in rows:
        record = {"guid" if key == "id" else key: value for key, value in row.items()}
        for _ in range(len(record)):
            response = client.post("/api/v1/articles", record, content_type="application/json")
            if response.status_code != 422:
                break
            record.pop(response.json()["field"])
        assert response.status_code == 201, response.content
        created.append(response.json()["id"])
    return created


def test_no_payload_posted_through_the_api_runs_in_a_real_browser(browser, live_server,
                                                                  django_user_model):
    chosen = sample(payloads(SAMPLE_FILE), API_COUNT, SEED + 1)
    articles = _post_through_the_api(records(chosen))
    Article.objects.filter(status=Article.Status.REVIEW).update(status=Article.Status.PUBLISHED)
    prober = Prober(browser, live_server.url)
    admin = Prober(browser, live_server.url, _admin_cookies(django_user_model, live_server))
    try:
        for page_path in ["/"] + [f"/a/{pk}/" for pk in articles] + [f"/api/v1/articles/{pk}"
                                                                      for pk in articles[:EACH]]:
            prober.probe(page_path)
        for pk in articles[:EACH]:
            admin.probe(f"/admin/articles/article/{pk}/change/")
    finally:
        prober.close()
        admin.close()
    for findings in (prober.findings, admin.findings):
        _assert_harmless(findings)


def test_script_written_past_the_sanitiser_is_blocked_and_reported(browser, live_server,
                                                                   caplog):
    article = Article.objects.create(title="绕过清洗", body_text="正文。")
    # As a value written straight into the database would be: the page shows body_html as is.
    Article.objects.filter(pk=article.pk).update(
        body_html='<p>正文</p><script>alert(1)</script><img src="/x.png" onerror="alert(2)">'
                  '<a id="bad" href="javascript:alert(3)">点我</a>')
    prober = Prober(browser, live_server.url)
    try:
        with caplog.at_level(logging.WARNING, logger="zixun.csp"):
            prober.probe(article.get_absolute_url())
            deadline = time.monotonic() + 10
            while "csp violation" not in caplog.text and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        prober.close()
    assert prober.findings.dialogs == []
    assert len(prober.findings.violations) >= 3  # the script, the handler, the javascript: link
    assert "csp violation directive=script-src" in caplog.text
