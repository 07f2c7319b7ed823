"""A redirect to an address zixun cannot fetch ends the fetch with a FetchError that says so,
never with an exception from httpx or urllib."""

from __future__ import annotations

import pytest

from tests.httpserver import serve
from zixun.lib import http
from zixun.lib.http import FetchError, FetchInvalidURL, FetchPolicy, fetch

LOCAL = FetchPolicy.allowing("127.0.0.1", per_host_interval=0.0, robots=False)


@pytest.fixture(autouse=True)
def _fresh_caches():
    http.clear_caches()


@pytest.mark.parametrize("location", [
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "mailto:editor@example.com",
    "ftp://127.0.0.1/file",
    "http://[::1",          # an unclosed IPv6 literal: urllib refuses it
    "http://[nonsense]/",
    "http://xn--/",         # a host name IDNA cannot decode
    "http://127.0.0.1:99999/",
])
def test_a_redirect_to_an_address_zixun_cannot_fetch_is_an_invalid_url(location):
    with serve({"/r": (302, {"Location": location}, b"")}) as srv, \
            pytest.raises(FetchInvalidURL) as caught:
        fetch(srv.url("/r"), policy=LOCAL)
    assert "重定向" in str(caught.value) or "地址格式不正确" in str(caught.value)
    assert srv.paths() == ["/r"], "nothing was requested after the bad redirect"


def test_a_location_header_with_a_control_character_is_a_fetch_error():
    with serve({"/r": (302, {"Location": "\x00"}, b"")}) as srv, pytest.raises(FetchError):
        fetch(srv.url("/r"), policy=LOCAL)


@pytest.mark.parametrize("url", [
    "http://[::1/", "javascript:alert(1)", "http://a\x00b/", "", "http://",
])
def test_a_malformed_address_is_refused_before_anything_is_fetched(url):
    with pytest.raises(FetchInvalidURL):
        fetch(url, policy=FetchPolicy())


def test_a_good_redirect_is_still_followed():
    with serve({"/r": (302, {"Location": "/a"}, b""), "/a": (200, {}, b"ok")}) as srv:
        result = fetch(srv.url("/r"), policy=LOCAL)
    assert result.content == b"ok" and result.redirects == [srv.url("/r")]
