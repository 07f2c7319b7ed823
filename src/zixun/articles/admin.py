from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import ngettext

from zixun.articles.models import Article, Channel, Story, Tag, Tombstone


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
    list_select_related = ["channel", "source"]
    readonly_fields = ["view_count", "created_at", "updated_at", "content_hash"]
    actions = ["publish", "hide", "mark_sponsored", "unmark_sponsored"]
    fieldsets = [
        (None, {"fields": ["title", "status", "published_at", "channel", "tags", "sponsored"]}),
        ("正文", {"fields": ["summary", "body_html", "body_text", "cover_image", "cover_caption"]}),
        ("署名与来源", {"fields": ["account", "source", "author", "original_outlet", "original_title",
                              "original_published_at", "original_url", "byline"]}),
        ("系统", {"classes": ["collapse"], "fields": ["story", "feed", "guid", "content_hash", "keywords",
                                                    "view_count", "created_at", "updated_at"]}),
    ]

    def _report(self, request, count: int, verb: str) -> None:
        self.message_user(request, ngettext(f"{count} 篇文章已{verb}", f"{count} 篇文章已{verb}", count),
                          messages.SUCCESS)

    @admin.action(description="发布所选文章")
    def publish(self, request, queryset):
        self._report(request, queryset.update(status=Article.Status.PUBLISHED), "发布")

    @admin.action(description="隐藏所选文章")
    def hide(self, request, queryset):
        self._report(request, queryset.update(status=Article.Status.HIDDEN), "隐藏")

    @admin.action(description="标记为推广内容")
    def mark_sponsored(self, request, queryset):
        self._report(request, queryset.update(sponsored=True), "标记为推广")

    @admin.action(description="取消推广标记")
    def unmark_sponsored(self, request, queryset):
        self._report(request, queryset.update(sponsored=False), "取消推广标记")


class StoryCopyInline(admin.TabularInline):
    """The story's copies, oldest first, read-only: articles are edited on their own page."""

    model = Article
    fk_name = "story"
    fields = ["title", "source", "account", "original_outlet", "published_at", "status"]
    readonly_fields = fields
    ordering = ["published_at", "pk"]
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = "副本"
    verbose_name_plural = "本报道的全部副本（原文与转载）"

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["id", "original", "copy_count", "original_locked", "created_at"]
    list_filter = ["original_locked"]
    search_fields = ["original__title", "articles__title"]
    fields = ["original", "original_locked", "created_at"]
    readonly_fields = ["original_locked", "created_at"]
    inlines = [StoryCopyInline]
    actions = ["unlock_original"]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).select_related("original").annotate(copies=Count("articles"))

    @admin.display(description="副本数", ordering="copies")
    def copy_count(self, obj: Story) -> int:
        return obj.copies

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The original can only be one of the story's own copies.
        if db_field.name == "original":
            story_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = Article.objects.filter(story_id=story_id).order_by("published_at")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj: Story, form, change: bool) -> None:
        if "original" in form.changed_data and obj.original_id:
            obj.original_locked = True  # an editor's choice: the automatic choice leaves it alone
        super().save_model(request, obj, form, change)

    @admin.action(description="取消编辑指定，按证据重新选择原文")
    def unlock_original(self, request, queryset):
        from zixun.dedup.stories import choose_original

        stories = list(queryset.values_list("pk", flat=True))
        queryset.update(original_locked=False)
        with transaction.atomic():
            for story_id in stories:
                choose_original(story_id)
        self.message_user(request, f"{len(stories)} 个报道已按证据重新选择原文", messages.SUCCESS)


@admin.register(Tombstone)
class TombstoneAdmin(admin.ModelAdmin):
    list_display = ["title", "guid", "original_url", "deleted_at"]
    search_fields = ["title", "guid", "original_url"]
