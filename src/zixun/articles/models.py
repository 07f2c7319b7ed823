"""Articles, the channels and tags that group them, and stories that join reposts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import F
from django.db.models.deletion import Collector
from django.utils import timezone

from zixun.extract.draft import ArticleDraft
from zixun.extract.sanitize import sanitize_html
from zixun.lib.urls import is_web_address, page_url, web_address


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
        return page_url("channel", self.slug)


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
        return page_url("tag", self.slug)


@dataclass(frozen=True)
class Credit:
    """Where a repost came from: the outlet that first published it, and its address there."""

    outlet: str
    url: str  # "" when zixun does not know it


class Story(models.Model):
    """One piece of news and all its copies: the original and its reposts."""

    original = models.ForeignKey(
        "Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="原文"
    )
    # Set when an editor picked the original by hand; the automatic choice then leaves it alone.
    original_locked = models.BooleanField("原文由编辑指定", default=False)
    # Set when an editor split this story's article out of another: never merged automatically.
    kept_apart = models.BooleanField("编辑拆分，不自动合并", default=False)
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

    def delete(self, *, deleted_by=None) -> tuple[int, dict[str, int]]:
        """Delete these articles, each leaving a tombstone, in one transaction."""
        if self.query.is_sliced:
            raise TypeError("Cannot use 'limit' or 'offset' with delete().")
        db = router.db_for_write(self.model)
        with transaction.atomic(using=db):
            # Exactly the articles read here are tombstoned and deleted: a second query for the
            # delete could match a row another writer committed in between, with no tombstone.
            articles = list(self.using(db).order_by().select_related("source", "channel")
                            .prefetch_related("tags"))
            Tombstone.objects.using(db).bulk_create(
                [Tombstone.of(article, deleted_by) for article in articles])
            collector = Collector(using=db, origin=self)
            collector.collect(articles)
            deleted = collector.delete()
        self._result_cache = None
        return deleted

    delete.alters_data = True
    delete.queryset_only = True


# Keeps preview tokens apart from every other value the site signs with its key.
PREVIEW_SALT = "zixun.articles.preview"


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SCHEDULED = "scheduled", "定时发布"
        PUBLISHED = "published", "已发布"
        HIDDEN = "hidden", "已隐藏"

    title = models.CharField("标题", max_length=300)
    # Sanitised HTML: the store takes it sanitised (pipeline.prepare), and save() sanitises
    # whatever else writes it (an editor in the admin).
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
        # Spelled out rather than reverse()d: lists link dozens of articles a page and reverse()
        # took a visible share of the render time; a test checks it matches the route table.
        return f"/a/{self.pk}/"

    def preview_token(self) -> str:
        """A signed token that lets whoever holds it read this article before it is public,
        for settings.PREVIEW_SECONDS (``from_preview_token``)."""
        return signing.dumps(self.pk, salt=PREVIEW_SALT)

    @classmethod
    def from_preview_token(cls, token: str) -> Article | None:
        """The article a preview token names, or None if it is forged, expired or gone."""
        try:
            pk = signing.loads(token, salt=PREVIEW_SALT, max_age=settings.PREVIEW_SECONDS)
        except signing.BadSignature:  # SignatureExpired is one too
            return None
        return cls.objects.select_related("channel", "source").filter(pk=pk).first()

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def authors(self) -> list[str]:
        """The writers, one name each (``author`` joins them with 、, as the draft does)."""
        return [name for name in self.author.split("、") if name]

    def repost_credit(self) -> Credit | None:
        """Who first published this article, when it is a repost; None for an original.

        The story's original when that is another article (select ``story__original__source``
        with the article to save the queries), else the outlet the article itself credits
        (来源：X) when that is not the outlet it came from.
        """
        story = self.story if self.story_id else None
        if story is not None and story.original_id and story.original_id != self.pk:
            first = story.original
            outlet = (first.original_outlet or (first.source.name if first.source_id else "")
                      or first.account)
            if outlet:
                return Credit(outlet, first.original_href)
        own = self.source.name if self.source_id else ""
        if self.original_outlet and self.original_outlet != own:
            return Credit(self.original_outlet, self.original_href)
        return None

    # Pages and feeds link these, never the raw fields: a value stored before the URL policy,
    # or written past the store, still never becomes a javascript: or data: href or src.
    @property
    def original_href(self) -> str:
        """The original's address if it is an http(s) one, else ""."""
        return web_address(self.original_url)

    @property
    def cover_src(self) -> str:
        """The cover image's address if it is an http(s) one, else ""."""
        return web_address(self.cover_image)

    def clean(self) -> None:
        """An editor's addresses must be http(s): the form's URL check also lets ftp:// through."""
        errors = {name: "只接受以 http:// 或 https:// 开头的网址"
                  for name in ("original_url", "cover_image")
                  if getattr(self, name) and not is_web_address(getattr(self, name))}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        """Save, with the body HTML through the same sanitiser as every article the store takes."""
        self.body_html = sanitize_html(self.body_html, self.original_url or None)
        self.original_url = web_address(self.original_url)
        self.cover_image = web_address(self.cover_image)
        super().save(*args, **kwargs)

    def delete(self, using=None, keep_parents=False, *, deleted_by=None) -> tuple[int, dict[str, int]]:
        """Delete the article and leave its tombstone in the same transaction."""
        if self.pk is None:
            return super().delete(using=using, keep_parents=keep_parents)  # Django's own error
        db = using or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=db):
            Tombstone.of(self, deleted_by).save(using=db)
            return super().delete(using=db, keep_parents=keep_parents)

    def snapshot(self) -> dict:
        """The article's values as JSON, enough for `Tombstone.restore` to make it again."""
        data = {}
        for name in SNAPSHOT_FIELDS:
            value = getattr(self, name)
            data[name] = value.isoformat() if isinstance(value, datetime) else value
        data["source"] = self.source.name if self.source_id else ""
        data["channel"] = self.channel.name if self.channel_id else ""
        data["tags"] = [tag.name for tag in self.tags.all()]
        return data


