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
from django.dispatch import Signal
from django.utils import timezone

from zixun.extract.draft import ArticleDraft
from zixun.extract.sanitize import sanitize_html
from zixun.lib.html import html_to_text
from zixun.lib.urls import is_web_address, page_url, web_address


class Channel(models.Model):
    """A section of the site (时政, 科技, …), with its own page."""

    name = models.CharField("名称", max_length=50, unique=True)
    slug = models.SlugField("标识", max_length=50, unique=True, allow_unicode=True)
    position = models.PositiveSmallIntegerField("排序", default=100)
    description = models.TextField("简介", blank=True)
    review_required = models.BooleanField(
        "发布前须审核", default=False,
        help_text="勾选后，本频道的稿件须先提交「待审」，由编辑审核后才能发布或定时发布",
    )
    reviewer_must_differ = models.BooleanField(
        "审核人不能是作者", default=False,
        help_text="勾选后，稿件的撰稿人不能自己审核通过（发布或定时发布）自己的稿件",
    )

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
        REVIEW = "review", "待审"
        SCHEDULED = "scheduled", "定时发布"
        PUBLISHED = "published", "已发布"
        HIDDEN = "hidden", "已撤下"

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
    # Why the article was taken down, or why it waits in review (shown to editors, and to
    # readers of a taken-down page); empty in the other statuses.
    status_reason = models.CharField("撤下或待审原因", max_length=300, blank=True)
    # False when the article came without a date of its own: published_at is then its arrival.
    date_known = models.BooleanField("日期已知", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="撰稿人", help_text="在后台写这篇稿件的账号；抓取与导入的文章为空",
    )
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
        permissions = [
            ("submit_article", "可以提交稿件审核"),
            ("publish_article", "可以审核、发布和定时发布文章"),
            ("hide_article", "可以撤下文章"),
        ]
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
            # the API's incremental sync: WHERE updated_at >= ? ORDER BY updated_at, id
            models.Index(fields=["updated_at", "id"], name="article_modified_idx"),
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

    def moves_for(self, user) -> list[str]:
        """The statuses ``user`` may move this article to from where it is now."""
        return [status for status in MOVES[self.status if self.pk else ""]
                if self.refusal(status, user, details=False) is None]

    def refusal(self, status: str, user, reason: str = "", at: datetime | None = None,
                details: bool = True) -> str | None:
        """Why ``user`` may not move this article to ``status`` (in Chinese), or None if they may.

        ``user`` None is zixun itself (the worker, a feed, an import): only the table of moves
        binds it. People need the permission for the move, and the channel's rules hold for
        everyone, administrators included. ``details=False`` leaves out what depends on values
        a form may change with the move (a reason, a time to come, the channel's rules), to
        offer the moves the form may ask for."""
        S = self.Status
        current = self.status if self.pk else ""
        if status not in MOVES.get(current, ()):
            return f"不能从「{_label(current)}」改为「{_label(status)}」"
        if details and status == S.HIDDEN and not reason.strip():
            return "撤下文章须填写原因"
        if details and status == S.SCHEDULED and (at or self.published_at) <= timezone.now():
            return "定时发布的时间须晚于现在；要立即发布请选「已发布」"
        if user is None:
            return None
        own = self.created_by_id == user.pk
        editor = user.has_perm("articles.publish_article")
        if status == S.DRAFT and current == "":
            return None  # anyone who may add an article starts a draft
        if status == S.REVIEW or (status == S.DRAFT and current == S.REVIEW and own):
            if not (editor or (own and user.has_perm("articles.submit_article"))):
                return "只能提交或撤回自己的稿件"
            return None
        if status == S.HIDDEN:
            return None if user.has_perm("articles.hide_article") else "没有撤下文章的权限"
        if not editor:
            return "没有审核和发布文章的权限"
        going_live = status in (S.SCHEDULED, S.PUBLISHED) and current in ("", S.DRAFT, S.REVIEW)
        channel = self.channel if details else None
        if going_live and channel is not None:
            if channel.review_required and current != S.REVIEW:
                return f"「{channel.name}」频道的稿件须先提交审核"
            if channel.reviewer_must_differ and self.created_by_id == user.pk:
                return f"「{channel.name}」频道要求由作者以外的编辑审核"
        return None

    def move_to(self, status: str, by=None, reason: str = "", at: datetime | None = None) -> StatusChange:
        """Move the article to ``status`` and record who, when, from, to and why.

        ``by``: the user, or None for zixun itself; ``at``: the publication time to set (a
        scheduled article's time). Raises MoveRefused with the reason in Chinese when the move
        is not allowed, or when someone else moved the article since it was read: the switch
        is an update conditional on the status read, so of two editors (or two workers) only
        one moves it. Announced by `status_changed` once the transaction commits."""
        refused = self.refusal(status, by, reason, at)
        if refused:
            raise MoveRefused(refused)
        before = self.status
        values = {"status": status, "updated_at": timezone.now(),
                  "status_reason": reason.strip()[:300] if status in HELD else ""}
        if at is not None:
            values["published_at"] = at
        with transaction.atomic():
            if not Article.objects.filter(pk=self.pk, status=before).update(**values):
                raise MoveRefused("文章状态已被他人改变，请刷新后再试")
            for name, value in values.items():
                setattr(self, name, value)
            change = StatusChange.objects.create(article=self, by=_person(by), from_status=before,
                                                 to_status=status, reason=reason.strip()[:300])
            transaction.on_commit(lambda: status_changed.send(Article, article=self, change=change))
        return change

    def record_creation(self, by=None, reason: str = "") -> StatusChange:
        """Record the status a new article starts in, as a move from nothing."""
        return StatusChange.objects.create(article=self, by=_person(by), from_status="",
                                           to_status=self.status, reason=reason.strip()[:300])

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
        """Save, with the body HTML through the same sanitiser as every article the store takes,
        and its plain text read from it when nobody wrote one (an article written in the admin)."""
        self.body_html = sanitize_html(self.body_html, self.original_url or None)
        if not self.body_text.strip():
            self.body_text = html_to_text(self.body_html)
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


