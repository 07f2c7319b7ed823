"""相关内容 quality on THUCNews: precision@5 (same-channel share of the 5 related) for zixun,
a DedeCMS-style LIKE baseline and random picks.

    ZIXUN_SHARED_DATA=../shared/data .venv/bin/python bench/related.py [--postgres URL]

The 500 labelled articles of corpus/thucnews-sample.jsonl.gz are stored through ingest.store()
into a throwaway database *without* a channel, as aggregated articles arrive, so no method can
read the label it is scored on. THUCNews runs the title into the body; the first 24 characters
stand in for the title. Keywords and tags come from zixun.text as the pipeline makes them.
The baseline is DedeCMS's 相关文章 (likearticle): `title LIKE '%kw%' OR keywords LIKE '%kw%'`
for each of the article's keywords, newest first. A missing slot (fewer than 5 shown) counts
as a miss; precision over shown items and empty lists are printed too.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta

from _site import data_dir, setup_django

K = 5
TITLE_CHARS = 24


def load_corpus() -> list[dict]:
    """The THUCNews sample records: id, category, text."""
    path = data_dir() / "corpus" / "thucnews-sample.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def store_all(records: list[dict]) -> dict[int, str]:
    """Store every record with no channel; return article id → its THUCNews category."""
    from zixun import text
    from zixun.articles.ingest import store
    from zixun.extract.draft import ArticleDraft

    rng = random.Random(6)
    start = datetime(2025, 6, 1, tzinfo=UTC)
    labels = {}
    for record in records:
        title, body = record["text"][:TITLE_CHARS], record["text"]
        words = text.keywords(body, k=8)
        result = store(ArticleDraft(
            title=title, body_html="", body_text=body, guid=record["id"], keywords=words,
            tags=words[:3], published_at=start + timedelta(minutes=rng.randrange(60 * 24 * 30)),
        ))
        labels[result.article_id] = record["category"]
    return labels


def dedecms_like(article, limit: int = K) -> list[int]:
    """DedeCMS likearticle: any keyword LIKE in title or keywords, newest first."""
    from django.db.models import Q

    from zixun.articles.models import Article

    match = Q(pk__in=[])
    for word in article.keywords:
        match |= Q(title__contains=word) | Q(keywords__icontains=word)
    found = Article.objects.filter(match).exclude(pk=article.pk).order_by("-published_at", "-id")
    if article.channel_id:
        found = found.filter(channel_id=article.channel_id)
    return list(found.values_list("pk", flat=True)[:limit])


def score(method, labels: dict[int, str]) -> dict[str, float]:
    """Precision@5 (missing slots are misses), precision over shown items, empty lists, time."""
    from zixun.articles.models import Article

    hits = shown = empty = 0
    started = time.perf_counter()
    articles = list(Article.objects.all())
    for article in articles:
        ids = method(article)[:K]
        same = sum(labels.get(pk) == labels[article.pk] for pk in ids)
        hits += same
        shown += len(ids)
        empty += not ids
    elapsed = time.perf_counter() - started
    return {
        "p@5": hits / (K * len(articles)),
        "p_shown": hits / shown if shown else 0.0,
        "empty": empty,
        "ms_per_article": 1000 * elapsed / len(articles),
    }


def main(argv: list[str] | None = None) -> int:
    """Store the sample, score the three methods and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="run on this PostgreSQL database")
    args = parser.parse_args(argv)
    setup_django("related", args.postgres)
    from zixun.ranking.related import compute_related

    labels = store_all(load_corpus())
    ids = list(labels)
    rng = random.Random(5)
    methods = {
        "zixun related": lambda a: [r.article.pk for r in compute_related(a, limit=K)],
        "zixun keywords": lambda a: [
            r.article.pk for r in compute_related(a, limit=K, use_search=False)
        ],
        "DedeCMS LIKE": dedecms_like,
        "random": lambda a: rng.sample([i for i in ids if i != a.pk], K),
    }
    print(f"{len(ids)} THUCNews articles, {len(set(labels.values()))} channels, precision@{K}")
    for name, method in methods.items():
        result = score(method, labels)
        print(
            f"{name:14} p@5 {result['p@5']:.3f}  precision of shown {result['p_shown']:.3f}  "
            f"empty {result['empty']:3d}  {result['ms_per_article']:.1f} ms/article"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
