"""Articles, the channels and tags that group them, and stories that join reposts."""

from __future__ import annotations

from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone


class Channel(models.Model):
    """A section of the site (时政, 科技, …), with its own page."""

    name = models.CharField("名称", max_length=50, unique=True)
    slug = models.SlugField("标识", max_length=50, unique=True, allow_unicode=True)
    position = models.PositiveSmallIntegerField("排序", default=100)
    description = models.TextField("简介", blank=True)

    class Meta:
        verbose_name = "频道"
        verbose_name_plural = "频道"
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("channel", args=[self.slug])


class Tag(models.Model):
    """A keyword an article is filed under; made from the article's keywords or by an editor."""

    name = models.CharField("名称", max_length=50, unique=True)
    slug = models.SlugField("标识", max_length=80, unique=True, allow_unicode=True)

    class Meta:
        verbose_name = "标签"
        verbose_name_plural = "标签"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tag", args=[self.slug])


class Story(models.Model):
    """One piece of news and all its copies: the original and its reposts."""

    original = models.ForeignKey(
        "Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="原文"
    )
    # Set when an editor picked the original by hand; the automatic choice then leaves it alone.
    original_locked = models.BooleanField("原文由编辑指定", default=False)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "报道（同一新闻）"
        verbose_name_plural = "报道（同一新闻）"

    def __str__(self) -> str:
        return f"Story #{self.pk}"


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def listed(self) -> ArticleQuerySet:
        """Published, one per story: the copy a list should show (the story's original or a lone article)."""
        return self.published().filter(models.Q(story__isnull=True) | models.Q(story__original_id=F("id")))


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SCHEDULED = "scheduled", "定时发布"
        PUBLISHED = "published", "已发布"
        HIDDEN = "hidden", "已隐藏"

    title = models.CharField("标题", max_length=300)
    # Sanitised HTML: only ever written through zixun.extract.sanitize or the demo loader.
    body_html = models.TextField("正文 HTML", blank=True)
    body_text = models.TextField("正文纯文本", blank=True)
    summary = models.TextField("摘要", blank=True)
    account = models.CharField("发布账号", max_length=100, blank=True)
    source = models.ForeignKey(
        "sources.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles",
        verbose_name="来源",
    )
    author = models.CharField("作者", max_length=200, blank=True)
    original_outlet = models.CharField("原始来源", max_length=100, blank=True)
    original_title = models.CharField("原标题", max_length=300, blank=True)
    original_published_at = models.DateTimeField("原文发布时间", null=True, blank=True)
    byline = models.JSONField("署名信息", default=dict, blank=True)
    original_url = models.URLField("原文地址", max_length=1000, blank=True)
    guid = models.CharField("订阅条目 ID", max_length=1000, blank=True)
    content_hash = models.CharField("内容指纹", max_length=64, blank=True)
    feed = models.ForeignKey(
        "sources.Feed", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles",
        verbose_name="订阅源",
    )
    published_at = models.DateTimeField("发布时间", default=timezone.now)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    view_count = models.PositiveBigIntegerField("浏览次数", default=0)
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles", verbose_name="频道"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name="标签")
    keywords = models.JSONField("关键词", default=list, blank=True)
    cover_image = models.URLField("封面图", max_length=1000, blank=True)
    cover_caption = models.CharField("封面图说", max_length=300, blank=True)
    sponsored = models.BooleanField("推广内容", default=False)
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles", verbose_name="报道"
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"
        ordering = ["-published_at", "-id"]
        indexes = [
            # home page and sitemaps: WHERE status='published' ORDER BY published_at DESC
            models.Index(fields=["status", "-published_at"], name="article_latest_idx"),
            # channel page and related fallback: WHERE channel_id=? AND status=? ORDER BY published_at DESC
            models.Index(fields=["channel", "status", "-published_at"], name="article_channel_idx"),
            # source page: WHERE source_id=? AND status=? ORDER BY published_at DESC
            models.Index(fields=["source", "status", "-published_at"], name="article_source_idx"),
            # ingest identity lookups: WHERE guid=? / original_url=? / content_hash=?
            models.Index(fields=["guid"], name="article_guid_idx"),
            models.Index(fields=["original_url"], name="article_url_idx"),
            models.Index(fields=["content_hash"], name="article_hash_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # Spelled out rather than reverse()d: lists link ~40 articles a page and reverse() was
        # a sixth of the page's render time; a test checks it matches the route table.
        return f"/a/{self.pk}/"

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    def count_view(self) -> None:
        """Add one view in a single UPDATE, so concurrent readers never lose a count."""
        Article.objects.filter(pk=self.pk).update(view_count=F("view_count") + 1)


class Tombstone(models.Model):
    """Identity of a deleted article, so that re-running a fetch or import does not bring it back."""

    guid = models.CharField(max_length=1000, blank=True, db_index=True)
    original_url = models.URLField(max_length=1000, blank=True, db_index=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    title = models.CharField(max_length=300, blank=True)
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "已删除文章记录"
        verbose_name_plural = "已删除文章记录"
