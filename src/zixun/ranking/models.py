"""View counts kept per article per hour, the raw material of 热门资讯."""

from __future__ import annotations

from django.db import models


class HourlyViews(models.Model):
    """Views of one article in one clock hour (UTC)."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="hourly_views")
    hour = models.DateTimeField()
    views = models.PositiveIntegerField(default=0)

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
