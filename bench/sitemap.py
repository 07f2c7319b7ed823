"""bench/sitemap.py: sitemap files at scale: one 50,000-address file, the index, robots.txt.

    .venv/bin/python bench/sitemap.py [--articles 1000000] [--postgres URL] [--repeat 3]

Builds a throwaway site of N published articles in one INSERT … SELECT (a recursive CTE on
SQLite, generate_series on PostgreSQL; titles and bodies are short, since a sitemap never reads
them), then asks zixun for its files through Django's test client, reading each streamed
response to the end. Printed per file: seconds (best of --repeat), addresses, bytes, and the
peak of Python memory while it streamed (tracemalloc, in a run of its own), which stays flat if
rows are not all loaded at once. The index and robots.txt count every public article (a grouped query); their
figure is without the 60-second cache that keeps that count.
"""

from __future__ import annotations

import argparse
import os
import time
import tracemalloc

import _site

SQLITE_FILL = """
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
INSERT INTO articles_article (title, body_html, body_text, summary, account, author,
    original_outlet, original_title, byline, original_url, guid, content_hash, published_at,
    created_at, updated_at, status, view_count, keywords, cover_image, cover_caption, sponsored)
SELECT '第' || i || '条新闻', '', '', '', '', '', '', '', '{}', '', 'bench:' || i, '',
    datetime('now', '-' || i || ' minutes'), datetime('now', '-' || i || ' minutes'),
    datetime('now', '-' || (i % 1000) || ' minutes'), 'published', 0, '[]', '', '', 0
FROM n
"""
POSTGRES_FILL = """
INSERT INTO articles_article (title, body_html, body_text, summary, account, author,
    original_outlet, original_title, byline, original_url, guid, content_hash, published_at,
    created_at, updated_at, status, view_count, keywords, cover_image, cover_caption, sponsored)
SELECT '第' || i || '条新闻', '', '', '', '', '', '', '', '{}', '', 'bench:' || i, '',
    now() - i * interval '1 minute', now() - i * interval '1 minute',
    now() - (i % 1000) * interval '1 minute', 'published', 0, '[]', '', '', false
FROM generate_series(1, {count}) AS i
"""


def build(count: int) -> float:
    from django.db import connection

    started = time.perf_counter()
    fill = POSTGRES_FILL if connection.vendor == "postgresql" else SQLITE_FILL
    with connection.cursor() as cursor:
        cursor.execute(fill.replace("{count}", str(int(count))))
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE articles_article")
        else:
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def fetch(client, path: str, traced: bool = False) -> tuple[float, int, int, float]:
    """Seconds, bytes, addresses and (``traced``) peak traced MiB of one response, read as a
    client reads it: chunk by chunk, none kept."""
    from django.core.cache import cache

    cache.clear()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    chunks = response.streaming_content if response.streaming else [response.content]
    size = lines = 0
    for chunk in chunks:
        size += len(chunk)
        lines += chunk.count(b"<loc>") or chunk.count(b"\n")
    seconds = time.perf_counter() - started
    peak = 0.0
    if traced:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return seconds, size, lines, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--postgres", default=None, help="PostgreSQL URL; default a scratch SQLite")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ["ZIXUN_ALLOWED_HOSTS"] = "testserver"
    os.environ["ZIXUN_PAGE_CACHE_SECONDS"] = "0"
    _site.setup_django("sitemap", args.postgres)
    from django.db import connection
    from django.test import Client

    built = build(args.articles)
    client = Client()
    print(f"site: {args.articles:,} published articles on {connection.vendor}, built in "
          f"{built:.0f} s; load {os.getloadavg()[0]:.1f}")
    print(f"| file | seconds (best of {args.repeat}) | addresses | bytes | peak Python MiB |")
    print("|---|---:|---:|---:|---:|")
    middle = max(1, args.articles // 50_000 // 2)
    for path in ("/sitemap-1.xml", f"/sitemap-{middle}.xml", f"/sitemap-{middle}.txt",
                 "/sitemap-news.xml", "/sitemap.xml", "/robots.txt"):
        seconds = min(fetch(client, path)[0] for _ in range(args.repeat))
        # Traced apart: tracemalloc slows Python down several times.
        _s, size, lines, peak = fetch(client, path, traced=True)
        print(f"| {path} | {seconds:.2f} | {lines:,} | {size:,} | {peak:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
