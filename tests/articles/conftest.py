"""Fixtures the article tests borrow: the local HTTP server and feed factories of tests/sources,
the newsroom's people and a browser."""

from tests.articles.people import people  # noqa: F401 - a fixture, used by name
from tests.httpserver import http_server  # noqa: F401 - a fixture, used by name
from tests.sources.conftest import make_feed, policy  # noqa: F401 - fixtures, used by name
