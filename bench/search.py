"""Index and query zixun.search over ~100,000 real articles, on SQLite or PostgreSQL.

    ZIXUN_SHARED_DATA=../shared/data .venv/bin/python bench/search.py [--articles 100000]
        [--queries 1000] [--database-url postgres://…] [--data-dir DIR [--reindex]]
    .venv/bin/python bench/search.py --relevance [--sealed] [--database-url …]   (relevance)

Articles: every xinwenlianbo, inews, xinhua and sogou article with a body, then WeChat feed
items (real titles, dates and accounts) up to --articles; each WeChat item is given the body of
one of the real articles, its sentences rotated, so that every article has a full body. They are bulk-inserted, then timed:
`rebuild()` (articles/s), and `index_article()` one by one for 1,000 articles (the store path).
Queries (1,000, fixed seed): one word from a title, two words, a quoted phrase from a title,
a word with a channel or date-range filter, and a question of search/rgb-zh-refine, a seventh
sorted by time; each timed end
to end through `search()` (SQL, article fetch, highlighted snippets), reported as p50/p95
(with --repeat N, the fastest of N runs of each query).
Known-item: for 1,000 articles with a title found nowhere else, a few words of the title must
find the article in the top 3. Common words (more than query.RANK_ALL_BELOW matches, a quarter
of that on PostgreSQL) are ranked among candidates: for up to 100 of them the first page is
compared with full ranking.
With --data-dir the loaded articles and their index are kept, and a later run reuses them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
import tarfile
import tempfile
import time
import xml.etree.ElementTree as ET
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

CHANNELS = ["时政", "国际", "经济", "科技", "社会"]


def data_dir() -> Path:
    """The shared data folder: $ZIXUN_SHARED_DATA, default ../shared/data beside the repo."""
    return Path(os.environ.get("ZIXUN_SHARED_DATA", REPO.parent / "shared" / "data")).resolve()


def _jsonl(name: str):
    with gzip.open(data_dir() / "corpus" / name, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def corpus_rows(limit: int) -> list[dict]:
    """Real articles as dicts (title, body, published_at, source, channel), at most ``limit``."""
    rng = random.Random(7)
    rows = []
    for r in _jsonl("xinwenlianbo.jsonl.gz"):
        if r["body"]:
            day = datetime.fromisoformat(r["date"]).replace(hour=11, tzinfo=UTC)
            rows.append(dict(title=r["title"], body=r["body"], published_at=day, source="新闻联播",
                             channel=CHANNELS[0]))
    start = datetime(2019, 1, 1, tzinfo=UTC)
    for r in _jsonl("inews.jsonl.gz"):
        if r["content"] and r["title"]:
            when = start + timedelta(minutes=rng.randrange(365 * 24 * 60))
            rows.append(dict(title=r["title"], body=r["content"].replace("\\n", "\n"),
                             published_at=when, source="inews", channel=CHANNELS[4]))
    for name in ("xinhua-2015-2017.jsonl.gz", "sogou-2012.jsonl.gz"):
        for r in _jsonl(name):
            if r["text"] and r["title"]:
                when = start + timedelta(minutes=rng.randrange(365 * 24 * 60))
                rows.append(dict(title=" ".join(r["title"].split())[:300], body=r["text"],
                                 published_at=when, source=name.split("-")[0], channel=CHANNELS[1]))
    bodies = [r["body"] for r in rows]
    for i, row in enumerate(wechat_rows(limit - len(rows))):
        sentences = re.split(r"(?<=[。！？])", bodies[i % len(bodies)])
        turn = 1 + i // len(bodies)
        row["body"] = "".join(sentences[turn:] + sentences[:turn])
        rows.append(row)
    return rows[:limit]


def wechat_rows(limit: int) -> list[dict]:
    """Title-only items from the saved WeChat RSS feeds, with their own dates."""
    rows: list[dict] = []
    with tarfile.open(data_dir() / "feeds" / "wechat-feeds.tar.gz") as tar:
        for member in tar:
            if len(rows) >= limit:
                break
            if not member.isfile():
                continue
            try:
                root = ET.fromstring(tar.extractfile(member).read())
            except ET.ParseError:
                continue  # the one malformed feed
            account = (root.findtext("channel/title") or "微信公众号").strip()[:100]
            for item in root.iter("item"):
                title = (item.findtext("title") or "").strip()
                try:
                    when = parsedate_to_datetime(item.findtext("pubDate") or "")
                except (TypeError, ValueError):
                    continue
                if title and when:
                    rows.append(dict(title=title[:300], body="", published_at=when,
                                     source=account, channel=CHANNELS[zlib.crc32(account.encode()) % 5]))
    return rows[:limit]


def setup_django(database_url: str, data_dir: str = "") -> None:
    """Point zixun at a data dir (a fresh one unless given) and the given database; migrate it."""
    os.environ["ZIXUN_DATA_DIR"] = data_dir or tempfile.mkdtemp(prefix="zixun-bench-search-")
    os.environ["ZIXUN_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zixun.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def load(rows: list[dict]) -> list[int]:
    """Bulk-insert the rows as published articles (no signals, no index); return their ids."""
    from django.db import transaction

    from zixun.articles.models import Article, Channel
    from zixun.sources.models import Source

    channels = {n: Channel.objects.get_or_create(name=n, defaults={"slug": n})[0] for n in CHANNELS}
    names = sorted({r["source"] for r in rows})
    Source.objects.bulk_create(
        [Source(name=n, slug=f"s{i}") for i, n in enumerate(names)], ignore_conflicts=True
    )
    sources = dict(Source.objects.values_list("name", "id"))
    with transaction.atomic():
        created = Article.objects.bulk_create(
            [Article(title=r["title"], body_text=r["body"], published_at=r["published_at"],
                     channel=channels[r["channel"]], source_id=sources[r["source"]]) for r in rows],
            batch_size=2000,
        )
    ids = [a.pk for a in created]
    if not ids or ids[0] is None:
        ids = list(Article.objects.order_by("id").values_list("id", flat=True))
    return ids


def index_size() -> tuple[int, int]:
    """Bytes of the search index and of the text it indexes (titles and bodies, UTF-8)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_fts%' "
                           "OR name LIKE 'search_entry%' OR name LIKE 'sqlite_autoindex_search%'")
        else:
            cursor.execute("SELECT pg_total_relation_size('search_document')")
        index = cursor.fetchone()[0] or 0
        cursor.execute("SELECT SUM(LENGTH(CAST(title AS BLOB)) + LENGTH(CAST(body_text AS BLOB))) "
                       "FROM articles_article" if connection.vendor == "sqlite" else
                       "SELECT SUM(octet_length(title) + octet_length(body_text)) FROM articles_article")
        return int(index), int(cursor.fetchone()[0] or 0)


