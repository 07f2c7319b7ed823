"""Outlets (Source) and the feeds zixun polls for them (Feed)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from zixun.lib.urls import page_url


class Source(models.Model):
    """A news outlet that publishes articles here (观察者网, 新华社, …): an article's `source`.

    The outlet an article credits as its first publisher is its `original_outlet`, a name."""

    name = models.CharField("名称", max_length=100, unique=True)
    slug = models.SlugField("标识", max_length=100, unique=True, allow_unicode=True)
    homepage = models.URLField("主页", max_length=500, blank=True)
    description = models.TextField("简介", blank=True)
    trusted = models.BooleanField(
        "可信来源", default=True,
        help_text="不勾选时，从该来源抓取或导入的新文章先进入「待审」，由编辑审核后才发布",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "来源"
        verbose_name_plural = "来源"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return page_url("source", self.slug)


class Feed(models.Model):
    """A feed of one outlet; the database is the work queue: `next_check_at` says when it is due."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="feeds", verbose_name="来源")
    url = models.URLField("订阅地址", max_length=1000, unique=True)
    title = models.CharField("标题", max_length=300, blank=True)
    site_url = models.URLField("网站", max_length=1000, blank=True)
    channel = models.ForeignKey(
        "articles.Channel", null=True, blank=True, on_delete=models.SET_NULL, verbose_name="频道"
    )
    active = models.BooleanField("启用", default=True)
    check_interval_minutes = models.PositiveIntegerField("检查间隔（分钟）", default=30)
    fetch_pages = models.BooleanField(
        "抓取原文页面", default=True,
        help_text="条目只有摘要时，打开原文页面提取全文",
    )
    next_check_at = models.DateTimeField("下次检查", default=timezone.now)
    last_checked_at = models.DateTimeField("上次检查", null=True, blank=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    error_count = models.PositiveIntegerField("连续错误次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    # A claim is a lease: a worker killed mid-fetch leaves it behind, and it expires so the next
    # worker picks the feed up again.
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "订阅源"
        verbose_name_plural = "订阅源"
        indexes = [
            # the worker's claim query: WHERE active AND next_check_at <= now ORDER BY next_check_at
            models.Index(fields=["active", "next_check_at"], name="feed_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    def status(self, now=None) -> str:
        """A word for the feed's state: paused, fetching, error, new or ok."""
        now = now or timezone.now()
        if not self.active:
            return "paused"
        if self.claimed_until and self.claimed_until > now:
            return "fetching"
        if self.error_count:
            return "error"
        return "ok" if self.last_checked_at else "new"
