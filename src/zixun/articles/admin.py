from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from zixun.articles.ingest import restore
from zixun.articles.models import Article, Channel, Tag, Tombstone
from zixun.articles.publishing import announce, newly_public


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "channel", "source", "published_at", "view_count", "sponsored"]
    list_filter = ["status", "sponsored", "channel", "source", "published_at"]
    search_fields = ["title", "account", "author", "original_outlet", "body_text"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["tags"]
    raw_id_fields = ["story", "feed"]
    # Addresses without a scheme read as https, as Django 6 will read them.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_select_related = ["channel", "source"]
    readonly_fields = ["preview_link", "view_count", "created_at", "updated_at", "content_hash"]
    actions = ["publish", "hide", "mark_sponsored", "unmark_sponsored"]
    fieldsets = [
        (None, {"fields": ["title", "status", "published_at", "preview_link", "channel", "tags",
                           "sponsored"]}),
        ("正文", {"fields": ["summary", "body_html", "body_text", "cover_image", "cover_caption"]}),
        ("署名与来源", {"fields": ["account", "source", "author", "original_outlet", "original_title",
                              "original_published_at", "original_url", "byline"]}),
        ("系统", {"classes": ["collapse"], "fields": ["story", "feed", "guid", "content_hash", "keywords",
                                                    "view_count", "created_at", "updated_at"]}),
    ]

    @admin.display(description="预览")
    def preview_link(self, obj: Article) -> str:
        """For an article not yet public: a link anyone holding it may open, for a while."""
        if obj.pk is None:
            return "保存后可预览"
        if obj.is_public:
            return format_html('<a href="{}">查看已发布页面</a>', obj.get_absolute_url())
        hours = settings.PREVIEW_SECONDS // 3600
        url = reverse("preview", args=[obj.preview_token()])
        return format_html('<a href="{}" target="_blank" rel="noopener">预览链接</a>（{} 小时内有效，'
                           '持有链接者均可查看）', url, hours)

    def save_model(self, request, obj: Article, form, change: bool) -> None:
        was_public = change and Article.objects.filter(pk=obj.pk).published().exists()
        super().save_model(request, obj, form, change)
        if obj.is_public and not was_public:
            announce([obj.pk])

    def delete_model(self, request, obj: Article) -> None:
        obj.delete(deleted_by=request.user)  # leaves a tombstone naming the editor

    def delete_queryset(self, request, queryset) -> None:
        queryset.delete(deleted_by=request.user)  # the "delete selected" action comes here

    def _report(self, request, count: int, verb: str) -> None:
        self.message_user(request, ngettext(f"{count} 篇文章已{verb}", f"{count} 篇文章已{verb}", count),
                          messages.SUCCESS)

    @admin.action(description="发布所选文章")
    def publish(self, request, queryset):
        unpublished = list(queryset.exclude(status=Article.Status.PUBLISHED).values_list("pk", flat=True))
        self._report(request, queryset.update(status=Article.Status.PUBLISHED), "发布")
        announce(newly_public(unpublished))

    @admin.action(description="隐藏所选文章")
    def hide(self, request, queryset):
        self._report(request, queryset.update(status=Article.Status.HIDDEN), "隐藏")

    @admin.action(description="标记为推广内容")
    def mark_sponsored(self, request, queryset):
        self._report(request, queryset.update(sponsored=True), "标记为推广")

    @admin.action(description="取消推广标记")
    def unmark_sponsored(self, request, queryset):
        self._report(request, queryset.update(sponsored=False), "取消推广标记")


@admin.register(Tombstone)
class TombstoneAdmin(admin.ModelAdmin):
    """Deleted articles: restore one, or delete its record so that an import may bring it back."""

    HELP = ("删除文章时留下的记录：之后的抓取和导入不会再把这些文章带回来。"
            "「恢复所选文章」按删除时的快照重建文章并删去记录；"
            "只删除记录（不恢复）则允许下次抓取或导入重新收录该文章。")

    list_display = ["title", "original_url", "deleted_at", "deleted_by"]
    # Addresses without a scheme read as https, as Django 6 will read them.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_select_related = ["deleted_by"]
    search_fields = ["title", "guid", "original_url"]
    date_hierarchy = "deleted_at"
    actions = ["restore"]

    def has_add_permission(self, request) -> bool:
        return False  # a tombstone is written by deleting an article, never by hand

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a record of what was deleted: viewed, restored or deleted, not edited

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"subtitle": self.HELP, **(extra_context or {})})

    @admin.action(description="恢复所选文章", permissions=["delete"])
    def restore(self, request, queryset):
        restored = 0
        for tombstone in queryset:
            try:
                restore(tombstone)
            except ValueError as exc:
                self.message_user(request, str(exc), messages.WARNING)
            else:
                restored += 1
        self.message_user(request, f"{restored} 篇文章已恢复", messages.SUCCESS)
