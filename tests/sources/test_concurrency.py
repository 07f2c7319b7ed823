"""Polling many feeds at once: never more requests in flight to a host than its limit, a slow
host holds back no other, and full-text feeds are not fetched again page by page.

Several hosts on one test server: names like ``a.feeds.test`` resolve (through the policy's
resolver) to 127.0.0.1, and zixun counts its per-host limits by name, as on the internet.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest

from tests.sources.conftest import RSS
from zixun.articles.models import Article
from zixun.lib import http
from zixun.pipeline.worker import Worker
from zixun.sources.models import Feed, Source

pytestmark = pytest.mark.django_db
HTML = {"Content-Type": "text/html; charset=utf-8"}
PAGE = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    + "".join(f"<p>第{n}段：{{title}}。各地抢抓晴好天气收获秋粮，农机在田间穿梭，粮仓里堆满了新粮。</p>"
              for n in range(6))
    + "</article></body></html>"
)


class Hosts:
    """Counts requests in flight per host (by the Host header) and keeps the most seen."""

    def __init__(self, delays: dict[str, float] | None = None) -> None:
        self.lock = threading.Lock()
        self.now: Counter = Counter()
        self.most: Counter = Counter()
        self.served: Counter = Counter()
        self.most_hosts_at_once = 0
        self.on_served = None
        self.delays = delays or {}

    def route(self, respond):
        def handle(request):
            host = request.headers["Host"].split(":")[0]
            with self.lock:
                self.now[host] += 1
                self.most[host] = max(self.most[host], self.now[host])
                busy = sum(1 for n in self.now.values() if n)
                self.most_hosts_at_once = max(self.most_hosts_at_once, busy)
            try:
                time.sleep(self.delays.get(host, 0.05))
                return respond(host, request)
            finally:
                with self.lock:
                    self.now[host] -= 1
                    self.served[host] += 1
                    if self.on_served:
                        self.on_served(host)

        return handle


def feed_xml(host: str, port: int, items: int, body: str = "") -> str:
    entries = "".join(
        f"<item><title>{host} 新闻 {n}</title><link>http://{host}:{port}/p/{n}.html</link>"
        f"<guid>{host}-{n}</guid>{f'<description><![CDATA[{body}]]></description>' if body else ''}"
        "</item>"
        for n in range(items)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{host}</title>{entries}</channel></rss>'


def farm(http_server, hosts: Hosts, names: list[str], items: int):
    """One server answering for every host name: its feed at /feed, its pages at /p/N.html."""
    def respond(host, request):
        if request.path == "/feed":
            return 200, RSS, feed_xml(host, srv.server.server_address[1], items)
        return 200, HTML, PAGE.format(title=f"{host} 新闻 {request.path}")

    srv = http_server({"/feed": hosts.route(respond),
                       **{f"/p/{n}.html": hosts.route(respond) for n in range(items)}})
    port = srv.server.server_address[1]
    source = Source.objects.create(name="并发测试", slug="concurrency")
    feeds = [Feed.objects.create(url=f"http://{name}:{port}/feed", source=source) for name in names]
    return srv, feeds


def policy_for(names: list[str], **overrides) -> http.FetchPolicy:
    http.clear_caches()
    return http.FetchPolicy.allowing(*names, resolver=lambda host, port: ["127.0.0.1"],
                                     **overrides)


@pytest.mark.parametrize("limit", [1, 2])
def test_each_host_keeps_its_limit_while_many_hosts_are_polled_at_once(http_server, limit):
    names = [f"h{n}.feeds.test" for n in range(5)]
    hosts = Hosts()
    farm(http_server, hosts, names, items=3)
    worker = Worker(name="w", concurrency=16,
                    policy=policy_for(names, per_host_concurrency=limit, per_host_interval=0.0))
    worker.run_pass()
    assert worker.counts.created == 5 * 3
    assert max(hosts.most.values()) <= limit, hosts.most
    assert hosts.most_hosts_at_once >= 3, "several hosts were polled at once"


@pytest.mark.slow
def test_a_slow_host_does_not_hold_back_fast_ones(http_server):
    names = ["slow.feeds.test", "fast1.feeds.test", "fast2.feeds.test", "fast3.feeds.test"]
    hosts = Hosts(delays={"slow.feeds.test": 1.5})
    slow_served_when_fast_served: dict[str, int] = {}

    def served(host: str) -> None:
        if host != "slow.feeds.test":
            slow_served_when_fast_served[host] = hosts.served["slow.feeds.test"]

    hosts.on_served = served
    farm(http_server, hosts, names, items=2)
    # Two threads only: a slow host may take one, never both.
    worker = Worker(name="w", concurrency=2,
                    policy=policy_for(names, per_host_concurrency=1, per_host_interval=0.0))
    worker.run_pass()
    assert worker.counts.created == 4 * 2
    # The slow host answers its feed and 2 pages in 1.5 s each; every request to the fast
    # hosts was answered while it was on its first two.
    assert hosts.served["slow.feeds.test"] == 3
    assert max(slow_served_when_fast_served.values()) <= 1, slow_served_when_fast_served


def test_the_per_host_interval_spaces_the_requests_to_one_host(http_server):
    names = ["a.feeds.test", "b.feeds.test"]
    starts: dict[str, list[float]] = {name: [] for name in names}

    def respond(host, request):
        starts[host].append(time.monotonic())
        if request.path == "/feed":
            return 200, RSS, feed_xml(host, srv.server.server_address[1], 2)
        return 200, HTML, PAGE.format(title=f"{host} {request.path}")

    hosts = Hosts(delays=dict.fromkeys(names, 0.0))
    srv = http_server({"/feed": hosts.route(respond), "/p/0.html": hosts.route(respond),
                       "/p/1.html": hosts.route(respond), "/robots.txt": hosts.route(respond)})
    source = Source.objects.create(name="间隔测试", slug="interval")
    for name in names:
        Feed.objects.create(url=f"http://{name}:{srv.server.server_address[1]}/feed", source=source)
    Worker(name="w", concurrency=8,
           policy=policy_for(names, per_host_concurrency=2, per_host_interval=0.2)).run_pass()
    for name in names:
        gaps = [b - a for a, b in zip(starts[name], starts[name][1:], strict=False)]
        # Measured on arrival, where a busy machine's scheduling moves each start a little.
        assert len(starts[name]) == 4 and min(gaps) >= 0.07 and sum(gaps) >= 0.5, gaps


def test_full_text_entries_are_stored_without_fetching_their_pages(http_server):
    body = "<p>" + "全文新闻内容，" * 60 + "</p>"
    teaser = "<p>今天上午，全国秋粮收获进度过半。</p><p><a href='/p/1.html'>阅读全文</a></p>"

    def respond(host, request):
        if request.path == "/feed":
            items = (
                f"<item><title>全文</title><link>{srv.url('/p/0.html')}</link><guid>full-0</guid>"
                f"<description><![CDATA[{body}]]></description></item>"
                f"<item><title>摘要</title><link>{srv.url('/p/1.html')}</link><guid>full-1</guid>"
                f"<description><![CDATA[{teaser}]]></description></item>"
            )
            return 200, RSS, f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
        return 200, HTML, PAGE.format(title="摘要")

    hosts = Hosts(delays={"127.0.0.1": 0.0})
    srv = http_server({path: hosts.route(respond) for path in ("/feed", "/p/0.html", "/p/1.html")})
    source = Source.objects.create(name="全文测试", slug="full-text")
    Feed.objects.create(url=srv.url("/feed"), source=source)
    worker = Worker(name="w", concurrency=4, policy=policy_for(["127.0.0.1"], per_host_interval=0.0))
    worker.run_pass()
    assert worker.counts.created == 2
    assert "/p/0.html" not in srv.paths() and "/p/1.html" in srv.paths()
    assert "全文新闻内容" in Article.objects.get(guid__endswith="#full-0").body_text
    assert "第5段" in Article.objects.get(guid__endswith="#full-1").body_text


def test_a_stop_mid_pass_gives_the_unfinished_feeds_back_due(http_server):
    names = ["a.feeds.test", "b.feeds.test"]
    gate = threading.Event()
    worker = Worker(name="w", concurrency=4)

    def respond(host, request):
        if host == "b.feeds.test" and request.path != "/feed":
            worker.stop.set()
            gate.wait(2)
        if request.path == "/feed":
            return 200, RSS, feed_xml(host, srv.server.server_address[1], 2)
        return 200, HTML, PAGE.format(title=f"{host} {request.path}")

    hosts = Hosts(delays={"a.feeds.test": 0.0, "b.feeds.test": 0.3})
    srv = http_server({p: hosts.route(respond) for p in ("/feed", "/p/0.html", "/p/1.html")})
    source = Source.objects.create(name="停止测试", slug="stop")
    for name in names:
        Feed.objects.create(url=f"http://{name}:{srv.server.server_address[1]}/feed", source=source)
    worker.policy = policy_for(names, per_host_concurrency=1, per_host_interval=0.0)
    worker.run_pass()
    gate.set()
    unfinished = Feed.objects.get(url__contains="b.feeds.test")
    assert unfinished.claimed_by == "" and unfinished.last_checked_at is None
    assert not Feed.objects.filter(claimed_by__gt="").exists()