_S = Article.Status
# From each status (and "" for a new article), the statuses an article may move to.
MOVES: dict[str, tuple[str, ...]] = {
    "": (_S.DRAFT, _S.REVIEW, _S.SCHEDULED, _S.PUBLISHED),
    _S.DRAFT: (_S.REVIEW, _S.SCHEDULED, _S.PUBLISHED, _S.HIDDEN),
    _S.REVIEW: (_S.DRAFT, _S.SCHEDULED, _S.PUBLISHED, _S.HIDDEN),
    _S.SCHEDULED: (_S.DRAFT, _S.PUBLISHED, _S.HIDDEN),
    _S.PUBLISHED: (_S.DRAFT, _S.HIDDEN),
    _S.HIDDEN: (_S.DRAFT, _S.PUBLISHED),
}
# The statuses that carry a reason: why the article was taken down, or is held for review.
HELD = (_S.HIDDEN, _S.REVIEW)

# Sent once a move's transaction commits, with ``article`` and ``change`` (a StatusChange);
# packages above ``articles`` listen in their app's ready() (the page cache drops its copies).
status_changed = Signal()


class MoveRefused(Exception):
    """A status change that is not allowed; the message says why, in Chinese."""


def _label(status: str) -> str:
    if not status:
        return "新建"
    return Article.Status(status).label if status in Article.Status.values else status


def _person(user):
    return user if user is not None and user.is_authenticated else None


class StatusChange(models.Model):
    """One move of an article between statuses: who, when, from, to and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="status_changes",
                                verbose_name="文章")
    # Empty for zixun itself: the worker publishing on time, a feed or an import storing it.
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+", verbose_name="操作人")
    at = models.DateTimeField("时间", default=timezone.now)
    from_status = models.CharField("原状态", max_length=10, blank=True, choices=Article.Status.choices)
    to_status = models.CharField("新状态", max_length=10, choices=Article.Status.choices)
    reason = models.CharField("原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "状态变更"
        verbose_name_plural = "状态变更"
        ordering = ["-at", "-id"]
        indexes = [
            # an article's history, newest first: WHERE article_id=? ORDER BY at DESC
            models.Index(fields=["article", "-at"], name="status_change_article_idx"),
        ]

    def __str__(self) -> str:
        return f"{_label(self.from_status)} → {_label(self.to_status)}"


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
