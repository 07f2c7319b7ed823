from django.contrib import admin, messages
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


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["id", "original", "original_locked", "created_at"]
    raw_id_fields = ["original"]


@admin.register(Tombstone)
class TombstoneAdmin(admin.ModelAdmin):
    list_display = ["title", "guid", "original_url", "deleted_at"]
    search_fields = ["title", "guid", "original_url"]
