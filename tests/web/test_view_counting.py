"""Concurrent readers never lose a view, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from zixun.articles.models import Article
from zixun.ranking.models import HourlyViews

THREADS = 8
VIEWS_PER_THREAD = 250


@pytest.mark.slow  # a soak: 2,000 requests from 8 threads; `make test` runs it, `make test-fast` not
@pytest.mark.django_db(transaction=True)
def test_eight_threads_of_250_views_add_exactly_2000():
    article = Article.objects.create(title="并发计数", body_html="<p>正文。</p>", body_text="正文。")
    Article.objects.create(title="另一篇", body_text="正文。")
    start = threading.Barrier(THREADS)
    failures: list[str] = []

    def reader() -> None:
        client = Client()
        try:
            start.wait()
            for _ in range(VIEWS_PER_THREAD):
                response = client.get(f"/a/{article.pk}/")
                if response.status_code != 200:
                    failures.append(str(response.status_code))
        finally:
            connection.close()

    threads = [threading.Thread(target=reader) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    article.refresh_from_db()
    assert article.view_count == THREADS * VIEWS_PER_THREAD
    assert sum(HourlyViews.objects.filter(article=article).values_list("views", flat=True)) == 2000
