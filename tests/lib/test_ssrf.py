"""The SSRF guard: private and special addresses are refused before any connection is made."""

from __future__ import annotations

import socket

import pytest

from tests.httpserver import serve
from zixun.lib import http
from zixun.lib.http import FetchPolicy, fetch


@pytest.fixture
def no_connect(monkeypatch):
    """Fail the test if anything tries to open a socket connection."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def stub_resolver(answers: dict[str, list[str]]):
    def resolve(host: str, port: int) -> list[str]:
        return answers[host]

    return resolve


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "10.1.2.3", "172.16.0.5", "192.168.1.1", "169.254.169.254", "169.254.1.1",
        "0.0.0.0", "224.0.0.1", "100.64.0.1", "240.0.0.1", "::1", "fe80::1", "fc00::1", "ff02::1",
        "::", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2002:a00:1::", "64:ff9b::a00:1",
    ],
)
def test_hostname_resolving_to_a_special_address_is_refused_without_connecting(
    address, no_connect
):
    policy = FetchPolicy(robots=False, per_host_interval=0,
                         resolver=stub_resolver({"news.example": [address]}))
    with pytest.raises(http.FetchRefused) as caught:
        fetch("http://news.example/a.html", policy=policy)
    assert "ZIXUN_FETCH_ALLOW_HOSTS" in str(caught.value)
    assert no_connect == []


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/", "http://[::1]/", "http://169.254.169.254/latest/meta-data/",
            "http://[::ffff:169.254.169.254]/", "http://0x7f000001/"],
)
def test_literal_special_addresses_are_refused_without_connecting(url, no_connect):
    policy = FetchPolicy(robots=False, per_host_interval=0,
                         resolver=stub_resolver({"0x7f000001": ["127.0.0.1"]}))
    with pytest.raises(http.FetchRefused):
        fetch(url, policy=policy)
    assert no_connect == []


def test_one_private_address_among_public_ones_is_enough_to_refuse(no_connect):
    resolver = stub_resolver({"mixed.example": ["93.184.216.34", "10.0.0.8"]})
    with pytest.raises(http.FetchRefused):
        fetch("http://mixed.example/", policy=FetchPolicy(robots=False, resolver=resolver))
    assert no_connect == []


def test_robots_lookup_is_refused_too_before_any_connection(no_connect):
    resolver = stub_resolver({"intranet.example": ["192.168.0.10"]})
    with pytest.raises(http.FetchRefused):
        fetch("http://intranet.example/", policy=FetchPolicy(resolver=resolver))
    assert no_connect == []


def test_redirect_to_a_private_address_is_refused_at_the_hop():
    routes = {"/go": (302, {"Location": "http://metadata.example/latest/"}, b"")}
    resolver = stub_resolver({"metadata.example": ["169.254.169.254"]})
    policy = FetchPolicy.allowing("127.0.0.1", robots=False, per_host_interval=0,
                                  resolver=resolver)
    with serve(routes) as srv, pytest.raises(http.FetchRefused) as caught:
        fetch(srv.url("/go"), policy=policy)
    assert "元数据" in str(caught.value)
    assert srv.paths() == ["/go"]


def test_an_allowed_hostname_is_connected_at_the_checked_address_with_its_host_header():
    resolver = stub_resolver({"feeds.internal": ["127.0.0.1"]})
    policy = FetchPolicy.allowing("feeds.internal", robots=False, per_host_interval=0,
                                  resolver=resolver)
    with serve({"/rss": (200, {}, b"<rss/>")}) as srv:
        port = srv.base.rsplit(":", 1)[1]
        result = fetch(f"http://feeds.internal:{port}/rss", policy=policy)
    assert result.content == b"<rss/>"
    assert srv.requests[0].headers["Host"] == f"feeds.internal:{port}"
    assert result.url == f"http://feeds.internal:{port}/rss"


def test_loopback_is_refused_unless_allowed():
    with serve({"/": (200, {}, b"ok")}) as srv:
        with pytest.raises(http.FetchRefused):
            fetch(srv.url("/"), policy=FetchPolicy(robots=False))
        assert srv.requests == []
