"""The worker keeps 热门资讯 fresh: it recomputes the hot lists once a minute, and only one of
several workers does so in any minute."""

from __future__ import annotations

import pytest

from zixun.articles.models import Article
from zixun.pipeline.worker import Worker
from zixun.ranking.hot import record_view
from zixun.ranking.models import HotList


@pytest.mark.django_db
def test_worker_recomputes_the_hot_lists_when_due():
    read = Article.objects.create(title="读者多的文章", body_text="正文。")
    record_view(read.pk)
    Worker(name="w1").run_periodic_jobs()
    site = HotList.objects.get(scope="site")
    assert read.pk in site.article_ids


@pytest.mark.django_db
def test_second_worker_skips_a_hot_list_refreshed_moments_ago():
    Article.objects.create(title="文章", body_text="正文。")
    Worker(name="w1").run_periodic_jobs()
    first = HotList.objects.get(scope="site").computed_at
    Worker(name="w2").run_periodic_jobs()
    assert HotList.objects.get(scope="site").computed_at == first
