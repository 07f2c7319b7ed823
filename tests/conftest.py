"""Shared fixtures: the reference site loaded into a real database."""

from __future__ import annotations

import functools
import os

import pytest
from hypothesis import settings as hypothesis_settings

# The `browser` fixture (Debian's chromium through Playwright) for every browser test.
pytest_plugins = ["tests.browser"]

# Property tests draw the same examples on every run, so CI never fails by luck of the draw;
# HYPOTHESIS_PROFILE=explore draws fresh ones to hunt for new counter-examples.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@functools.cache
def _reference_items():
    """The text stage runs once per test run; each test stores the same values afresh."""
    from zixun.demo import load

    return tuple(load.reference_items() + load.corpus_items(limit=40))


@pytest.fixture
def reference_site(db):
    """The reference article, its 20 hot-list items and 40 real stories, as `zixun demo` loads them."""
    from zixun.articles.ingest import store
    from zixun.articles.models import Channel
    from zixun.demo import load

    for position, name in enumerate(load.CHANNELS):
        Channel.objects.get_or_create(name=name, defaults={"slug": name, "position": position})
    ids = {}
    hot_ids = []
    for item in _reference_items():
        result = store(item)
        ids[item.guid] = result.article_id
        if item.guid.startswith("demo:hot:"):
            hot_ids.append(result.article_id)
    load.seed_hot_views(hot_ids)
    # As the worker would for it: the reference article's 相关内容 list is computed (the other
    # pages show the fallback, as they do until the worker reaches them).
    from zixun.articles.models import Article
    from zixun.ranking.related import refresh_related

    refresh_related(Article.objects.get(pk=ids["demo:reference"]))
    return ids


@pytest.fixture(autouse=True)
def _views_written_at_once(settings):
    """Pages' views reach the database with the request, so tests can read them back at once."""
    settings.VIEW_BATCH_SECONDS = 0


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Hot and related lists are cached per process; each test starts from an empty cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
