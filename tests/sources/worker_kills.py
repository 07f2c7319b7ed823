"""Killing `zixun worker` with SIGKILL while it stores a feed's entries, again and again.

Shared by tests/sources/test_worker_kill.py (a few kills) and bench/faults.py (fifty).
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from pathlib import Path

from django.utils import timezone

from tests.pipeline.import_kills import ZIXUN, KillRun, check_stored
from zixun.articles.models import Article
from zixun.sources.models import Feed

LEASE_SECONDS = 2


def feed_xml(items: int, prefix: str = "wk") -> str:
    """An RSS feed of ``items`` whole entries (no page to fetch), each a distinct article."""
    paragraph = "<p>第{n}条：金秋时节，各地抢抓晴好天气收获秋粮，农机在田间穿梭，一派繁忙景象。</p>"
    body = "".join(paragraph for _ in range(12))
    entries = "".join(
        f"<item><title>{prefix}第{n}条新闻：秋粮收获进度过半</title><link>/p/{n}.html</link>"
        f"<guid>{prefix}-{n}</guid><description><![CDATA[{body.format(n=n)}]]></description></item>"
        for n in range(items))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{prefix}</title>{entries}</channel></rss>")


def kill_worker_repeatedly(feed: Feed, env: dict, kills: int, window: float = 5.0,
                           seed: int = 0, log: Path | None = None) -> KillRun:
    """SIGKILL a worker ``kills`` times, each at a random moment up to ``window`` seconds after
    it claimed ``feed`` (while fetching, parsing, preparing or storing it), checking what is
    stored after each kill."""
    rng = random.Random(seed)
    run = KillRun()
    for number in range(kills):
        # Due again, even if a worker got through a whole poll before its kill.
        Feed.objects.filter(pk=feed.pk).update(next_check_at=timezone.now())
        name = f"killed-{number}"
        worker = subprocess.Popen(
            [str(ZIXUN), "worker", "--batch", "1", "--idle", "0.2", "--lease",
             str(LEASE_SECONDS), "--jobs", "0", "--name", name],
            env=env, stdout=log.open("a") if log else subprocess.DEVNULL,
            stderr=subprocess.STDOUT)
        started = time.monotonic()
        try:
            while not Feed.objects.filter(pk=feed.pk, claimed_by__startswith=f"{name}:").exists():
                if time.monotonic() - started > 600 or worker.poll() is not None:
                    raise AssertionError("the worker never claimed the feed")
                time.sleep(0.05)
            time.sleep(rng.uniform(0, window))
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait(10)
        run.seconds.append(time.monotonic() - started)
        run.stored_at_kill.append(Article.objects.count())
        check_stored(run)
    return run


def fetch_to_the_end(feed: Feed, env: dict) -> subprocess.CompletedProcess:
    """Once the dead worker's lease has run out, poll the feed to its end."""
    time.sleep(LEASE_SECONDS + 0.2)
    return subprocess.run([str(ZIXUN), "fetch", "--feed", str(feed.pk)], env=env,
                          capture_output=True, text=True, timeout=600)