# The fields an article's snapshot keeps under their own names; dates as ISO strings.
SNAPSHOT_FIELDS = (
    "title", "body_html", "body_text", "summary", "account", "author", "original_outlet",
    "original_title", "original_published_at", "byline", "original_url", "guid", "keywords",
    "cover_image", "cover_caption", "sponsored", "published_at", "created_at", "status", "view_count",
)
SNAPSHOT_DATES = ("original_published_at", "published_at", "created_at")


class Tombstone(models.Model):
    """Identity of a deleted article, so that re-running a fetch or import does not bring it back.

    Written by every delete of an article (`Article.delete`, `ArticleQuerySet.delete`); it keeps
    a snapshot of the article so that an editor can restore it (`zixun.articles.ingest.restore`). Deleting the tombstone alone
    lets the next fetch or import bring the article back."""

    guid = models.CharField("订阅条目 ID", max_length=1000, blank=True, db_index=True)
    original_url = models.URLField("原文地址", max_length=1000, blank=True, db_index=True)
    content_hash = models.CharField("内容指纹", max_length=64, blank=True, db_index=True)
    title = models.CharField("标题", max_length=300, blank=True)
    deleted_at = models.DateTimeField("删除时间", default=timezone.now)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="删除人",
    )
    snapshot = models.JSONField("文章快照", default=dict, blank=True,
                                help_text="删除时文章的内容与属性，恢复时据此重建文章")

    class Meta:
        verbose_name = "已删除文章记录"
        verbose_name_plural = "已删除文章记录"
        ordering = ["-deleted_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def of(cls, article: Article, deleted_by=None) -> Tombstone:
        """The (unsaved) tombstone of an article about to be deleted."""
        user = deleted_by if deleted_by is not None and deleted_by.is_authenticated else None
        return cls(
            guid=article.guid, original_url=article.original_url, content_hash=article.content_hash,
            title=article.title[:300], deleted_by=user, snapshot=article.snapshot(),
        )

    def draft(self) -> ArticleDraft:
        """The deleted article as the store takes it, from the snapshot (`ingest.restore`)."""
        if not self.snapshot:
            raise ValueError(f"「{self.title}」没有保存文章内容（删除于快照功能之前），无法恢复")
        data = self.snapshot
        values = {name: data[name] for name in SNAPSHOT_FIELDS if name in data}
        for name in SNAPSHOT_DATES:
            if values.get(name):
                values[name] = datetime.fromisoformat(values[name])
        return ArticleDraft(**values, source=data.get("source", ""),
                            channel=data.get("channel", ""), tags=list(data.get("tags", [])))
