"""热门资讯: articles ranked by readers with time decay, one per story, never sponsored or hidden.

Counting (record_view) happens on every article request; ranking (refresh_hot_lists) runs in the
worker once a minute and stores the lists in HotList; pages read them through a short cache.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from zixun.articles.models import Article, Channel
from zixun.ranking.models import HotList, HourlyViews, SeenToday
from zixun.ranking.readers import READERS_PER_ADDRESS, address_prefix, prune_salts

log = logging.getLogger("zixun.ranking")

HOT_SIZE = 20
# With a 12-hour half-life a view a week old weighs 1/16384 of a fresh one: nothing to see.
HOT_WINDOW = timedelta(days=7)
# A hidden article leaves every page within a minute: the list cached this long, the hot block
# rendered from it and cached as long again (web/_hot.html), and the anonymous page cache
# (ZIXUN_PAGE_CACHE_SECONDS, 30 s by default) add up to at most 60 s.
HOT_CACHE_SECONDS = 15
SITE = "site"


def hour_bucket(moment: datetime) -> datetime:
    """The start of the clock hour that ``moment`` falls in."""
    return moment.replace(minute=0, second=0, microsecond=0)


def record_view(article_id: int, reader: str | None = None, now: datetime | None = None) -> bool:
    """Count one view of an article; True if it came from a reader new to it today.

    ``reader`` is a daily reader key (zixun.ranking.readers.reader_key); without one the view
    counts as a new reader, for callers that already know (imports, a trusted beacon).
    """
    return record_views([(article_id, reader, now or timezone.now())]) == 1


def record_views(views: list[tuple[int, str | None, datetime]]) -> int:
    """Count many views (article id, daily reader key, when) in one transaction, exactly as
    `record_view` would one by one; returns how many came from readers new to them today."""
    if not views:
        return 0
    per_article: Counter[int] = Counter()
    per_hour: dict[tuple[int, datetime], list[int]] = defaultdict(lambda: [0, 0])
    new_readers = 0
    with transaction.atomic():
        for article_id, reader, now in views:
            new = reader is None or _first_today(article_id, reader, timezone.localdate(now))
            new_readers += new
            per_article[article_id] += 1
            tally = per_hour[(article_id, hour_bucket(now))]
            tally[0] += 1
            tally[1] += new
        for article_id, count in per_article.items():
            Article.objects.filter(pk=article_id).update(view_count=F("view_count") + count)
        table = HourlyViews._meta.db_table
        with connection.cursor() as cursor:
            for (article_id, hour), (count, readers) in per_hour.items():
                cursor.execute(
                    f"INSERT INTO {table} (article_id, hour, views, readers) VALUES (%s, %s, %s, %s) "
                    f"ON CONFLICT (article_id, hour) DO UPDATE SET views = {table}.views + "
                    f"EXCLUDED.views, readers = COALESCE({table}.readers, {table}.views) + "
                    "EXCLUDED.readers",
                    [article_id, hour, count, readers],
                )
    return new_readers


def _first_today(article_id: int, reader: str, day) -> bool:
    """True if ``reader`` is new to the article today and its network has not yet shown
    READERS_PER_ADDRESS readers of it (zixun.ranking.readers.address_prefix)."""
    table = SeenToday._meta.db_table
    prefix = address_prefix(reader)
    with connection.cursor() as cursor:
        # A range on the unique key's last column: the network's rows of this article today.
        cursor.execute(
            f"SELECT COUNT(*) FROM {table} WHERE day = %s AND article_id = %s "
            "AND reader >= %s AND reader < %s",
            [day, article_id, prefix, prefix + "g"],  # keys are hex: "g" sorts after them all
        )
        if cursor.fetchone()[0] >= READERS_PER_ADDRESS:
            return False
        # The unique key decides, so two tabs opened at once still make one reader.
        cursor.execute(
            f"INSERT INTO {table} (day, article_id, reader) VALUES (%s, %s, %s) "
            "ON CONFLICT (day, article_id, reader) DO NOTHING",
            [day, article_id, reader],
        )
        return cursor.rowcount == 1


def decay(age: timedelta, half_life_hours: float) -> float:
    """The weight of a view ``age`` old: 1 now, 1/2 after one half-life, 1/4 after two."""
    return 0.5 ** (max(age.total_seconds(), 0.0) / 3600.0 / half_life_hours)


def scores(now: datetime | None = None, half_life_hours: float | None = None) -> dict[int, float]:
    """Each recently read article's score: its readers per hour, each hour weighed by its age."""
    now = now or timezone.now()
    half_life = half_life_hours or settings.HOT_HALF_LIFE_HOURS
    rows = HourlyViews.objects.filter(hour__gte=hour_bucket(now - HOT_WINDOW)).values_list(
        "article_id", "hour", "readers", "views"
    )
    totals: dict[int, float] = defaultdict(float)
    for article_id, hour, readers, views in rows.iterator(chunk_size=5000):
        # An hour's views are spread over it: weigh them at its middle.
        age = now - (hour + timedelta(minutes=30))
        totals[article_id] += (views if readers is None else readers) * decay(age, half_life)
    return totals


