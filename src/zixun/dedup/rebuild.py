"""Rebuild the near-duplicate index and re-form the stories from the articles table."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TextIO

from django.db import transaction
from django.db.models import Count

from zixun.articles.models import Article, Story
from zixun.dedup.models import ArticleKeys, SentenceCount
from zixun.dedup.stories import index_article

BATCH = 500


@dataclass
class RebuildCounts:
    indexed: int = 0
    stories: int = 0
    in_stories: int = 0
    split: int = 0  # stories of before the rebuild whose articles are now in several stories


def rebuild(progress: TextIO | None = None) -> RebuildCounts:
    """Re-form every story with the current rules, oldest article first; returns the counts.

    Two passes: the first counts sentences as articles arrive (as ingest does), the second
    re-forms the stories with the counts of the whole collection, so boilerplate learnt late
    no longer holds early stories together. Stories an editor split out are kept as they are,
    and an editor's choice of original is kept when that article still has copies. Each batch
    commits on its own, so workers can keep storing articles while this runs.
    """
    before = _story_members()
    chosen = dict(Story.objects.filter(original_locked=True, kept_apart=False)
                  .values_list("original_id", "pk"))
    ids = list(Article.objects.order_by("created_at", "pk").values_list("pk", flat=True))
    SentenceCount.objects.all().delete()
    counts = RebuildCounts()
    for learning in (True, False):
        _detach()
        for start in range(0, len(ids), BATCH):
            with transaction.atomic():
                for article in Article.objects.filter(pk__in=ids[start : start + BATCH]).order_by(
                        "created_at", "pk"):
                    index_article(article, new=True, count=learning)
            if progress:
                progress.write(f"{'counting' if learning else 'forming'} "
                               f"{min(start + BATCH, len(ids))}/{len(ids)}\n")
    counts.indexed = len(ids)
    _restore_choices(chosen)
    after = dict(Article.objects.values_list("pk", "story_id"))
    counts.split = sum(1 for members in before.values()
                       if len({after.get(pk) or f"alone{pk}" for pk in members if pk in after}) > 1)
    sizes = Story.objects.annotate(n=Count("articles")).values_list("n", flat=True)
    counts.stories = sum(1 for n in sizes if n > 1)
    counts.in_stories = sum(n for n in sizes if n > 1)
    return counts


def _story_members() -> dict[int, list[int]]:
    members = defaultdict(list)
    for pk, story_id in Article.objects.filter(story__isnull=False, story__kept_apart=False
                                               ).values_list("pk", "story_id"):
        members[story_id].append(pk)
    return {story: pks for story, pks in members.items() if len(pks) > 1}


def _detach() -> None:
    """Empty the index and take every article out of its story, but those an editor split."""
    with transaction.atomic():
        ArticleKeys.objects.all().delete()
        Article.objects.filter(story__kept_apart=False).update(story=None)
        Story.objects.filter(kept_apart=False).delete()


def _restore_choices(chosen: dict[int, int]) -> None:
    """An editor's original stays the original of whatever story its article is now in."""
    for article_id, story_id in Article.objects.filter(
            pk__in=list(chosen), story__isnull=False, story__kept_apart=False
    ).values_list("pk", "story_id"):
        Story.objects.filter(pk=story_id).update(original_id=article_id, original_locked=True)
