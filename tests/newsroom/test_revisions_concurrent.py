"""Two saves of one article at the same moment number their revisions one after the other."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from zixun.articles.models import Article
from zixun.newsroom.models import Revision


@pytest.mark.slow  # four threads and a flushed database, on PostgreSQL only
@pytest.mark.django_db(transaction=True)
def test_editors_saving_one_article_at_once_get_consecutive_revisions():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer at a time in: saves cannot interleave there")
    article = Article.objects.create(title="初稿")
    start = threading.Barrier(4)
    failures: list[BaseException] = []

    def save(n: int) -> None:
        try:
            copy = Article.objects.get(pk=article.pk)
            copy.title = f"第{n}位编辑的稿子"
            start.wait()
            copy.save()
        except BaseException as exc:  # reported below: a thread's exception is otherwise lost
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    kept = list(Revision.objects.filter(article=article).order_by("number").values_list("number", flat=True))
    assert kept == [1, 2, 3, 4, 5]
