"""热门资讯 under a simulated day of traffic, through the real middleware and a page cache.

    ZIXUN_SHARED_DATA=../shared/data .venv/bin/python bench/hot.py [--postgres URL] [--readers N]

60 新闻联播 stories (corpus/xinwenlianbo.jsonl.gz) are stored; readers arrive over 24 simulated
hours with Zipf popularity (s = 1.1) and a burst on one story in the evening; one reader
refreshes a mid-ranked article 2,000 times; a crawler (Baiduspider) fetches one article 3,000
times; a sponsored article gets the most readers of all; three copies of one story (a Story
with an original and two reposts, mid-ranked) share their readers; some requests are prefetches. Every
request goes through Django's page cache (UpdateCache/FetchFromCache, 5 minutes) with the
counting middleware above it. Printed: the hot list beside a raw-hit ranking, where the
refresher's, bot's, advert's and story's articles land, and counted vs expected views.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from unittest import mock

import _site
from _site import data_dir

CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
BOT = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
DAY = datetime(2025, 6, 10, tzinfo=UTC)
ARTICLES = 60


def setup_django(database_url: str | None) -> None:
    """A throwaway data dir and database with the page cache in front of every page."""
    _site.setup_django("hot", database_url)
    from django.conf import settings

    # Django reads these when the test client builds its handler, at the first request.
    settings.MIDDLEWARE = [
        "django.middleware.cache.UpdateCacheMiddleware",
        "zixun.ranking.middleware.ViewCountingMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.cache.FetchFromCacheMiddleware",
    ]
    settings.CACHE_MIDDLEWARE_SECONDS = 300
    settings.ALLOWED_HOSTS = ["*"]


def store_articles() -> list[int]:
    """Store the first 60 stories with text; the last three become copies of one story."""
    from zixun.articles.ingest import store
    from zixun.articles.models import Article, Story
    from zixun.extract.draft import ArticleDraft

    ids = []
    with gzip.open(data_dir() / "corpus" / "xinwenlianbo.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if not record["body"].strip() or "联播快讯" in record["title"]:
                continue
            when = DAY - timedelta(hours=1 + len(ids))
            result = store(ArticleDraft(
                title=record["title"], body_html="", body_text=record["body"],
                guid=record["id"], published_at=when,
            ))
            ids.append(result.article_id)
            if len(ids) == ARTICLES:
                break
    story = Story.objects.create(original_id=ids[10])
    Article.objects.filter(pk__in=ids[10:13]).update(story=story)
    Article.objects.filter(pk=ids[0]).update(sponsored=True)
    return ids


def traffic(ids: list[int], readers: int, rng: random.Random) -> list[tuple[float, int, str, str, dict]]:
    """(hour, article id, address, agent, headers) for every request of the day, in time order."""
    roles = {"ad": ids[0], "refreshed": ids[30], "crawled": ids[40], "burst": ids[20]}
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(ids))]
    weights[ids.index(roles["ad"])] = 0
    events = []
    for n in range(readers):
        hour = rng.uniform(0, 24)
        article = rng.choices(ids, weights)[0]
        if hour > 19 and rng.random() < 0.35:
            article = roles["burst"]  # the evening's breaking story
        headers = {"HTTP_SEC_PURPOSE": "prefetch"} if rng.random() < 0.03 else {}
        events.append((hour, article, f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}", CHROME, headers))
    for n in range(readers // 4):  # the advert: more distinct readers than any story
        events.append((rng.uniform(0, 24), roles["ad"], f"172.16.{n // 256}.{n % 256}", CHROME, {}))
    events += [(rng.uniform(8, 23), roles["refreshed"], "192.0.2.99", CHROME, {}) for _ in range(2000)]
    events += [(rng.uniform(0, 24), roles["crawled"], "198.51.100.1", BOT, {}) for _ in range(3000)]
    return sorted(events, key=lambda e: e[0]), roles


def replay(events, clock: list[datetime]) -> tuple[int, float]:
    """Send every request through the middleware stack; return (view renders, seconds)."""
    from django.test import Client

    import zixun.web.views as views

    client = Client()
    renders = Counter()
    real_render = views.render

    def counting_render(*args, **kwargs):
        renders["page"] += 1
        return real_render(*args, **kwargs)

    started = time.perf_counter()
    with mock.patch.object(views, "render", counting_render):
        for hour, article, address, agent, headers in events:
            clock[0] = DAY + timedelta(hours=hour)
            response = client.get(f"/a/{article}/", REMOTE_ADDR=address, HTTP_USER_AGENT=agent, **headers)
            assert response.status_code == 200, response.status_code
    return renders["page"], time.perf_counter() - started


def report(events, roles, ids, renders: int, seconds: float) -> None:
    """Print the hot list, the raw-hit list and the checks the issue asks for."""
    from zixun.articles.models import Article
    from zixun.ranking.hot import compute_hot

    hot = [a.pk for a in compute_hot(limit=10, now=DAY + timedelta(hours=24))]
    raw = [pk for pk, _ in Counter(e[1] for e in events).most_common(10)]
    counted = [e for e in events if e[3] != BOT and not e[4]]
    total = sum(Article.objects.values_list("view_count", flat=True))
    print(f"{len(events)} requests in {seconds:.1f} s ({len(events) / seconds:.0f}/s); "
          f"the page cache answered {len(events) - renders}, the view rendered {renders}")
    print(f"views counted {total}, expected {len(counted)} (all but bot and prefetch): "
          f"{'none lost' if total == len(counted) else 'MISMATCH'}")
    story = set(ids[10:13])
    for name, pk in roles.items():
        print(f"  {name:10} article {pk}: hot rank {_rank(hot, pk)}, raw-hit rank {_rank(raw, pk)}")
    print(f"  story copies in hot list: {len(story & set(hot))} (the original at rank "
          f"{_rank(hot, ids[10])}), in raw-hit list: {len(story & set(raw))}")
    titles = Article.objects.in_bulk(hot)
    print("hot list (top 10):")
    for rank, pk in enumerate(hot, 1):
        print(f"  {rank:2d}. [{pk}] {titles[pk].title[:30]}")


def _rank(ranking: list[int], pk: int) -> str:
    return str(ranking.index(pk) + 1) if pk in ranking else "-"


def main(argv: list[str] | None = None) -> int:
    """Set up, replay the day and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="run on this PostgreSQL database")
    parser.add_argument("--readers", type=int, default=12000, help="reader requests in the day")
    args = parser.parse_args(argv)
    setup_django(args.postgres)
    ids = store_articles()
    events, roles = traffic(ids, args.readers, random.Random(6))
    clock = [DAY]
    with mock.patch("django.utils.timezone.now", lambda: clock[0]):
        renders, seconds = replay(events, clock)
    report(events, roles, ids, renders, seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
