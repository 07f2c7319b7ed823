"""Every page carries a strict Content-Security-Policy, and violations are logged."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from zixun.articles.models import Article
from zixun.web.cache import CACHE_HEADER

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


@pytest.mark.parametrize("path", ["/", "/search?q=x", "/admin/login/", "/no-such-page/"])
def test_every_page_forbids_inline_script_and_plugins(client, path):
    directives = _directives(client.get(path))
    assert directives["script-src"] == "'self'" and directives["object-src"] == "'none'"
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["report-uri"] == "/csp-report"


def test_a_page_from_the_page_cache_carries_the_policy_too():
    article = Article.objects.create(title="缓存", body_text="正文。")
    first = Client().get(article.get_absolute_url())
    again = Client().get(article.get_absolute_url())
    assert (first[CACHE_HEADER], again[CACHE_HEADER]) == ("miss", "hit")
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_report_uri_violation_is_logged(client, caplog):
    report = {"csp-report": {"document-uri": "http://127.0.0.1/a/1/", "violated-directive":
                             "script-src-elem", "blocked-uri": "inline", "script-sample": "alert(1)"}}
    with caplog.at_level(logging.WARNING, logger="zixun.csp"):
        response = client.post("/csp-report", json.dumps(report),
                               content_type="application/csp-report")
    assert response.status_code == 204
    assert "csp violation directive=script-src-elem blocked=inline page=http://127.0.0.1/a/1/" in (
        caplog.text)


def test_a_reporting_api_violation_is_logged(client, caplog):
    reports = [{"type": "csp-violation", "body": {"documentURL": "http://127.0.0.1/", "blockedURL":
                                                    "eval", "effectiveDirective": "script-src"}},
               {"type": "deprecation", "body": {"id": "x"}}]
    with caplog.at_level(logging.WARNING, logger="zixun.csp"):
        client.post("/csp-report", json.dumps(reports), content_type="application/reports+json")
    assert caplog.text.count("csp violation") == 1 and "blocked=eval" in caplog.text


def test_a_report_that_is_not_one_is_ignored_and_an_oversized_one_refused(client, caplog):
    with caplog.at_level(logging.WARNING, logger="zixun.csp"):
        assert client.post("/csp-report", "not json", content_type="text/plain").status_code == 204
        big = client.post("/csp-report", "x" * 70_000, content_type="application/csp-report")
    assert big.status_code == 413 and "csp violation" not in caplog.text
    assert client.get("/csp-report").status_code == 405


def test_over_https_reports_also_go_by_the_reporting_api(settings, rf):
    from dataclasses import replace

    from django.http import HttpResponse

    from zixun.web.csp import ContentSecurityPolicyMiddleware

    settings.CONFIG = replace(settings.CONFIG, https=True)
    response = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())(rf.get("/"))
    assert response["Content-Security-Policy"].endswith("report-uri /csp-report; report-to csp")
    assert response["Reporting-Endpoints"] == 'csp="/csp-report"'
