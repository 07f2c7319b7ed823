"""The Content-Security-Policy every response carries, and what a browser reports against it.

The sanitiser (zixun.extract.sanitize) and the URL policy (zixun.lib.urls) keep script out of
the pages; the policy is the second wall, for whatever slips past them or is written into the
database some other way: no inline script, no script from elsewhere, no plugins, no <base>,
no framing. zixun's own pages and Django's admin use external scripts and styles only, so
nothing of theirs needs an exception. Article images stay hotlinked from their sites (img-src
http: https:). Browsers report each blocked attempt to REPORT_PATH, which logs it.

Reports go by ``report-uri``, which every browser sends at once. ``report-to`` (the Reporting
API) is added only on a site served over HTTPS (ZIXUN_HTTPS): Chromium sends nothing through it
to a plain-HTTP site, and ignores ``report-uri`` once ``report-to`` is present.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

log = logging.getLogger("zixun.csp")

REPORT_PATH = "/csp-report"
REPORT_GROUP = "csp"
POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' http: https:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    f"report-uri {REPORT_PATH}",
])
# A violation report is a few hundred bytes; anything much larger is not one.
REPORT_MAX_BYTES = 64 * 1024


class ContentSecurityPolicyMiddleware:
    """Put POLICY on every response, the page cache's copies included (it sits above the cache)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.headers = {"Content-Security-Policy": POLICY}
        if settings.CONFIG.https:
            self.headers = {"Content-Security-Policy": f"{POLICY}; report-to {REPORT_GROUP}",
                            "Reporting-Endpoints": f'{REPORT_GROUP}="{REPORT_PATH}"'}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, value in self.headers.items():
            response.setdefault(name, value)
        return response


def violations(body: bytes) -> list[dict]:
    """The violations in a report body: ``report-uri``'s {"csp-report": {…}} or the Reporting
    API's [{"type": "csp-violation", "body": {…}}, …]; [] for anything else."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return []
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        return [data["csp-report"]]
    if isinstance(data, list):
        return [item["body"] for item in data
                if isinstance(item, dict) and item.get("type") == "csp-violation"
                and isinstance(item.get("body"), dict)]
    return []


def log_violation(report: dict) -> None:
    """One log line per blocked attempt, under the same names whichever format it came in."""

    def field(*names: str) -> str:
        return next((str(report[name])[:300] for name in names if report.get(name)), "")

    log.warning(
        "csp violation directive=%s blocked=%s page=%s sample=%r",
        field("effectiveDirective", "effective-directive", "violated-directive"),
        field("blockedURL", "blocked-uri"),
        field("documentURL", "document-uri"),
        field("sample", "script-sample"),
    )
