"""A worker killed with SIGKILL mid-fetch loses nothing and half-writes nothing: the rerun
finishes the feed without duplicates."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.pipeline.import_kills import KillRun, check_stored
from tests.sources.conftest import RSS
from tests.sources.worker_kills import feed_xml, fetch_to_the_end, kill_worker_repeatedly
from zixun.articles.models import Article
from zixun.sources.models import Feed, Source

ZIXUN = Path(sys.executable).with_name("zixun")
PAGE = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    + "".join(f"<p>第{n}段：金秋时节，各地抢抓晴好天气收获秋粮，农机在田间穿梭。</p>" for n in range(8))
    + "</article></body></html>"
)


def database_url() -> str:
    """The URL of the database this test runs on, for a worker in another process."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return "sqlite:///" + str(Path(db["NAME"]).resolve())
    auth = quote(db["USER"]) + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def start_worker(*extra: str) -> subprocess.Popen:
    env = {**os.environ, "ZIXUN_DATABASE_URL": database_url(), "ZIXUN_FETCH_ALLOW_HOSTS": "127.0.0.1"}
    return subprocess.Popen(
        [str(ZIXUN), "worker", "--batch", "1", "--idle", "0.2", "--lease", "2", *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )


def wait_for(condition, seconds: float = 180.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def kill_mid_fetch(worker: subprocess.Popen, hanging: threading.Event, stored: int) -> None:
    """SIGKILL the worker once a page hangs and ``stored`` articles are in the database."""
    try:
        wait_for(hanging.is_set)
        wait_for(lambda: Article.objects.count() == stored)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_sigkill_mid_fetch_then_rerun_leaves_every_article_once_and_whole(http_server):
    release = threading.Event()
    hanging = threading.Event()

    def slow_page(_request):
        hanging.set()
        release.wait(300)  # the first worker is killed while it waits here
        return 200, {"Content-Type": "text/html; charset=utf-8"}, PAGE.format(title="第二条新闻")

    html = {"Content-Type": "text/html; charset=utf-8"}
    items = "".join(
        f"<item><title>{t}</title><link>/p/{n}.html</link><guid>kill-{n}</guid></item>"
        for n, t in enumerate(["第一条新闻", "第二条新闻", "第三条新闻"])
    )
    srv = http_server({
        "/feed": (200, RSS, f'<?xml version="1.0"?><rss version="2.0"><channel><title>k</title>'
                            f"{items}</channel></rss>"),
        "/p/0.html": (200, html, PAGE.format(title="第一条新闻")),
        "/p/1.html": slow_page,
        "/p/2.html": (200, html, PAGE.format(title="第三条新闻")),
    })
    source = Source.objects.create(name="杀进程测试", slug="kill")
    feed = Feed.objects.create(url=srv.url("/feed"), source=source)

    kill_mid_fetch(start_worker(), hanging, stored=1)
    feed.refresh_from_db()
    assert feed.claimed_by, "the dead worker's lease is still there"
    release.set()
    time.sleep(2.2)  # let the 2-second lease run out

    rerun = start_worker("--once")
    output = rerun.communicate(timeout=300)[0].decode()
    assert rerun.returncode == 0, output
    titles = sorted(Article.objects.values_list("title", flat=True))
    assert titles == sorted(["第一条新闻", "第二条新闻", "第三条新闻"]), output
    for article in Article.objects.all():
        assert "第7段" in article.body_text and article.summary, "every article is whole"
    feed.refresh_from_db()
    assert feed.claimed_by == "" and feed.last_error == ""


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_sigkill_mid_pass_over_several_feeds_loses_nothing_and_duplicates_nothing(http_server):
    release = threading.Event()
    hanging = threading.Event()
    html = {"Content-Type": "text/html; charset=utf-8"}

    def slow_page(_request):
        hanging.set()
        release.wait(300)  # the worker is killed while this page is in flight
        return 200, html, PAGE.format(title="甲二")

    def rss(feed: str, titles: list[str]) -> tuple:
        items = "".join(f"<item><title>{t}</title><link>/{feed}/{n}.html</link>"
                        f"<guid>pass-{feed}-{n}</guid></item>" for n, t in enumerate(titles))
        return 200, RSS, (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{feed}'
                          f"</title>{items}</channel></rss>")

    srv = http_server({
        "/a/feed": rss("a", ["甲一", "甲二"]), "/b/feed": rss("b", ["乙一", "乙二"]),
        "/a/0.html": (200, html, PAGE.format(title="甲一")), "/a/1.html": slow_page,
        "/b/0.html": (200, html, PAGE.format(title="乙一")),
        "/b/1.html": (200, html, PAGE.format(title="乙二")),
    })
    source = Source.objects.create(name="一轮中途杀进程", slug="kill-pass")
    feeds = [Feed.objects.create(url=srv.url(f"/{name}/feed"), source=source) for name in "ab"]

    kill_mid_fetch(start_worker("--concurrency", "4", "--jobs", "1"), hanging, stored=3)
    release.set()
    time.sleep(2.2)  # let the 2-second leases run out

    rerun = start_worker("--once", "--concurrency", "4", "--jobs", "0")
    output = rerun.communicate(timeout=300)[0].decode()
    assert rerun.returncode == 0, output
    titles = sorted(Article.objects.values_list("title", flat=True))
    assert titles == sorted(["甲一", "甲二", "乙一", "乙二"]), output
    for article in Article.objects.all():
        assert "第7段" in article.body_text and article.summary, "every article is whole"
    for feed in feeds:
        feed.refresh_from_db()
        assert feed.claimed_by == "" and feed.last_error == "" and feed.last_checked_at


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_repeated_sigkills_while_polling_a_feed_leave_every_entry_once_and_whole(http_server):
    items = 300
    srv = http_server({"/feed": (200, RSS, feed_xml(items, "again"))})
    source = Source.objects.create(name="反复杀进程", slug="kill-again")
    feed = Feed.objects.create(url=srv.url("/feed"), source=source, fetch_pages=False)
    env = {**os.environ, "ZIXUN_DATABASE_URL": database_url(),
           "ZIXUN_FETCH_ALLOW_HOSTS": "127.0.0.1"}

    run = kill_worker_repeatedly(feed, env, kills=3, window=3.0)
    assert (run.duplicates, run.half_written) == (0, 0)

    done = fetch_to_the_end(feed, env)
    assert done.returncode == 0 and "failed 0" in done.stdout, done.stderr
    stored = Counter(Article.objects.filter(feed=feed).values_list("guid", flat=True))
    assert len(stored) == items and set(stored.values()) == {1}, "each entry once, none lost"
    after = KillRun()
    check_stored(after)
    assert after.half_written == 0
    feed.refresh_from_db()
    assert feed.claimed_by == "" and feed.last_error == ""