def compute_hot(
    limit: int = HOT_SIZE,
    channel: Channel | int | None = None,
    now: datetime | None = None,
    half_life_hours: float | None = None,
    totals: dict[int, float] | None = None,
) -> list[Article]:
    """The hot list: one article per story ranked by the story's decayed readers, then filled up
    with the most-read and newest articles so that a young site still shows a full list."""
    eligible = Article.objects.published().filter(sponsored=False)
    if channel is not None:
        eligible = eligible.filter(channel=channel)
    if totals is None:
        totals = scores(now, half_life_hours)
    by_story = _story_scores(totals, eligible)
    ranked = sorted(by_story.items(), key=lambda item: (-item[1][0], -item[1][1].pk))
    chosen = [article for _, (_, article) in ranked[:limit]]
    if len(chosen) < limit:
        chosen += _filler(eligible, chosen, limit - len(chosen))
    return chosen


def _story_scores(totals: dict[int, float], eligible) -> dict[int, tuple[float, Article]]:
    """Sum the scores of a story's copies and show the copy a list shows: its original."""
    articles = eligible.filter(pk__in=[pk for pk, score in totals.items() if score > 0])
    by_story: dict[int, tuple[float, Article]] = {}
    for article in articles.select_related("story"):
        key = article.story_id or -article.pk
        score, shown = by_story.get(key, (0.0, article))
        if _shows_before(article, shown):
            shown = article
        by_story[key] = (score + totals[article.pk], shown)
    return by_story


def _shows_before(article: Article, other: Article) -> bool:
    if article.story_id and article.story.original_id in (article.pk, other.pk):
        return article.story.original_id == article.pk
    return (article.published_at, article.pk) < (other.published_at, other.pk)


def _filler(eligible, chosen: list[Article], wanted: int) -> list[Article]:
    taken = {a.pk for a in chosen}
    stories = {a.story_id for a in chosen if a.story_id}
    extra: list[Article] = []
    for article in eligible.listed().exclude(pk__in=taken).order_by(
        "-view_count", "-published_at", "-id"
    )[: wanted * 3]:
        if article.story_id and article.story_id in stories:
            continue
        stories.add(article.story_id)
        extra.append(article)
        if len(extra) == wanted:
            break
    return extra


def refresh_hot_lists(now: datetime | None = None) -> dict[str, int]:
    """Recompute the site-wide and every channel's hot list into HotList; the worker's minute job."""
    now = now or timezone.now()
    totals = scores(now)  # once for all lists: it reads a week of hourly rows
    lists = {SITE: compute_hot(now=now, totals=totals)}
    for channel in Channel.objects.all():
        lists[channel_scope(channel.pk)] = compute_hot(channel=channel, now=now, totals=totals)
    with transaction.atomic():
        for scope, articles in lists.items():
            HotList.objects.update_or_create(
                scope=scope, defaults={"article_ids": [a.pk for a in articles], "computed_at": now}
            )
        HotList.objects.exclude(scope__in=list(lists)).delete()
    # Yesterday's readers are still needed until midnight's last refresh; older ones never again.
    today = timezone.localdate(now)
    SeenToday.objects.filter(day__lt=today - timedelta(days=1)).delete()
    prune_salts(today)
    for scope, articles in lists.items():
        cache.set(_cache_key(scope), articles, HOT_CACHE_SECONDS)
    log.info("hot lists refreshed", extra={"lists": len(lists)})
    return {scope: len(articles) for scope, articles in lists.items()}


def channel_scope(channel_id: int) -> str:
    """The HotList scope name of a channel's list."""
    return f"channel:{channel_id}"


def _cache_key(scope: str) -> str:
    return f"hot:{scope}"


def hot_articles(limit: int = HOT_SIZE, channel: Channel | None = None) -> list[Article]:
    """The hot list as pages show it: the worker's latest list, read at most once a minute."""
    scope = SITE if channel is None else channel_scope(channel.pk)
    articles = cache.get(_cache_key(scope))
    if articles is None:
        articles = _stored_list(scope)
        if articles is None:
            # No worker has run yet (first start, tests): compute now rather than show nothing.
            articles = compute_hot(channel=channel)
        cache.set(_cache_key(scope), articles, HOT_CACHE_SECONDS)
    return articles[:limit]


def _stored_list(scope: str) -> list[Article] | None:
    row = HotList.objects.filter(scope=scope).first()
    if row is None:
        return None
    # Re-check visibility: an article hidden since the last refresh must leave at once.
    found = (Article.objects.published().filter(sponsored=False).defer("body_html", "body_text", "byline", "keywords")
             .in_bulk(row.article_ids))
    return [found[pk] for pk in row.article_ids if pk in found]
