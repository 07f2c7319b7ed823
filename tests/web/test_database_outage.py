"""The database out of reach for a while (PostgreSQL restarting): pages answer a short 503
with Retry-After, not a 500, the site recovers by itself once the database is back, and the
worker carries on where it was.

The outage is real: the test database stops accepting connections and every connection to it
but the test's own is ended (`pg_terminate_backend`), as a restart ends them.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import Counter

import httpx
import pytest
from django.db import DatabaseError, connection, connections, transaction
from django.test import RequestFactory
from django.utils import timezone

from tests.httpserver import http_server  # noqa: F401 - a fixture, used by name
from tests.sources.conftest import RSS
from tests.sources.worker_kills import feed_xml
from zixun.articles.models import Article
from zixun.lib import http
from zixun.pipeline.worker import Worker
from zixun.ranking.models import SeenToday
from zixun.ranking.tally import ViewTally
from zixun.sources.models import Feed, Source
from zixun.web import views


def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("an outage is made by refusing connections to a PostgreSQL database")


@contextlib.contextmanager
def database_out_of_reach():
    """New connections to the test database are refused and the open ones (but ours) ended."""
    name = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        ours = cursor.fetchone()[0]
    # PostgreSQL refuses this change from a connection to the database itself.
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"ALTER DATABASE {connection.ops.quote_name(name)} ALLOW_CONNECTIONS false")
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = %s AND pid <> %s", [name, ours])
    try:
        yield
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"ALTER DATABASE {connection.ops.quote_name(name)} ALLOW_CONNECTIONS true")


@pytest.mark.slow  # a live server and a flushed database
@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_while_the_database_is_out_of_reach_then_recover_by_themselves(
        live_server):
    _postgresql_only()
    headers = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64)"}
    # A query of its own each time: the page cache would answer a repeated page without asking
    # the database.
    with httpx.Client(base_url=live_server.url, headers=headers, timeout=30) as client:
        assert client.get("/search?q=秋粮").status_code == 200
        with database_out_of_reach():
            during = client.get("/search?q=农机")
            api_during = client.get("/api/v1/search?q=农机")
        after = client.get("/search?q=粮仓")
    assert during.status_code == 503
    assert during.headers["Retry-After"] == "5"
    assert during.headers["Cache-Control"] == "no-store"
    assert "网站暂时无法访问" in during.text
    # The API says the same in its own JSON.
    assert api_during.status_code == 503 and api_during.headers["Retry-After"] == "5"
    assert api_during.json()["error"] == "unavailable"
    assert after.status_code == 200


@pytest.mark.django_db
def test_an_error_on_a_working_database_connection_stays_a_500():
    request = RequestFactory().get("/")
    with pytest.raises(DatabaseError):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT * FROM no_such_table_in_zixun")
        except DatabaseError:
            # As Django calls it: while the error is being handled.
            response = views.server_error(request)
            raise
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.slow  # a worker thread waiting out an outage
@pytest.mark.django_db(transaction=True)
def test_the_worker_polls_the_feed_again_once_the_database_is_back(http_server, caplog):  # noqa: F811
    _postgresql_only()
    http.clear_caches()
    fetching, outage_began = threading.Event(), threading.Event()
    feed_body = feed_xml(5, "outage")

    def feed_route(_request):
        # The first fetch is answered only once the database is out of reach, so the worker
        # holds the feed's claim when its pass breaks off.
        if not fetching.is_set():
            fetching.set()
            outage_began.wait(30)
        return 200, RSS, feed_body

    srv = http_server({"/feed": feed_route})
    source = Source.objects.create(name="断线", slug="outage")
    feed = Feed.objects.create(url=srv.url("/feed"), source=source, fetch_pages=False)
    worker = Worker(name="w", idle_seconds=0.2, error_pause_seconds=0.2,
                    policy=http.FetchPolicy.allowing("127.0.0.1", per_host_interval=0.0))

    def run() -> None:
        try:
            worker.run_forever()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    try:
        with caplog.at_level(logging.WARNING, logger="zixun.worker"):
            thread.start()
            wait_for(fetching.is_set)
            with database_out_of_reach():
                outage_began.set()
                wait_for(lambda: "worker database error" in caplog.text)
            # Within seconds, not after the claim's lease (minutes) has run out.
            wait_for(lambda: Article.objects.filter(feed=feed).count() == 5, seconds=30)
        assert thread.is_alive()
    finally:
        worker.stop.set()
        thread.join(30)
    guids = Counter(Article.objects.filter(feed=feed).values_list("guid", flat=True))
    assert sorted(guids.values()) == [1] * 5
    assert worker.counts.created == 5


def wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.slow  # a flushed database
@pytest.mark.django_db(transaction=True)
def test_views_counted_while_the_database_is_out_of_reach_are_written_once_it_is_back():
    _postgresql_only()
    article = Article.objects.create(title="停机时的读者", status=Article.Status.PUBLISHED)
    tally = ViewTally()

    def count_views() -> None:
        try:
            for reader in ("r1", "r2", "r1"):
                tally.add(article.pk, reader, timezone.now())
        finally:
            connections.close_all()

    with database_out_of_reach():
        thread = threading.Thread(target=count_views)  # a connection of its own, refused
        thread.start()
        thread.join(30)
    article.refresh_from_db()
    assert article.view_count == 0, "nothing could be written during the outage"
    assert tally.flush() == 3
    article.refresh_from_db()
    assert article.view_count == 3
    assert SeenToday.objects.filter(article=article).count() == 2
