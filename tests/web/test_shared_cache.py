"""ZIXUN_CACHE_URL=redis://…: web machines share one cache, and counting stays exact across them."""

from __future__ import annotations

import pytest
import redis
from django.core.cache import caches
from django.test import Client, override_settings

from tests.redis_server import redis_server
from zixun.articles.models import Article
from zixun.config import parse_cache_url

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def redis_url():
    with redis_server() as url:
        yield url


@pytest.fixture
def shared_cache(redis_url):
    with override_settings(CACHES={"default": parse_cache_url(redis_url)}):
        caches["default"].clear()
        yield caches["default"]
        caches["default"].clear()


def test_a_page_one_web_machine_rendered_is_served_by_another_from_redis(shared_cache, redis_url):
    article = Article.objects.create(title="共享缓存", body_html="<p>正文。</p>", body_text="正文。")
    first = Client().get(f"/a/{article.pk}/")
    # The page now lives in Redis, where another machine's process finds it.
    keys = redis.Redis.from_url(redis_url).keys("zixun:*page:*")
    assert keys, "the page was stored in Redis, not in this process"
    second = Client().get(f"/a/{article.pk}/")
    assert (first["X-Zixun-Cache"], second["X-Zixun-Cache"]) == ("miss", "hit")
    article.refresh_from_db()
    assert article.view_count == 2, "every view counts, cached or not, on any machine"


def test_the_cache_url_must_name_redis_and_a_host():
    from zixun.config import ConfigError

    assert parse_cache_url("")["BACKEND"].endswith("LocMemCache")
    assert parse_cache_url("redis://127.0.0.1:6379/1")["BACKEND"].endswith("RedisCache")
    for bad in ("memcached://127.0.0.1:11211", "redis:///0"):
        with pytest.raises(ConfigError, match="ZIXUN_CACHE_URL"):
            parse_cache_url(bad)
