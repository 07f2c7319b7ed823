"""`zixun extract` from the command line, on a file and on a URL served locally."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from tests.httpserver import serve
from zixun.lib import http

PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "extract" / "pages" / "xinhuanet-1.html"


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("extract", *args, stdout=out)
    return out.getvalue()


def test_json_output_has_the_documented_keys():
    data = json.loads(run(str(PAGE), "--json"))
    assert data["title"] == "法国全国大罢工再次严重影响交通"
    assert data["authors"] == ["唐霁"]
    assert data["original_outlet"] == "新华网"
    assert data["published_at"] == "2019-12-10T07:57:40+08:00"
    assert set(data) >= {"body_text", "body_html", "images", "original_url", "byline", "author"}


def test_plain_output_shows_title_and_body():
    out = run(str(PAGE))
    assert out.startswith("标题：法国全国大罢工再次严重影响交通")
    assert "新华社巴黎12月9日电" in out


def test_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="找不到文件"):
        run("/nonexistent/page.html")


@pytest.mark.slow
@override_settings(FETCH_ALLOW_HOSTS=["127.0.0.1"])
def test_url_is_fetched_through_the_network_module():
    http.clear_caches()
    body = PAGE.read_bytes()
    with serve({"/a.html": (200, {"Content-Type": "text/html; charset=utf-8"}, body)}) as srv:
        data = json.loads(run(srv.url("/a.html"), "--json"))
    assert data["title"] == "法国全国大罢工再次严重影响交通"
    assert srv.requests[-1].headers["User-Agent"].startswith("zixun/")


@override_settings(FETCH_ALLOW_HOSTS=[])
def test_url_on_a_private_address_is_refused_with_the_reason():
    with pytest.raises(CommandError, match="拒绝访问"):
        run("http://127.0.0.1:9/a.html")


NO_ARTICLE = PAGE.parent.parent / "no-article"


def run_expecting_no_article(*args: str) -> str:
    from io import StringIO

    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("extract", *args, stdout=out, stderr=err)
    assert exited.value.code == 1
    assert out.getvalue() == ""  # no title, no body made of page furniture
    return err.getvalue().strip()


@pytest.mark.parametrize("page, reason", [
    ("index.html", "an index page"),
    ("not-found.html", "page not found"),
    ("login-wall.html", "login required"),
])
def test_a_page_without_an_article_says_so_and_exits_with_status_1(page, reason):
    said = run_expecting_no_article(str(NO_ARTICLE / page))
    assert said.startswith(f"no article: {reason}")


def test_no_article_is_said_in_json_mode_too():
    said = run_expecting_no_article(str(NO_ARTICLE / "index.html"), "--json")
    assert said.startswith("no article: an index page")


@pytest.mark.slow
@override_settings(FETCH_ALLOW_HOSTS=["127.0.0.1"])
def test_a_url_answering_404_is_no_article():
    http.clear_caches()
    with serve({"/gone.html": (404, {"Content-Type": "text/html"}, b"<h1>Not Found</h1>")}) as srv:
        said = run_expecting_no_article(srv.url("/gone.html"))
    assert said == "no article: page not found (HTTP 404)"


@pytest.mark.parametrize("content, reason", [
    (b"", "the document is empty"),
    (b" \n\t\r\n", "the document is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary data, not an HTML page"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x01", "binary data, not an HTML page"),
])
@pytest.mark.parametrize("as_json", [False, True])
def test_an_empty_or_binary_file_is_no_article_with_the_reason(tmp_path, content, reason, as_json):
    path = tmp_path / "page.html"
    path.write_bytes(content)
    said = run_expecting_no_article(str(path), *(["--json"] if as_json else []))
    assert said == f"no article: {reason}"


@pytest.mark.slow
@override_settings(FETCH_ALLOW_HOSTS=["127.0.0.1"])
def test_a_url_serving_an_image_is_no_article_with_the_reason():
    http.clear_caches()
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    with serve({"/a.html": (200, {"Content-Type": "image/png"}, png)}) as srv:
        said = run_expecting_no_article(srv.url("/a.html"))
    assert said == "no article: binary data, not an HTML page"


def test_a_utf16_page_is_not_taken_for_binary_data(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.read_bytes().decode("utf-8").encode("utf-16"))
    assert run(str(path)) == run(str(PAGE))
