"""bench/farm.py: a feed farm on 127.0.0.0/8 and a timed run of zixun's worker against it.

The farm serves ``--feeds`` RSS feeds spread over ``--hosts`` loopback addresses (127.0.0.1,
127.0.0.2, …: Linux routes all of 127/8 to lo, so each address is a host of its own to zixun's
per-host limits), one asyncio server per address on one port. Each feed has ``--items`` items
with a title and a link only, as WeChat and many portal feeds have (``--full-text``: the item
carries the article), and each link is an article page on the feed's host, built from a real
story of the 新闻联播 corpus inside a portal's page (navigation, related links, footer). Every
response waits ``--latency`` seconds first, as on the internet.

Unchanged feeds (``--unchanged``, a share) answer a conditional GET with 304; with
``--seed-etags`` zixun starts as if it had polled every feed before, so a pass measures the
304 path. Faults, each a share of feeds: ``--timeouts`` (the feed never answers within zixun's
read timeout), ``--errors`` (500), ``--malformed`` (the feed is cut off mid-XML).
``--wechat FILE``: serve the real feed files of wechat-feeds.tar.gz instead, their
mp.weixin.qq.com links turned into pages of the farm (``--wechat-items``: the first N items).

The run: a fresh database, the feeds subscribed (`zixun feeds import` of a URL list, or with
``--subscribe add`` one `zixun feeds add` each, as before bulk import existed), then one pass
(`zixun fetch --all`, or ``--workers N`` `zixun worker` processes until every feed was polled).
Printed: wall and CPU time of zixun (its processes and their children), articles/s, feeds/s,
wall ÷ CPU, the CPU-bound limit (articles per CPU-second × cores) and the ratio to it, the
farm's own CPU, the most requests in flight to one host and the least time between two starts
on one host, and feeds fetched more than once.

    .venv/bin/python bench/farm.py --feeds 40 --hosts 40 --items 10 --latency 0.2
    .venv/bin/python bench/farm.py --feeds 10000 --hosts 100 --items 3 --unchanged 0.95 --seed-etags
    .venv/bin/python bench/farm.py --feeds 400 --hosts 40 --workers 2
    .venv/bin/python bench/farm.py --wechat ../shared/data/feeds/wechat-feeds.tar.gz --hosts 100
    ZIXUN_SRC=/path/to/other/src … : run another checkout's zixun (to measure before a change)
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import html
import ipaddress
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ZIXUN_SHARED_DATA", REPO.parent / "shared" / "data")).resolve()
FIRST = int(ipaddress.ip_address("127.0.0.1"))
HANG_SECONDS = 25.0  # longer than zixun's read timeout (20 s)
PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}_新闻频道_农场网</title>
<meta name="description" content="{title}"></head><body>
<div class="top-nav"><a href="/">首页</a> | <a href="/news/">新闻</a> | <a href="/finance/">财经</a> |
<a href="/tech/">科技</a> | <a href="/sports/">体育</a> | <a href="/app/">下载客户端</a></div>
<div class="crumb">您的位置：<a href="/">首页</a> &gt; <a href="/news/">国内新闻</a> &gt; 正文</div>
<div class="main"><article><h1>{title}</h1>
<div class="info"><span class="time">{date} 19:30</span> <span class="source">来源：{source}</span></div>
<div class="content">{body}</div>
<div class="editor">（责任编辑：王明）</div></article>
<div class="share">分享到：微信 微博 QQ空间</div>
<div class="related"><h3>相关阅读</h3><ul>{related}</ul></div></div>
<div class="side"><h3>热门排行</h3><ol>{related}</ol></div>
<div class="footer">关于我们 | 联系我们 | 广告服务 | 版权声明<br>Copyright © 农场网 版权所有
京ICP备00000000号</div></body></html>"""


@dataclass
class Story:
    title: str
    body_html: str
    date: str
    source: str


