#!/usr/bin/env python3
"""Article page render time and SQL queries per page, with 10,000 articles loaded.

    .venv/bin/python bench/page.py [--articles 10000] [--requests 500]

Runs against a fresh SQLite database in a temporary data dir (or ZIXUN_DATABASE_URL if set),
loads the demo, tops it up to --articles with copies of the demo stories (bulk insert: this
measures pages, not ingestion), then requests random article pages through Django's test client.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    os.environ.setdefault("ZIXUN_DATA_DIR", tempfile.mkdtemp(prefix="zixun-bench-page-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zixun.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from zixun.articles.models import Article
    from zixun.demo.load import load_demo

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    load_demo()
    top_up(Article, args.articles)
    total = Article.objects.count()
    ids = list(Article.objects.listed().values_list("pk", flat=True))
    client = Client()
    random.seed(7)
    pool = random.sample(ids, min(200, len(ids)))
    # First views: the related list is computed and stored, the hot list may be computed.
    cold, cold_queries = measure(client, connection, CaptureQueriesContext, pool)
    # Steady state: pages that readers have opened before, as most page views are.
    warm, warm_queries = measure(client, connection, CaptureQueriesContext,
                                 [random.choice(pool) for _ in range(args.requests)])
    print(f"database: {connection.vendor}, articles: {total}")
    for label, times, queries in (("first view", cold, cold_queries), ("later views", warm, warm_queries)):
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(f"article page, {label} ({len(times)} requests): median {statistics.median(times):.2f} ms, "
              f"p95 {p95:.2f} ms; SQL queries median {statistics.median(queries):.0f}, max {max(queries)}")


def measure(client, connection, capture, pks):
    times, queries = [], []
    for pk in pks:
        with capture(connection) as captured:
            start = time.perf_counter()
            response = client.get(f"/a/{pk}/")
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        queries.append(len(captured.captured_queries))
    return times, queries


def top_up(Article, target: int) -> None:
    """Copy demo stories with new titles until the site holds `target` articles."""
    from django.db import transaction
    from django.utils import timezone

    existing = list(Article.objects.filter(guid__startswith="demo:xwlb:").order_by("pk"))
    tags_of = {a.pk: list(a.tags.all()) for a in existing}
    made = Article.objects.count()
    copy_no = 0
    while made < target:
        copy_no += 1
        batch = []
        for original in existing:
            if made + len(batch) >= target:
                break
            clone = Article(
                title=f"{original.title}（{copy_no}）", body_html=original.body_html, body_text=original.body_text,
                summary=original.summary, account=original.account, source_id=original.source_id,
                channel_id=original.channel_id, keywords=original.keywords, guid=f"{original.guid}:{copy_no}",
                published_at=original.published_at - timezone.timedelta(days=copy_no),
                content_hash=f"{original.content_hash[:56]}{copy_no:08d}",
            )
            batch.append((clone, tags_of[original.pk]))
        with transaction.atomic():
            Article.objects.bulk_create([clone for clone, _ in batch])
            Through = Article.tags.through
            Through.objects.bulk_create(
                [Through(article_id=clone.pk, tag_id=tag.pk) for clone, tags in batch for tag in tags]
            )
        made += len(batch)


if __name__ == "__main__":
    main()
