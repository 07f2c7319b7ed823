"""Fixtures the pipeline tests borrow: a newsroom's people (an editor releases held articles)."""

from tests.articles.people import people  # noqa: F401 - a fixture, used by name
