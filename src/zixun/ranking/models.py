"""The raw material of 热门资讯 and 相关内容: hourly views, daily readers, cached lists."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class HourlyViews(models.Model):
    """Views of one article in one clock hour (UTC): every counted request, and new readers."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="hourly_views"
    )
    hour = models.DateTimeField()
    # Every counted request, refreshes included: the raw traffic of the hour.
    views = models.PositiveIntegerField(default=0)
    # Requests from a reader not yet seen on this article today: what the hot score ranks.
    # NULL for counts imported without reader information; they rank by `views` instead.
    readers = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "每小时浏览"
        verbose_name_plural = "每小时浏览"
        constraints = [
            # one row per article and hour, so counting is an upsert on this key
            models.UniqueConstraint(fields=["article", "hour"], name="hourly_views_unique"),
        ]
        indexes = [
            # hot list: WHERE hour >= now - window GROUP BY article_id
            models.Index(fields=["hour"], name="hourly_views_hour_idx"),
        ]


class DailySalt(models.Model):
    """The random salt that makes one day's reader hashes; deleted soon after the day ends,
    so nobody (not even with the database and the secret key) can turn a hash back into an address."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    class Meta:
        verbose_name = "访客盐值"
        verbose_name_plural = "访客盐值"


class SeenToday(models.Model):
    """One reader (a salted hash, never an address) has read one article on one day."""

    day = models.DateField()
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    reader = models.CharField(max_length=32)

    class Meta:
        verbose_name = "当日读者"
        verbose_name_plural = "当日读者"
        constraints = [
            # "once per reader per article per day" is an INSERT … ON CONFLICT DO NOTHING on this key
            models.UniqueConstraint(fields=["day", "article", "reader"], name="seen_today_unique"),
        ]
        indexes = [
            # pruning: DELETE WHERE day < ?
            models.Index(fields=["day"], name="seen_today_day_idx"),
        ]


class HotList(models.Model):
    """A ranked hot list as the worker last computed it: site-wide ("site") or per channel."""

    scope = models.CharField(max_length=40, unique=True)
    article_ids = models.JSONField(default=list)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "热门榜单"
        verbose_name_plural = "热门榜单"


class RelatedList(models.Model):
    """An article's related articles as computed for the version saved at `article_updated_at`.

    Written with ``pending`` set when the article is stored; the worker computes pending lists
    in batches, so no reader's request ever computes one (pages show a fallback meanwhile).
    """

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    article_ids = models.JSONField(default=list)
    article_updated_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)
    pending = models.BooleanField(default=False)

    class Meta:
        verbose_name = "相关内容"
        verbose_name_plural = "相关内容"
        indexes = [
            # the worker's batch: WHERE pending ORDER BY article_id DESC (newest stored first)
            models.Index(fields=["pending", "-article"], name="related_pending_idx"),
        ]
