"""Fixtures the article tests borrow: the local HTTP server and feed factories of tests/sources."""

from tests.httpserver import http_server  # noqa: F401 - a fixture, used by name
from tests.sources.conftest import make_feed, policy  # noqa: F401 - fixtures, used by name
