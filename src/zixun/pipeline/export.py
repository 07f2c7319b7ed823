"""Articles out as JSON Lines that `zixun import` reads back into the same articles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import IO

from zixun.articles.models import Article


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def article_record(article: Article, tags: list[str]) -> dict:
    """Every field an import needs to rebuild ``article`` exactly (ids and story links aside)."""
    return {
        "guid": article.guid,
        "title": article.title,
        "url": article.original_url,
        # An article that came without a date has none to export: imported again, it is filed
        # by its arrival (created_at) as it was here.
        "published_at": _iso(article.published_at) if article.date_known else None,
        "created_at": _iso(article.created_at),
        "source": article.source.name if article.source else "",
        "account": article.account,
        "author": article.author,
        "channel": article.channel.name if article.channel else "",
        "tags": tags,
        "status": article.status,
        "view_count": article.view_count,
        "sponsored": article.sponsored,
        "cover_image": article.cover_image,
        "cover_caption": article.cover_caption,
        "original_outlet": article.original_outlet,
        "original_title": article.original_title,
        "original_published_at": _iso(article.original_published_at),
        "summary": article.summary,
        "keywords": article.keywords,
        "byline": article.byline,
        "body_html": article.body_html,
        "body_text": article.body_text,
    }


def export_records(articles: Iterator[Article] | None = None) -> Iterator[dict]:
    """Records of ``articles`` (all of them by default), oldest first, read in chunks."""
    if articles is None:
        queryset = (
            Article.objects.select_related("source", "channel")
            .prefetch_related("tags")
            .order_by("created_at", "pk")
        )
        articles = queryset.iterator(chunk_size=500)
    for article in articles:
        tags = sorted(tag.name for tag in article.tags.all())
        yield article_record(article, tags)


def write_jsonl(records: Iterator[dict], out: IO[str]) -> int:
    """Write one JSON object per line (UTF-8, not escaped); returns how many."""
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
        count += 1
    return count
