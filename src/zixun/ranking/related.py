"""相关内容: articles that share the article's tags or channel, newest first, never empty."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Q

from zixun.articles.models import Article

RELATED_MIN = 5
RELATED_MAX = 10
RELATED_CACHE_SECONDS = 600


def compute_related(article: Article, limit: int = RELATED_MAX) -> list[Article]:
    """Articles sharing tags or channel, then the newest others, so the block is never empty."""
    others = Article.objects.listed().exclude(pk=article.pk)
    if article.story_id:
        others = others.exclude(story_id=article.story_id)
    tag_ids = [t.pk for t in article.tags.all()]
    match = Q(tags__in=tag_ids) if tag_ids else Q(pk__in=[])
    if article.channel_id:
        match |= Q(channel_id=article.channel_id)
    related = list(others.filter(match).distinct().order_by("-published_at", "-id")[:limit])
    if len(related) < RELATED_MIN:
        taken = [a.pk for a in related]
        related += list(others.exclude(pk__in=taken).order_by("-published_at", "-id")[: limit - len(related)])
    return related


def related_articles(article: Article) -> list[Article]:
    """Related articles, cached per article and refreshed when the article is saved."""
    key = f"related:{article.pk}:{article.updated_at.timestamp()}"
    related = cache.get(key)
    if related is None:
        related = compute_related(article)
        cache.set(key, related, RELATED_CACHE_SECONDS)
    return related