def time_indexing(ids: list[int]) -> dict:
    """Rebuild rate, and the one-by-one rate of index_article as the store path uses it."""
    from django.db import connection, transaction

    from zixun.articles.models import Article
    from zixun.search.analysis import index_tokens
    from zixun.search.backends import backend
    from zixun.search.index import index_article, rebuild

    started = time.perf_counter()
    count = rebuild()
    rebuild_s = time.perf_counter() - started
    sample = list(Article.objects.filter(pk__in=random.Random(3).sample(ids, 1000)))
    with connection.cursor() as cursor:
        backend().delete(cursor, [a.pk for a in sample])
    index_tokens.cache_clear()
    started = time.perf_counter()
    for article in sample:
        with transaction.atomic():
            index_article(article)
    single_s = time.perf_counter() - started
    return {"articles": count, "rebuild_s": rebuild_s, "rebuild_per_s": count / rebuild_s,
            "single_ms": 1000 * single_s / len(sample)}


def title_words(title: str) -> list[str]:
    """Words of a title worth typing: two or more letters, no punctuation."""
    from zixun.text.segment import segment

    return [w for w in segment(title) if len(w) >= 2 and re.fullmatch(r"[\w.+-]+", w)]


def make_queries(rows: list[dict], n: int) -> list[dict]:
    """A fixed mix of query kinds drawn from real titles."""
    rng = random.Random(11)
    queries: list[dict] = []
    kinds = ["word", "two", "phrase", "filter", "question"]
    with gzip.open(data_dir() / "search" / "rgb-zh-refine.jsonl.gz", "rt", encoding="utf-8") as f:
        questions = [json.loads(line)["query"] for line in f]
    while len(queries) < n:
        row = rng.choice(rows)
        words = title_words(row["title"])
        kind = kinds[len(queries) % len(kinds)]
        if kind == "question":
            queries.append({"kind": kind, "q": rng.choice(questions),
                            "sort": "time" if len(queries) % 7 == 0 else "relevance"})
            continue
        if not words or (kind == "two" and len(words) < 2):
            continue
        query: dict = {"kind": kind, "sort": "time" if len(queries) % 7 == 0 else "relevance"}
        if kind == "two":
            query["q"] = " ".join(rng.sample(words, 2))
        elif kind == "phrase":
            han = re.sub(r"\W", "", row["title"])
            if len(han) < 6:
                continue
            start = rng.randrange(len(han) - 4)
            query["q"] = f'"{han[start:start + rng.randint(3, 5)]}"'
        else:
            query["q"] = rng.choice(words)
        if kind == "filter":
            if rng.random() < 0.5:
                query["channel"] = row["channel"]
            else:
                day = row["published_at"].date()
                query["since"], query["until"] = day - timedelta(days=90), day + timedelta(days=90)
        queries.append(query)
    return queries


