"""`post`: calls to an API, through the same address checks and size cap as every fetch."""

from __future__ import annotations

import pytest

from tests.httpserver import serve
from zixun.lib import http
from zixun.lib.http import FetchPolicy, FetchRefused, FetchTooLarge, post

LOCAL = FetchPolicy.allowing("127.0.0.1", per_host_interval=0.0)


@pytest.fixture(autouse=True)
def _fresh_caches():
    http.clear_caches()
    yield
    http.clear_caches()


def test_it_sends_the_body_and_returns_the_answer_whatever_its_status():
    routes = {"/ok": (200, {"Content-Type": "application/json"}, b'{"success": 1}'),
              "/bad": (400, {"Content-Type": "application/json"}, b'{"message": "no"}')}
    with serve(routes) as server:
        result = post(server.url("/ok?token=t"), b"https://a.example/1\n", "text/plain", policy=LOCAL)
        refused = post(server.url("/bad"), b"x", "text/plain", policy=LOCAL)
    assert (result.status, result.content) == (200, b'{"success": 1}')
    sent = server.requests[0]
    assert sent.method == "POST" and sent.path == "/ok?token=t"
    assert sent.body == b"https://a.example/1\n" and sent.headers["Content-Type"] == "text/plain"
    assert sent.headers["User-Agent"].startswith("zixun/")
    assert (refused.status, refused.content) == (400, b'{"message": "no"}')
    assert all(r.path != "/robots.txt" for r in server.requests)  # an API call asks no robots.txt


def test_it_refuses_a_private_address_nobody_allowed():
    with serve({"/hub": (204, {}, b"")}) as server, pytest.raises(FetchRefused):
        post(server.url("/hub"), b"hub.mode=publish", "application/x-www-form-urlencoded",
             policy=FetchPolicy(per_host_interval=0.0))
    assert server.requests == []


def test_it_stops_reading_an_answer_over_the_size_cap():
    with serve({"/big": (200, {}, b"x" * 5000)}) as server, pytest.raises(FetchTooLarge):
        post(server.url("/big"), b"", "text/plain",
             policy=FetchPolicy.allowing("127.0.0.1", per_host_interval=0.0, max_bytes=1000))
