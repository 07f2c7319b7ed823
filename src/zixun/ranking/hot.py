"""热门资讯: the most-read articles of recent days, one per story, never sponsored."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from zixun.articles.models import Article
from zixun.ranking.models import HourlyViews

HOT_SIZE = 20
HOT_WINDOW = timedelta(days=7)
HOT_CACHE_SECONDS = 60


def hour_bucket(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def record_view(article_id: int, now: datetime | None = None) -> None:
    """Count one view: the article's total and its hour bucket, both in one transaction."""
    hour = hour_bucket(now or timezone.now())
    table = HourlyViews._meta.db_table
    with transaction.atomic():
        Article.objects.filter(pk=article_id).update(view_count=_plus_one())
        with connection.cursor() as cursor:
            # An upsert that adds instead of overwriting, so concurrent views of one hour all count.
            cursor.execute(
                f"INSERT INTO {table} (article_id, hour, views) VALUES (%s, %s, 1) "
                f"ON CONFLICT (article_id, hour) DO UPDATE SET views = {table}.views + 1",
                [article_id, hour],
            )


def _plus_one():
    from django.db.models import F

    return F("view_count") + 1


def compute_hot(limit: int = HOT_SIZE, now: datetime | None = None) -> list[Article]:
    """Rank by views in the last 7 days; fill up with the most-viewed recent articles."""
    now = now or timezone.now()
    since = hour_bucket(now - HOT_WINDOW)
    candidates = (
        HourlyViews.objects.filter(hour__gte=since)
        .values("article_id")
        .annotate(total=Sum("views"))
        .order_by("-total", "-article_id")
    )
    ranked_ids = [row["article_id"] for row in candidates[: limit * 5]]
    eligible = Article.objects.listed().filter(sponsored=False)
    by_id = {a.pk: a for a in eligible.filter(pk__in=ranked_ids)}
    chosen: list[Article] = []
    stories: set[int] = set()
    for article_id in ranked_ids:
        article = by_id.get(article_id)
        if article and _new_story(article, stories):
            chosen.append(article)
        if len(chosen) == limit:
            return chosen
    # A young site or a quiet week: fill with the most-read, then newest, published articles.
    taken = [a.pk for a in chosen]
    for article in eligible.exclude(pk__in=taken).order_by("-view_count", "-published_at")[: limit * 2]:
        if _new_story(article, stories):
            chosen.append(article)
        if len(chosen) == limit:
            break
    return chosen


def _new_story(article: Article, seen: set[int]) -> bool:
    key = article.story_id or -article.pk
    if key in seen:
        return False
    seen.add(key)
    return True


def hot_articles(limit: int = HOT_SIZE) -> list[Article]:
    """The hot list as pages show it: computed at most once a minute per process."""
    key = f"hot:site:{limit}"
    articles = cache.get(key)
    if articles is None:
        articles = compute_hot(limit)
        cache.set(key, articles, HOT_CACHE_SECONDS)
    return articles
