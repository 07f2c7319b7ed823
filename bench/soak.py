#!/usr/bin/env python3
"""bench/soak.py: many readers for a long time against `zixun serve` while a worker ingests.

    .venv/bin/python bench/soak.py [--minutes 10] [--clients 100] [--articles 5000]
                                   [--workers 2] [--database-url postgres://…]

Builds a site (bench/serve.py's: the demo topped up with copies of its stories), serves it with
`zixun serve` on 127.0.0.1, and runs at once:

- ``--clients`` readers, each an asyncio loop of one request after another (no pause): article
  pages, the home page, channel/tag/source lists, search, feeds, and the JSON API under /api/v1/
  when it answers. Each reader has an address of its own in 127.0.0.0/8 and a browser's
  User-Agent, so the site counts it as one reader;
- `zixun worker`, polling a feed on a local HTTP server that gains entries every minute (it is
  due every minute), and running the hot lists and 相关内容 as it does in production.

Pass: no reader error (any status but 200, or no answer), the memory (RSS) of the gunicorn
workers flat over the last half of the run, and the view counts exact: each article's
`view_count` grew by the article pages served, and its readers (热门资讯's `SeenToday` and
`HourlyViews.readers`) by the distinct readers who got it.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import _site

sys.path.insert(0, str(_site.REPO))
sys.path.insert(0, str(_site.REPO / "bench"))

import httpx  # noqa: E402
from serve import Server, build_site, site_facts  # noqa: E402 - bench/serve.py
from tests.httpserver import serve as local_http  # noqa: E402

SEARCHES = ["经济", "秋粮", "会议", "发展", "北京", "合作", "习近平", "改革"]
USER_AGENT = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/120.0 Safari/537.36 reader/{n}")
# What a reader asks for, with how often: mostly articles, as on a news site.
MIX = [("article", 50), ("home", 10), ("list", 15), ("search", 10), ("feed", 5), ("api", 10)]


@dataclass
class Tally:
    """What the readers saw."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    error_examples: list[str] = field(default_factory=list)
    # article id → reader numbers that got the page, and how many pages were served
    readers: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    article_pages: Counter = field(default_factory=Counter)


