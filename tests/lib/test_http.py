"""zixun.lib.http against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import gzip
import tracemalloc

import brotli
import pytest

from tests.httpserver import serve, slow, stream
from zixun.lib import http
from zixun.lib.http import FetchPolicy, fetch

LOCAL = FetchPolicy.allowing("127.0.0.1", per_host_interval=0.0, robots=False)
GBK_PAGE = (
    "<html><head><title>国务院联防联控机制：湖北和武汉要严格管控防输出</title></head>"
    "<body><p>新华社北京2月29日电 国务院联防联控机制29日召开新闻发布会。</p></body></html>"
).encode("gbk")
RSS = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>
<item><title>\xe6\x96\xb0\xe9\x97\xbb</title><link>http://example.com/1</link></item></channel></rss>"""


@pytest.fixture(autouse=True)
def _fresh_caches():
    http.clear_caches()
    yield
    http.clear_caches()


def test_fetch_returns_body_status_and_sends_a_clear_user_agent():
    with serve({"/feed.xml": (200, {"Content-Type": "application/rss+xml"}, RSS)}) as srv:
        result = fetch(srv.url("/feed.xml"), policy=LOCAL)
    assert result.status == 200
    assert result.content == RSS
    assert result.url == srv.url("/feed.xml")
    assert srv.requests[0].headers["User-Agent"].startswith("zixun/0.1 (+https://")


def test_gbk_page_without_declared_charset_decodes_without_mojibake():
    with serve({"/a.html": (200, {"Content-Type": "text/html"}, GBK_PAGE)}) as srv:
        result = fetch(srv.url("/a.html"), policy=LOCAL)
    assert "国务院联防联控机制：湖北和武汉要严格管控防输出" in result.text


def test_page_over_the_cap_is_cut_with_a_clear_error_without_holding_it():
    size = 50 * http.MB
    routes = {"/big.html": (200, {"Content-Type": "text/html"}, stream(size))}
    tracemalloc.start()
    try:
        with serve(routes) as srv, pytest.raises(http.FetchTooLarge) as caught:
            fetch(srv.url("/big.html"), policy=LOCAL)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "页面超过 10 MB 上限，已停止下载" in str(caught.value)
    assert srv.url("/big.html") in str(caught.value)
    assert peak < 25 * http.MB  # the 10 MB kept, never the 50 MB offered


def test_declared_length_over_the_cap_is_refused_before_download():
    headers = {"Content-Length": str(5000)}
    with serve({"/x": (200, headers, b"x" * 5000)}) as srv, pytest.raises(http.FetchTooLarge):
        fetch(srv.url("/x"), policy=LOCAL, max_bytes=1000)


def test_redirect_loop_stops_with_an_error():
    routes = {
        "/a": (302, {"Location": "/b"}, b""),
        "/b": (302, {"Location": "/a"}, b""),
    }
    with serve(routes) as srv, pytest.raises(http.FetchTooManyRedirects) as caught:
        fetch(srv.url("/a"), policy=LOCAL)
    assert "循环" in str(caught.value)
    assert srv.paths() == ["/a", "/b"]


def test_redirects_are_followed_up_to_five_hops_and_report_the_final_url():
    routes = {f"/{i}": (301, {"Location": f"/{i + 1}"}, b"") for i in range(5)}
    routes["/5"] = (200, {}, b"done")
    with serve(routes) as srv:
        result = fetch(srv.url("/0"), policy=LOCAL)
    assert result.url == srv.url("/5")
    assert result.content == b"done"


def test_a_sixth_redirect_is_refused():
    routes = {f"/{i}": (302, {"Location": f"/{i + 1}"}, b"") for i in range(6)}
    routes["/6"] = (200, {}, b"never")
    with serve(routes) as srv, pytest.raises(http.FetchTooManyRedirects) as caught:
        fetch(srv.url("/0"), policy=LOCAL)
    assert "5 次" in str(caught.value)
    assert "/6" not in srv.paths()


@pytest.mark.parametrize(("status", "words"), [(404, "页面不存在"), (500, "服务器出错")])
def test_error_statuses_raise_with_the_status(status, words):
    with serve({"/p": (status, {}, b"oops")}) as srv, pytest.raises(http.FetchHTTPError) as caught:
        fetch(srv.url("/p"), policy=LOCAL)
    assert caught.value.status == status
    assert words in str(caught.value)


def test_a_server_that_does_not_answer_in_time_raises_timeout():
    with serve({"/slow": slow(2.0, (200, {}, b"late"))}) as srv, pytest.raises(http.FetchTimeout):
        fetch(srv.url("/slow"), policy=LOCAL, timeout=0.3)


def test_conditional_get_answered_304_reports_not_modified():
    def route(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"ETag": '"v1"', "Last-Modified": "Sat, 07 Sep 2019 05:43:45 GMT"}, RSS

    with serve({"/feed": route}) as srv:
        first = fetch(srv.url("/feed"), policy=LOCAL)
        second = fetch(srv.url("/feed"), etag=first.etag, last_modified=first.last_modified,
                       policy=LOCAL)
    assert (first.not_modified, first.etag) == (False, '"v1"')
    assert second.not_modified and second.status == 304 and second.content == b""
    assert srv.requests[1].headers["If-Modified-Since"] == "Sat, 07 Sep 2019 05:43:45 GMT"


@pytest.mark.parametrize(
    ("coding", "compress"), [("gzip", gzip.compress), ("br", brotli.compress)]
)
def test_compressed_bodies_are_decoded(coding, compress):
    body = "<p>新华社北京电</p>".encode() * 100
    routes = {"/z": (200, {"Content-Encoding": coding}, compress(body))}
    with serve(routes) as srv:
        result = fetch(srv.url("/z"), policy=LOCAL)
    assert result.content == body
    assert coding in srv.requests[0].headers["Accept-Encoding"]


def test_gzip_bomb_is_stopped_at_the_cap():
    bomb = gzip.compress(b"0" * (20 * http.MB))
    routes = {"/bomb": (200, {"Content-Encoding": "gzip"}, bomb)}
    with serve(routes) as srv, pytest.raises(http.FetchTooLarge):
        fetch(srv.url("/bomb"), policy=LOCAL, max_bytes=http.MB)


def test_robots_txt_disallow_is_respected_by_default():
    robots = b"User-agent: zixun\nDisallow: /private/\n"
    routes = {"/robots.txt": (200, {}, robots), "/private/a": (200, {}, b"secret"),
              "/public": (200, {}, b"ok")}
    policy = FetchPolicy.allowing("127.0.0.1", per_host_interval=0.0)
    with serve(routes) as srv:
        assert fetch(srv.url("/public"), policy=policy).content == b"ok"
        with pytest.raises(http.FetchRobotsDisallowed):
            fetch(srv.url("/private/a"), policy=policy)
    assert srv.paths().count("/robots.txt") == 1
    assert "/private/a" not in srv.paths()


def test_per_host_interval_spaces_requests_out():
    policy = FetchPolicy.allowing("127.0.0.1", per_host_interval=0.2, robots=False)
    with serve({"/": (200, {}, b"ok")}) as srv:
        result = [fetch(srv.url("/"), policy=policy) for _ in range(3)]
    assert sum(r.elapsed for r in result) >= 0.35


def test_non_http_schemes_are_refused():
    with pytest.raises(http.FetchInvalidURL):
        fetch("file:///etc/passwd", policy=LOCAL)
