"""Rebuild the near-duplicate index and the stories from the articles table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from django.db import transaction
from django.db.models import Count

from zixun.articles.models import Article, Story
from zixun.dedup.models import ArticleKeys
from zixun.dedup.stories import index_article

BATCH = 500


@dataclass
class RebuildCounts:
    indexed: int = 0
    stories: int = 0
    in_stories: int = 0


def rebuild(progress: TextIO | None = None) -> RebuildCounts:
    """Re-index every article, oldest first, keeping stories and editors' choices of original.

    Stories are only joined, never split: an editor's grouping survives a rebuild. Each batch
    commits on its own, so workers can keep storing articles while this runs.
    """
    counts = RebuildCounts()
    ArticleKeys.objects.all().delete()
    ids = list(Article.objects.order_by("created_at", "pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            for article in Article.objects.filter(pk__in=ids[start : start + BATCH]).order_by(
                "created_at", "pk"
            ):
                index_article(article)
                counts.indexed += 1
        if progress:
            progress.write(f"{counts.indexed}/{len(ids)}\n")
    sizes = Story.objects.annotate(n=Count("articles")).values_list("n", flat=True)
    counts.stories = sum(1 for n in sizes if n > 1)
    counts.in_stories = sum(n for n in sizes if n > 1)
    return counts
