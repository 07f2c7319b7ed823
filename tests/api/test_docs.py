"""The API documents itself: an OpenAPI schema with every field in two languages, and a docs
page that works with no network beyond the site."""

from __future__ import annotations

import os
import re
import shutil

import pytest

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{2,}")


def _schema(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _described(where: str, spec: dict) -> list[str]:
    text = spec.get("description", "")
    problems = []
    if not (CJK.search(text) and LATIN.search(text)):
        problems.append(f"{where}: description not in Chinese and English: {text!r}")
    if "examples" not in spec and "example" not in spec:
        problems.append(f"{where}: no example")
    return problems


def test_every_schema_field_is_described_in_chinese_and_english_with_an_example(client):
    schema = _schema(client)
    problems = []
    for name, component in schema["components"]["schemas"].items():
        for field, spec in component.get("properties", {}).items():
            problems += _described(f"{name}.{field}", spec)
    assert not problems, "\n".join(problems)


def test_every_parameter_is_described_in_chinese_and_english_with_an_example(client):
    schema = _schema(client)
    problems = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert CJK.search(operation.get("summary", "")), (method, path)
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    continue  # ids, named by the path itself
                problems += _described(f"{method} {path} ?{parameter['name']}", parameter)
    assert not problems, "\n".join(problems)


def test_every_error_answer_is_documented_with_the_error_shape(client):
    schema = _schema(client)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status in ("404", "422", "429"):
                body = operation["responses"][status]["content"]["application/json"]["schema"]
                assert body["$ref"].endswith("/ErrorOut"), (method, path, status)
            if method != "get":
                assert {"401", "403", "409"} <= set(operation["responses"]), (method, path)


def test_the_docs_page_loads_its_scripts_and_styles_from_the_site_itself(client):
    page = client.get("/api/v1/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(asset.startswith("/static/") for asset in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_docs_page_renders_every_route_offline_under_the_sites_policy(live_server):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (scripts/browser-setup.sh installs it)")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    elsewhere, violations = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.on("request", lambda r: None if r.url.startswith(live_server.url)
                or r.url.startswith("data:") else elsewhere.append(r.url))
        page.on("console", lambda m: violations.append(m.text)
                if "Content Security Policy" in m.text else None)
        page.goto(f"{live_server.url}/api/v1/docs")
        page.wait_for_selector(".opblock", timeout=30_000)
        summaries = page.locator(".opblock-summary-path").all_inner_texts()
        browser.close()
    assert "/api/v1/articles" in [s.strip().replace("\u200b", "") for s in summaries]
    assert not elsewhere, elsewhere
    assert not violations, violations