def load_stories(count: int) -> list[Story]:
    """``count`` distinct stories with bodies from the 新闻联播 corpus (cycled if too few)."""
    stories: list[Story] = []
    with gzip.open(SHARED / "corpus" / "xinwenlianbo.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if len(record.get("body") or "") < 300:
                continue
            body = record.get("body_html") or "".join(
                f"<p>{html.escape(p)}</p>" for p in record["body"].split("\n") if p.strip())
            stories.append(Story(record["title"], body, record["date"], record["source"]))
            if len(stories) >= count:
                break
    return stories


@dataclass
class Stats:
    """What the farm saw: requests per path, in flight per host, gaps between starts."""

    requests: Counter = field(default_factory=Counter)
    feed_requests: Counter = field(default_factory=Counter)
    in_flight: Counter = field(default_factory=Counter)
    most_in_flight: int = 0
    last_start: dict = field(default_factory=dict)
    least_gap: float = float("inf")
    gaps: int = 0
    short_gaps: int = 0  # under 0.9 s, zixun's default per-host interval being 1 s
    last_request: float = 0.0


class Farm:
    """The farm's content and behaviour; `serve` runs it on its addresses."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rng = random.Random(18)
        self.stats = Stats()
        self.port = args.port
        self.wechat: dict[int, bytes] = {}
        if args.wechat:
            self._load_wechat(Path(args.wechat))
            args.feeds = len(self.wechat)
        kinds = ["ok"] * args.feeds
        order = list(range(args.feeds))
        self.rng.shuffle(order)
        taken = 0
        for kind, share in (("timeout", args.timeouts), ("error", args.errors),
                            ("malformed", args.malformed), ("unchanged", args.unchanged)):
            n = round(share * args.feeds)
            for index in order[taken:taken + n]:
                kinds[index] = kind
            taken += n
        self.kinds = kinds
        self.stories = load_stories(min(20000, max(50, args.feeds * args.items)))

    def _load_wechat(self, path: Path) -> None:
        files = {}
        with tarfile.open(path) as archive:
            for member in archive:  # in archive order: a gzip stream reads forward only
                if member.isfile():
                    files[member.name] = archive.extractfile(member).read()
        for index, name in enumerate(sorted(files)):
            self.wechat[index] = files[name]

    def host(self, feed: int) -> str:
        return str(ipaddress.ip_address(FIRST + feed % self.args.hosts))

    def feed_url(self, feed: int) -> str:
        return f"http://{self.host(feed)}:{self.port}/feed/{feed}.xml"

    def expected_articles(self) -> int:
        """Articles a pass should create: every item of every feed that answers with items."""
        if self.args.wechat:
            return -1
        ok = sum(1 for kind in self.kinds if kind == "ok")
        unchanged = sum(1 for kind in self.kinds if kind == "unchanged")
        return self.args.items * (ok + (0 if self.args.seed_etags else unchanged))

    def _story(self, feed: int, item: int) -> Story:
        return self.stories[(feed * self.args.items + item) % len(self.stories)]

    def _rss(self, feed: int, host: str) -> bytes:
        if feed in self.wechat:
            raw = self.wechat[feed]
            if self.args.wechat_items:
                items = raw.split(b"<item>")
                raw = b"<item>".join(items[: self.args.wechat_items + 1])
                if not raw.rstrip().endswith(b"</rss>"):
                    raw += b"</channel></rss>"
            return raw.replace(b"https://mp.weixin.qq.com/", f"http://{host}:{self.port}/wx/".encode())
        items = []
        for item in range(self.args.items):
            story = self._story(feed, item)
            text = f"<description><![CDATA[{story.body_html}]]></description>" if self.args.full_text else ""
            items.append(
                f"<item><title>{html.escape(story.title)}</title>"
                f"<link>http://{host}:{self.port}/a/{feed}/{item}.html</link>"
                f"<guid isPermaLink=\"false\">farm-{feed}-{item}</guid>"
                f"<pubDate>Mon, 01 Dec 2025 0{item % 10}:00:00 +0800</pubDate>{text}</item>")
        return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                f"<title>农场订阅源 {feed}</title><link>http://{host}:{self.port}/</link>"
                f"{''.join(items)}</channel></rss>").encode()

    def _page(self, story: Story) -> bytes:
        related = "".join(f'<li><a href="/a/0/{n}.html">{html.escape(s.title)}</a></li>'
                          for n, s in enumerate(self.stories[:8]))
        return PAGE.format(title=html.escape(story.title), date=story.date, body=story.body_html,
                           source=html.escape(story.source), related=related).encode()

    async def respond(self, host: str, path: str, headers: dict[str, str]) -> tuple[int, dict, bytes]:
        await asyncio.sleep(self.args.latency)
        html_type = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/robots.txt":
            return 404, {"Content-Type": "text/plain"}, b"not found"
        if match := re.fullmatch(r"/feed/(\d+)\.xml", path):
            feed = int(match.group(1))
            self.stats.feed_requests[feed] += 1
            kind = self.kinds[feed]
            etag = f'"farm-{feed}-v1"'
            if kind == "timeout":
                await asyncio.sleep(HANG_SECONDS)
            if kind == "error":
                return 500, html_type, b"<h1>500 Internal Server Error</h1>"
            if kind == "unchanged" and headers.get("if-none-match") == etag:
                return 304, {"ETag": etag}, b""
            body = self._rss(feed, host)
            if kind == "malformed":
                body = body[: len(body) // 2]
            return 200, {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": etag}, body
        if match := re.fullmatch(r"/a/(\d+)/(\d+)\.html", path):
            return 200, html_type, self._page(self._story(int(match.group(1)), int(match.group(2))))
        if path.startswith("/wx/"):
            return 200, html_type, self._page(self.stories[zlib.crc32(path.encode()) % len(self.stories)])
        return 404, html_type, b"not found"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host = writer.get_extra_info("sockname")[0]
        # The start is when the connection came: the request line may follow later on a busy
        # machine, where zixun's thread waits for a CPU between connecting and sending.
        now = time.monotonic()
        try:
            request = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            writer.close()
            return
        lines = request.decode("latin-1").split("\r\n")
        path = lines[0].split(" ")[1] if len(lines[0].split(" ")) > 1 else "/"
        headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)}
        stats = self.stats
        stats.requests[path] += 1
        stats.last_request = now
        if host in stats.last_start:
            gap = now - stats.last_start[host]
            stats.least_gap = min(stats.least_gap, gap)
            stats.gaps += 1
            stats.short_gaps += gap < 0.9
        stats.last_start[host] = now
        stats.in_flight[host] += 1
        stats.most_in_flight = max(stats.most_in_flight, stats.in_flight[host])
        try:
            status, extra, body = await self.respond(host, path, headers)
            head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}", "Connection: close"]
            head += [f"{k}: {v}" for k, v in extra.items()]
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
            await writer.drain()
        except ConnectionError:
            pass
        finally:
            stats.in_flight[host] -= 1
            writer.close()

    def serve(self) -> threading.Thread:
        """Start one server per host address in a background thread; returns when listening."""
        ready = threading.Event()

        async def main() -> None:
            for index in range(min(self.args.hosts, max(1, self.args.feeds))):
                address = str(ipaddress.ip_address(FIRST + index))
                await asyncio.start_server(self.handle, address, self.port, backlog=1024)
            ready.set()
            await asyncio.Event().wait()

        thread = threading.Thread(target=lambda: asyncio.run(main()), daemon=True)
        thread.start()
        ready.wait(30)
        return thread


def zixun_env(args: argparse.Namespace, data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "ZIXUN_DATA_DIR": str(data_dir),
           "ZIXUN_DATABASE_URL": args.database_url or "sqlite:///farm.db",
           "ZIXUN_FETCH_ALLOW_HOSTS": "127.0.0.0/8", "DJANGO_SETTINGS_MODULE": "zixun.settings"}
    src = os.environ.get("ZIXUN_SRC")
    env["PYTHONPATH"] = src or str(REPO / "src")
    if args.concurrency:
        env["ZIXUN_WORKER_CONCURRENCY"] = str(args.concurrency)
    return env


def zixun(env: dict[str, str], *argv: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "zixun", *argv]
    done = subprocess.run(command, env=env, capture_output=True, text=True, **kwargs)
    if check and done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def shell(env: dict[str, str], code: str) -> str:
    lines = zixun(env, "shell", "--verbosity=0", "-c", code).stdout.strip().splitlines()
    return lines[-1] if lines else ""


def subscribe(args: argparse.Namespace, farm: Farm, env: dict[str, str], data_dir: Path) -> float:
    started = time.monotonic()
    urls = [farm.feed_url(feed) for feed in range(args.feeds)]
    if args.subscribe == "add":
        for url in urls:
            zixun(env, "feeds", "add", url, check=False)
    else:
        listing = data_dir / "feeds.txt"
        listing.write_text("\n".join(urls) + "\n")
        zixun(env, "feeds", "import", str(listing))
    took = time.monotonic() - started
    if args.seed_etags:
        shell(env, "from zixun.sources.models import Feed; import re\n"
                   "feeds = list(Feed.objects.only('pk', 'url'))\n"
                   "for f in feeds:\n"
                   "    f.etag = '\"farm-' + re.search(r'/feed/(\\d+)', f.url).group(1) + '-v1\"'\n"
                   "Feed.objects.bulk_update(feeds, ['etag'], batch_size=500)")
    return took


def poll(args: argparse.Namespace, farm: Farm, env: dict[str, str]) -> tuple[float, float, str]:
    """One pass; (wall, CPU of zixun's processes, output)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    extra = [f"--jobs={args.jobs}"] if args.jobs is not None else []
    if args.workers <= 1:
        profile = ["-m", "cProfile", "-o", args.profile] if args.profile else []
        done = subprocess.run([sys.executable, *profile, "-m", "zixun", "fetch", "--all", *extra],
                              env=env, capture_output=True, text=True)
        output = done.stdout + done.stderr
    else:
        procs = [subprocess.Popen([sys.executable, "-m", "zixun", "worker", "--idle", "1",
                                   f"--name=farm-{n}", *extra], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
                 for n in range(args.workers)]
        # Done when every feed was polled and written back (none unchecked, none claimed).
        while not (len(farm.stats.feed_requests) >= args.feeds and shell(
                env, "from zixun.sources.models import Feed; print(Feed.objects.filter("
                     "last_checked_at__isnull=True).count() + Feed.objects.exclude("
                     "claimed_by='').count())") == "0"):
            time.sleep(5)
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        output = "".join(proc.communicate(timeout=120)[0] for proc in procs)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=40)
    parser.add_argument("--hosts", type=int, default=40)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds before each answer")
    parser.add_argument("--unchanged", type=float, default=0.0, help="share of feeds answering 304")
    parser.add_argument("--seed-etags", action="store_true",
                        help="start as if every feed was polled before (so unchanged ones 304)")
    parser.add_argument("--timeouts", type=float, default=0.0, help="share of feeds that hang")
    parser.add_argument("--errors", type=float, default=0.0, help="share of feeds answering 500")
    parser.add_argument("--malformed", type=float, default=0.0, help="share of feeds cut mid-XML")
    parser.add_argument("--full-text", action="store_true", help="items carry the article")
    parser.add_argument("--wechat", help="serve the feed files of this wechat-feeds tarball")
    parser.add_argument("--wechat-items", type=int, default=0, help="first N items of each (0: all)")
    parser.add_argument("--subscribe", choices=["import", "add"], default="import")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (1: fetch --all)")
    parser.add_argument("--concurrency", type=int, default=0, help="ZIXUN_WORKER_CONCURRENCY")
    parser.add_argument("--jobs", type=int, default=None, help="zixun's --jobs (default its own)")
    parser.add_argument("--port", type=int, default=18018)
    parser.add_argument("--database-url", default="", help="PostgreSQL to run on (default SQLite)")
    parser.add_argument("--profile", help="write a cProfile of `zixun fetch --all` to this file")
    args = parser.parse_args()

    farm = Farm(args)
    farm.serve()
    data_dir = Path(tempfile.mkdtemp(prefix="zixun-farm-"))
    env = zixun_env(args, data_dir)
    try:
        zixun(env, "migrate", "--verbosity=0")
        subscribe_seconds = subscribe(args, farm, env, data_dir)
        farm.stats = Stats()  # `feeds add` fetched each feed once to find it; the pass counts anew
        farm_cpu_before = time.process_time()
        wall, cpu, output = poll(args, farm, env)
        farm_cpu = time.process_time() - farm_cpu_before
        counts = shell(env, "from zixun.articles.models import Article; "
                            "from zixun.sources.models import Feed; "
                            "print(Article.objects.count(), Feed.objects.count(), "
                            "Feed.objects.exclude(last_error='').count())").split()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    articles, feeds, failing = (int(x) for x in counts)
    cores = os.cpu_count() or 1
    summary = [line for line in output.splitlines() if line.startswith("zixun ")]
    reasons = Counter(re.sub(r"\(http://[^)]*\)|http://\S+", "…", line.split(": ", 2)[-1])
                      for line in output.splitlines() if line.strip().startswith("failed:"))
    twice = sum(1 for n in farm.stats.feed_requests.values() if n > 1)
    load = os.getloadavg()[0]
    print(f"farm: {args.feeds} feeds on {args.hosts} hosts, {args.items} items, "
          f"latency {args.latency}s, unchanged {args.unchanged}, timeouts {args.timeouts}, "
          f"errors {args.errors}, malformed {args.malformed}, workers {args.workers}, "
          f"concurrency {args.concurrency or 'default'}, subscribe {args.subscribe} "
          f"({subscribe_seconds:.1f}s), load {load:.2f}")
    print(f"articles stored {articles} (expected {farm.expected_articles()}), feeds {feeds}, "
          f"feeds with an error {failing}")
    for line in summary:
        print(line)
    for reason, n in reasons.most_common(8):
        print(f"  {n} × {reason}")
    rate = articles / wall if wall else 0.0
    limit = articles / cpu * cores if cpu else 0.0
    print(f"wall {wall:.1f}s, zixun CPU {cpu:.1f}s (wall/CPU {wall / cpu:.2f}), farm CPU "
          f"{farm_cpu:.1f}s; {rate:.1f} articles/s, {args.feeds / wall:.1f} feeds/s; CPU-bound "
          f"limit {limit:.1f} articles/s on {cores} cores, ratio {rate / limit if limit else 0:.2f}")
    print(f"politeness: most in flight to one host {farm.stats.most_in_flight}, least gap "
          f"between starts on one host {farm.stats.least_gap:.2f}s ({farm.stats.short_gaps} of "
          f"{farm.stats.gaps} gaps under 0.9s); feeds fetched twice {twice}")


if __name__ == "__main__":
    main()
