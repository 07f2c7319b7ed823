"""Feed files (RSS, Atom, JSON Feed, a malformed one) come through the fetcher byte for byte."""

from __future__ import annotations

import gzip
import threading
import time
from pathlib import Path

import pytest
from django.test import override_settings

from tests.httpserver import serve, slow
from zixun.lib import http
from zixun.lib.http import FetchPolicy, default_policy, fetch

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "http"
LOCAL = FetchPolicy.allowing("127.0.0.1", per_host_interval=0.0, robots=False)
TYPES = {
    "wechat-rss-qianduan.xml": "application/rss+xml; charset=utf-8",
    "wechat-rss-malformed.xml": "application/rss+xml",
    "atom.xml": "application/atom+xml",
    "feed.json": "application/feed+json",
}


@pytest.fixture(autouse=True)
def _fresh_caches():
    http.clear_caches()


@pytest.mark.parametrize("name", sorted(TYPES))
def test_feed_bytes_and_content_type_arrive_unchanged(name):
    body = (FEEDS / name).read_bytes()
    headers = {"Content-Type": TYPES[name], "Content-Encoding": "gzip"}
    with serve({"/" + name: (200, headers, gzip.compress(body))}) as srv:
        result = fetch(srv.url("/" + name), policy=LOCAL)
    assert result.content == body
    assert result.content_type == TYPES[name]


def test_declared_charset_is_reported():
    headers = {"Content-Type": TYPES["wechat-rss-qianduan.xml"]}
    with serve({"/f": (200, headers, b"<rss/>")}) as srv:
        assert fetch(srv.url("/f"), policy=LOCAL).encoding == "utf-8"


def test_django_setting_allows_the_listed_hosts():
    with override_settings(FETCH_ALLOW_HOSTS=["127.0.0.1", "10.0.0.0/8"]):
        policy = default_policy()
    assert policy.allow_networks and "127.0.0.1/32" in {str(n) for n in policy.allow_networks}


@pytest.mark.slow
def test_per_host_concurrency_is_limited():
    policy = FetchPolicy.allowing("127.0.0.1", per_host_interval=0.0, robots=False,
                                  per_host_concurrency=1)
    with serve({"/s": slow(0.3, (200, {}, b"ok"))}) as srv:
        started = time.monotonic()
        threads = [threading.Thread(target=fetch, args=(srv.url("/s"),),
                                    kwargs={"policy": policy}) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert time.monotonic() - started >= 0.85  # three 0.3 s answers one after another
