"""Fixtures for feed tests: a polite-but-fast fetch policy for 127.0.0.1 and feed factories."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.httpserver import http_server  # noqa: F401 - a fixture, used by name

FEEDS = Path(__file__).parent.parent / "fixtures" / "feeds"
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}


@pytest.fixture
def policy():
    """Fetch from the local test server without waiting between requests."""
    from zixun.lib import http

    http.clear_caches()
    return http.FetchPolicy.allowing("127.0.0.1", per_host_interval=0.0)


@pytest.fixture
def make_feed(db):
    """Create a feed for a URL, due now, under a test outlet."""
    from zixun.sources.models import Feed, Source

    def make(url: str, **fields) -> Feed:
        source, _ = Source.objects.get_or_create(name="测试来源", defaults={"slug": "test-source"})
        return Feed.objects.create(url=url, source=source, **fields)

    return make


def fixture_bytes(name: str) -> bytes:
    """The bytes of a feed fixture."""
    return (FEEDS / name).read_bytes()
