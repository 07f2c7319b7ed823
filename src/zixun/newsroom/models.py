"""The newsroom's own records: each saved text of an article, the front page's flags, 专题."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zixun.articles.models import Article
from zixun.lib.urls import is_web_address, page_url, web_address

# The fields of an article whose every saved state is kept as a revision.
TEXT_FIELDS = ("title", "summary", "body_html", "body_text")


class Revision(models.Model):
    """One saved state of an article's text, numbered from 1 per article (`zixun.newsroom.revisions`)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions",
                                verbose_name="文章")
    number = models.PositiveIntegerField("版本号")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="修改人",
    )
    created_at = models.DateTimeField("保存时间", default=timezone.now)
    note = models.CharField("说明", max_length=200, blank=True)
    title = models.CharField("标题", max_length=300)
    summary = models.TextField("摘要", blank=True)
    body_html = models.TextField("正文 HTML", blank=True)
    body_text = models.TextField("正文纯文本", blank=True)

    class Meta:
        verbose_name = "修订版本"
        verbose_name_plural = "修订版本"
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_per_article"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} 第 {self.number} 版"

    def text(self) -> tuple[str, ...]:
        return tuple(getattr(self, name) for name in TEXT_FIELDS)


class FlagQuerySet(models.QuerySet):
    def live(self, now=None) -> FlagQuerySet:
        """Flags not yet expired on articles readers may see."""
        now = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now),
                           article__status=Article.Status.PUBLISHED, article__published_at__lte=now)


class FrontPageFlag(models.Model):
    """An editor's placing of an article on the home page, until it expires (if ever)."""

    class Kind(models.TextChoices):
        HEADLINE = "headline", "头条"
        RECOMMENDED = "recommended", "推荐"
        CAROUSEL = "carousel", "幻灯"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="front_page_flags",
                                verbose_name="文章")
    kind = models.CharField("位置", max_length=12, choices=Kind.choices)
    position = models.PositiveSmallIntegerField("排序", default=0, help_text="数字小的在前")
    expires_at = models.DateTimeField("过期时间", null=True, blank=True, help_text="留空表示一直有效")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="设置人",
    )
    set_at = models.DateTimeField("设置时间", default=timezone.now)

    objects = FlagQuerySet.as_manager()

    class Meta:
        verbose_name = "首页推荐位"
        verbose_name_plural = "首页推荐位"
        ordering = ["kind", "position", "-set_at"]
        constraints = [
            models.UniqueConstraint(fields=["article", "kind"], name="one_flag_of_a_kind_per_article"),
        ]
        indexes = [
            # the home page: WHERE expires_at IS NULL OR expires_at > now, by kind and position
            models.Index(fields=["kind", "position"], name="flag_kind_position_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.article}"

    @property
    def is_live(self) -> bool:
        return (self.expires_at is None or self.expires_at > timezone.now()) and self.article.is_public


class Topic(models.Model):
    """专题: an editor's ordered collection of articles, with its own page and feeds."""

    title = models.CharField("标题", max_length=100)
    slug = models.SlugField("标识", max_length=100, unique=True, allow_unicode=True)
    description = models.TextField("简介", blank=True)
    cover = models.URLField("封面图", max_length=1000, blank=True)
    published = models.BooleanField("已发布", default=False, help_text="未发布的专题读者看不到")
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "专题"
        verbose_name_plural = "专题"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return page_url("topic", self.slug)

    @property
    def name(self) -> str:
        """The title, under the name the other lists (channels, tags, sources) give theirs."""
        return self.title

    @property
    def cover_src(self) -> str:
        """The cover's address if it is an http(s) one, else ""."""
        return web_address(self.cover)

    def clean(self) -> None:
        if self.cover and not is_web_address(self.cover):
            raise ValidationError({"cover": "只接受以 http:// 或 https:// 开头的网址"})

    def articles(self):
        """Its public articles, in the editor's order."""
        return (Article.objects.published().filter(topic_items__topic=self)
                .order_by("topic_items__position", "topic_items__id"))


class TopicItem(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="items", verbose_name="专题")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="topic_items",
                                verbose_name="文章")
    position = models.PositiveSmallIntegerField("排序", default=0, help_text="数字小的在前")

    class Meta:
        verbose_name = "专题文章"
        verbose_name_plural = "专题文章"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "article"], name="article_once_per_topic"),
        ]

    def __str__(self) -> str:
        return str(self.article)