def time_queries(queries: list[dict], repeat: int = 1, clock=time.perf_counter) -> dict:
    """Latency of search() for each query (the fastest of ``repeat`` runs), grouped by kind.

    ``clock=time.process_time`` measures this process's CPU time instead: on SQLite that is
    all the work of a search, without the time spent waiting for CPUs other jobs hold.
    """
    from zixun.search import SearchRequest, search

    times: dict[str, list[float]] = {}
    for query in queries:
        params = {k: v for k, v in query.items() if k != "kind"}
        elapsed = float("inf")
        for _ in range(repeat):
            started = clock()
            search(SearchRequest(**params))
            elapsed = min(elapsed, 1000 * (clock() - started))
        times.setdefault(query["kind"], []).append(elapsed)
        times.setdefault("all", []).append(elapsed)
    return {kind: (pct(v, 50), pct(v, 95), len(v)) for kind, v in times.items()}


def server_and_own_cpu():
    """A clock of the CPU time of this process plus that of its PostgreSQL server process
    (``/proc/<pid>/schedstat``, nanoseconds), when the server runs on this machine; else None.
    The work of a search without the time spent waiting for CPUs other jobs hold."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/schedstat")
    if not stat.exists():
        return None
    return lambda: time.process_time() + int(stat.read_text().split()[0]) / 1e9


def bounded_agreement(queries: list[dict], most: int = 100) -> tuple[float, float, int]:
    """For relevance queries above query.RANK_ALL_BELOW matches (ranked among candidates): the
    mean share of the first page also on the page ranked in full, and how often hit 1 agrees."""
    from django.db import connection

    from zixun.search import SearchRequest, query, search
    from zixun.search.analysis import parse_query
    from zixun.search.backends import backend

    engine, shared, same_first, n = backend(), 0.0, 0, 0
    for q in queries:
        if q["sort"] != "relevance" or "channel" in q or "since" in q or n >= most:
            continue
        with connection.cursor() as cursor:
            matches = engine.count(cursor, engine.match_params(parse_query(q["q"])))
            if matches <= query.RANK_ALL_BELOW // engine.rank_cost:
                continue
        fast = [h.article.pk for h in search(SearchRequest(q=q["q"])).hits]
        saved, query.RANK_ALL_BELOW = query.RANK_ALL_BELOW, 10**9
        full = [h.article.pk for h in search(SearchRequest(q=q["q"])).hits]
        query.RANK_ALL_BELOW = saved
        shared += len(set(fast) & set(full)) / max(1, len(full))
        same_first += fast[:1] == full[:1]
        n += 1
    return (shared / n if n else 1.0), (same_first / n if n else 1.0), n


def pct(values: list[float], p: int) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def known_item(rows: list[dict], ids: list[int], n: int) -> tuple[float, int]:
    """Share of articles found in the top 3 by a few words of their own (unique) title."""
    from zixun.search import SearchRequest, search

    counts: dict[str, int] = {}
    for r in rows:
        counts[r["title"]] = counts.get(r["title"], 0) + 1
    rng = random.Random(5)
    candidates = [i for i, r in enumerate(rows) if counts[r["title"]] == 1 and len(title_words(r["title"])) >= 3]
    hits = tried = 0
    for index in rng.sample(candidates, min(n, len(candidates))):
        words = title_words(rows[index]["title"])
        q = " ".join(rng.sample(words, rng.randint(3, min(4, len(words)))))
        top = [h.article.pk for h in search(SearchRequest(q=q, per_page=3)).hits]
        hits += ids[index] in top
        tried += 1
    return hits / tried, tried


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--database-url", default="", help="default: a new SQLite file")
    parser.add_argument("--data-dir", default="", help="ZIXUN_DATA_DIR to keep; a later run with "
                        "the same dir (and database) reuses the loaded articles and their index")
    parser.add_argument("--reindex", action="store_true", help="time indexing even when reusing")
    parser.add_argument("--repeat", type=int, default=1, help="run each query N times and keep "
                        "the fastest, to discount other jobs on a shared machine")
    parser.add_argument("--relevance", action="store_true", help="score questions and known "
                        "items on a pooled site (bench/search_relevance.py) instead of speed")
    parser.add_argument("--sealed", action="store_true", help="with --relevance: score the "
                        "sealed 30 %% (once, at the end of tuning) instead of the development part")
    parser.add_argument("--known-items", choices=["inews", "xinwenlianbo"], default="inews",
                        help="with --relevance: the corpus whose titles are the known items")
    args = parser.parse_args()
    if args.relevance:
        setup_django(args.database_url, "")
        sys.path.insert(0, str(REPO / "bench"))
        import search_relevance

        search_relevance.run(data_dir(), args.sealed, args.known_items)
        return
    setup_django(args.database_url, args.data_dir)
    from django.db import connection

    from zixun.articles.models import Article

    started = time.perf_counter()
    rows = corpus_rows(args.articles)
    with_body = sum(1 for r in rows if r["body"])
    reused = Article.objects.count() == len(rows)
    ids = list(Article.objects.order_by("id").values_list("id", flat=True)) if reused else load(rows)
    print(f"database: {connection.vendor}; {len(rows):,} articles ({with_body:,} with bodies) "
          f"{'reused' if reused else 'loaded'} in {time.perf_counter() - started:.0f} s")
    if reused and not args.reindex:
        print("index: reused as built by an earlier run (--reindex to time indexing again)")
    else:
        idx = time_indexing(ids)
        print(f"rebuild: {idx['articles']:,} articles in {idx['rebuild_s']:.1f} s = "
              f"{idx['rebuild_per_s']:,.0f} articles/s; index_article one by one: "
              f"{idx['single_ms']:.2f} ms/article")
    size, text = index_size()
    print(f"index size: {size / 1e6:,.0f} MB for {text / 1e6:,.0f} MB of text "
          f"= {size / max(1, text):.2f}x the text")
    queries = make_queries(rows, args.queries)
    print(f"timing each query {'once' if args.repeat == 1 else f'as the fastest of {args.repeat} runs'}")
    for kind, (p50, p95, count) in time_queries(queries, args.repeat).items():
        print(f"queries {kind:>6}: n={count:4d} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")
    clock = time.process_time if connection.vendor == "sqlite" else server_and_own_cpu()
    if clock is not None:
        for kind, (p50, p95, count) in time_queries(queries, args.repeat, clock).items():
            print(f"CPU time {kind:>6}: n={count:4d} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")
    shared, first, n = bounded_agreement(queries)
    print(f"common words ranked among candidates: {n} queries; first page shared with full "
          f"ranking {shared:.0%}, same first hit {first:.0%}")
    rate, tried = known_item(rows, ids, args.queries)
    print(f"known-item top-3: {rate:.1%} of {tried} queries")


if __name__ == "__main__":
    main()