def growing_feed(records: list[dict], started: float, per_minute: int):
    """A route serving the newest entries of a feed that gains ``per_minute`` every minute."""

    def route(_request):
        shown = records[: per_minute * (1 + int((time.monotonic() - started) // 60))]
        items = "".join(
            f"<item><title>{escape(r['title'])}</title><link>/soak/{n}.html</link>"
            f"<guid>soak-{n}</guid><description><![CDATA[{r.get('body_html') or r.get('body', '')}]]>"
            f"</description></item>" for n, r in reversed(list(enumerate(shown))))
        body = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>soak</title>{items}</channel></rss>")
        return 200, {"Content-Type": "application/rss+xml; charset=utf-8"}, body

    return route


def corpus(count: int) -> list[dict]:
    with gzip.open(_site.data_dir() / "corpus" / "xinwenlianbo.jsonl.gz", "rt",
                   encoding="utf-8") as f:
        out = []
        for line in f:
            out.append(json.loads(line))
            if len(out) == count:
                return out
    return out


def pick(rng: random.Random, facts: dict, with_api: bool) -> tuple[str, str, int | None]:
    kinds, weights = zip(*[(k, w) for k, w in MIX if with_api or k != "api"], strict=True)
    kind = rng.choices(kinds, weights)[0]
    if kind == "article":
        pk = rng.choice(facts["ids"])
        return kind, f"/a/{pk}/", pk
    if kind == "home":
        return kind, rng.choice(["/", "/?page=2"]), None
    if kind == "list":
        which = rng.choice(["channel", "tag", "source"])
        return kind, f"/{which}/{facts[which]}/", None
    if kind == "search":
        return kind, f"/search?q={rng.choice(SEARCHES)}", None
    if kind == "feed":
        return kind, rng.choice(["/rss.xml", "/atom.xml", f"/channel/{facts['channel']}/rss.xml"]), None
    pk = rng.choice(facts["ids"])
    return kind, rng.choice(["/api/v1/articles?limit=20", f"/api/v1/articles/{pk}"]), None


async def reader(number: int, base: str, facts: dict, with_api: bool, until: float,
                 tally: Tally) -> None:
    address = f"127.0.{1 + number // 250}.{1 + number % 250}"
    transport = httpx.AsyncHTTPTransport(local_address=address)
    rng = random.Random(number)
    headers = {"User-Agent": USER_AGENT.format(n=number)}
    async with httpx.AsyncClient(base_url=base, transport=transport, headers=headers,
                                 timeout=30) as client:
        while time.monotonic() < until:
            kind, path, pk = pick(rng, facts, with_api)
            started = time.monotonic()
            try:
                response = await client.get(path)
                await response.aread()
            except httpx.HTTPError as error:
                tally.errors[f"{kind} {type(error).__name__}"] += 1
                if len(tally.error_examples) < 10:
                    tally.error_examples.append(f"{path}: {error!r}")
                continue
            tally.latencies[kind].append(time.monotonic() - started)
            tally.statuses[response.status_code] += 1
            if response.status_code != 200:
                tally.errors[f"{kind} {response.status_code}"] += 1
                if len(tally.error_examples) < 10:
                    tally.error_examples.append(f"{path}: {response.status_code}")
            elif pk is not None:
                tally.readers[pk].add(number)
                tally.article_pages[pk] += 1


def sample_memory(server: Server, stop: threading.Event, samples: list, every: float) -> None:
    started = time.monotonic()
    while not stop.wait(every):
        samples.append((time.monotonic() - started, server.worker_rss_mb()))


def view_counts() -> dict[int, tuple[int, int, int]]:
    """Each article's (view_count, today's SeenToday rows, HourlyViews readers)."""
    from django.db.models import Sum
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    from zixun.articles.models import Article
    from zixun.ranking.models import HourlyViews, SeenToday

    seen = Counter(SeenToday.objects.filter(day=timezone.localdate())
                   .values_list("article_id", flat=True))
    # An hour counted before readers were (the demo's seeded views) has readers NULL, which
    # the ranking reads as readers = views, and so does the next view written into it.
    readers = dict(HourlyViews.objects.values("article_id")
                   .annotate(n=Sum(Coalesce("readers", "views"))).values_list("article_id", "n"))
    return {pk: (views, seen.get(pk, 0), readers.get(pk) or 0)
            for pk, views in Article.objects.values_list("pk", "view_count")}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0.0


def slope_mb_per_minute(points: list[tuple[float, float]]) -> float:
    if len(points) < 2:
        return 0.0
    xs = [t / 60 for t, _ in points]
    ys = [mb for _, mb in points]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs) or 1.0
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--feed-per-minute", type=int, default=20,
                        help="entries the worker's feed gains each minute")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)

    scratch = tempfile.mkdtemp(prefix="zixun-bench-soak-")
    env = {**os.environ, "ZIXUN_DATA_DIR": scratch, "ZIXUN_DATABASE_URL": args.database_url,
           "ZIXUN_FETCH_ALLOW_HOSTS": "127.0.0.1", "DJANGO_SETTINGS_MODULE": "zixun.settings"}
    os.environ.update(env)
    build_site(env, args.articles)
    facts = site_facts(env)
    import django

    django.setup()
    from zixun.sources.models import Feed, Source

    load_before = os.getloadavg()
    seconds = args.minutes * 60
    records = corpus(args.feed_per_minute * (int(args.minutes) + 2))
    server = Server([str(_site.REPO / ".venv/bin/zixun"), "serve", "--port", "{port}",
                     "--workers", str(args.workers), "--no-migrate"], env)
    with_api = httpx.get(server.url("/api/v1/articles?limit=1"), timeout=30).status_code == 200
    before = view_counts()
    tally, samples, stop = Tally(), [], threading.Event()
    started = time.monotonic()
    with local_http({"/feed.xml": growing_feed(records, started, args.feed_per_minute)}) as site:
        source, _ = Source.objects.get_or_create(name="长跑", defaults={"slug": "soak"})
        feed = Feed.objects.create(url=site.url("/feed.xml"), source=source, fetch_pages=False,
                                   check_interval_minutes=1)
        worker_log = Path(scratch) / "worker.log"
        worker = subprocess.Popen([str(_site.REPO / ".venv/bin/zixun"), "worker", "--idle", "5"],
                                  env=env, stdout=worker_log.open("w"), stderr=subprocess.STDOUT)
        sampler = threading.Thread(target=sample_memory, args=(server, stop, samples, 10))
        sampler.start()
        try:
            until = time.monotonic() + seconds

            async def everyone() -> None:
                await asyncio.gather(*(reader(n, server.url(""), facts, with_api, until, tally)
                                       for n in range(args.clients)))

            asyncio.run(everyone())
        finally:
            stop.set()
            sampler.join()
            worker.terminate()
            worker.wait(60)
            polls = sum(1 for r in site.requests if r.path == "/feed.xml")
    elapsed = time.monotonic() - started
    time.sleep(3)  # the web workers' view batches are written by their timers
    after = view_counts()
    server.stop()
    load_after = os.getloadavg()

    from zixun.articles.models import Article

    ingested = Article.objects.filter(feed=feed).count()
    wrong_views = wrong_seen = wrong_readers = 0
    for pk, (views, seen, readers) in after.items():
        was = before.get(pk, (0, 0, 0))
        wrong_views += (views - was[0]) != tally.article_pages.get(pk, 0)
        wrong_seen += (seen - was[1]) != len(tally.readers.get(pk, ()))
        wrong_readers += (readers - was[2]) != len(tally.readers.get(pk, ()))
    total = sum(tally.statuses.values()) + sum(tally.errors[k] for k in tally.errors
                                               if not k.split()[-1].isdigit())
    everything = [v for values in tally.latencies.values() for v in values]
    late = [(t, sum(mb)) for t, mb in samples if t >= elapsed / 2]
    print(f"bench/soak.py, {args.minutes:g} min, {args.clients} readers, {args.workers} gunicorn "
          f"workers, {facts['articles']} articles, on {args.database_url.split('@')[-1] or 'SQLite'}"
          f"; load average {load_before[0]:.2f} → {load_after[0]:.2f}; API "
          f"{'included' if with_api else 'not answering, left out'}")
    print(f"requests {total} in {elapsed:.0f} s ({total / elapsed:.0f}/s); errors "
          f"{sum(tally.errors.values())} {dict(tally.errors)}; statuses {dict(tally.statuses)}")
    for example in tally.error_examples:
        print(f"  e.g. {example}")
    print("| kind | requests | p50 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for kind, values in sorted(tally.latencies.items()) + [("all", everything)]:
        print(f"| {kind} | {len(values)} | {percentile(values, 0.5):.0f} | "
              f"{percentile(values, 0.99):.0f} | {max(values, default=0) * 1000:.0f} |")
    if samples:
        first, last = samples[0], samples[-1]
        print(f"gunicorn workers' RSS MB: at {first[0]:.0f} s {[round(m) for m in first[1]]}, at "
              f"{last[0]:.0f} s {[round(m) for m in last[1]]}; over the last half: "
              f"{min(m for _, m in late):.1f}–{max(m for _, m in late):.1f} MB in all, slope "
              f"{slope_mb_per_minute(late):+.2f} MB/min ({len(late)} samples)")
    print(f"views: {sum(tally.article_pages.values())} article pages to "
          f"{len(tally.article_pages)} articles; articles whose view_count is off: {wrong_views}, "
          f"whose SeenToday readers are off: {wrong_seen}, whose HourlyViews readers are off: "
          f"{wrong_readers}")
    print(f"worker: polled the feed {polls} times, {ingested} articles stored from it "
          f"(of {min(len(records), args.feed_per_minute * (1 + int(elapsed // 60)))} offered)")
    print(f"the site is left in {scratch} for a look (the worker's log: {worker_log.name})")
    failed = sum(tally.errors.values()) + wrong_views + wrong_seen + wrong_readers
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
