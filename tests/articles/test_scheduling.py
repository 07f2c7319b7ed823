"""Scheduled articles go live on time, once, dated as planned, however many workers run."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from zixun.articles import publishing
from zixun.articles.models import Article
from zixun.pipeline.worker import Worker

pytestmark = pytest.mark.django_db


def _scheduled(at, title: str = "定时稿") -> Article:
    return Article.objects.create(title=title, body_text="正文。", status=Article.Status.SCHEDULED,
                                  published_at=at)


@pytest.fixture
def announced(monkeypatch) -> list[int]:
    """Ids the publishing listeners were told about, as they were told."""
    told: list[int] = []
    monkeypatch.setattr(publishing, "_listeners", {"test": told.extend})
    return told


def test_a_scheduled_article_stays_unpublished_until_its_time(announced):
    at = timezone.now() - timedelta(minutes=5)
    article = _scheduled(at)
    assert publishing.publish_due(now=at - timedelta(seconds=1)) == []
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED
    assert not Article.objects.listed().filter(pk=article.pk).exists() and announced == []


def test_an_overdue_article_goes_live_once_dated_as_scheduled(announced, django_capture_on_commit_callbacks):
    at = timezone.now() - timedelta(hours=3)  # the worker was down when it fell due
    article = _scheduled(at)
    with django_capture_on_commit_callbacks(execute=True):
        assert publishing.publish_due() == [article.pk]
        assert publishing.publish_due() == []
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.published_at == at
    assert Article.objects.listed().filter(pk=article.pk).exists()
    assert announced == [article.pk]


def test_a_worker_sleeps_no_longer_than_until_the_next_scheduled_article():
    worker = Worker(idle_seconds=30.0)
    assert worker.idle_wait() == 30.0
    _scheduled(timezone.now() + timedelta(seconds=5))
    assert worker.idle_wait() <= 6.0
    _scheduled(timezone.now() - timedelta(seconds=5))
    assert worker.idle_wait() <= 0.5


def test_the_worker_loop_publishes_due_articles():
    article = _scheduled(timezone.now() - timedelta(seconds=1))
    Worker().run_periodic_jobs()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_restarting_the_worker_publishes_what_fell_due_while_it_was_down(capsys):
    overdue = [_scheduled(timezone.now() - timedelta(days=d), f"稿件{d}") for d in (1, 2)]
    later = _scheduled(timezone.now() + timedelta(days=1), "明天的稿件")
    call_command("worker", "--once")
    assert "published 2 scheduled article(s)" in capsys.readouterr().out
    statuses = dict(Article.objects.values_list("pk", "status"))
    assert [statuses[a.pk] for a in overdue] == [Article.Status.PUBLISHED] * 2
    assert statuses[later.pk] == Article.Status.SCHEDULED


@pytest.mark.django_db(transaction=True)
def test_workers_running_at_once_publish_each_article_exactly_once():
    due = [_scheduled(timezone.now() - timedelta(minutes=1), f"稿件{i}").pk for i in range(30)]
    published: list[int] = []
    start = threading.Barrier(4)

    def worker():
        try:
            start.wait()
            published.extend(publishing.publish_due())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(published) == sorted(due)
    assert Article.objects.filter(status=Article.Status.PUBLISHED).count() == 30
