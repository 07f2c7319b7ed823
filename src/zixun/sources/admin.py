from django.contrib import admin

from zixun.sources.models import Feed, Source


class FeedInline(admin.TabularInline):
    model = Feed
    extra = 0
    fields = ["url", "channel", "active", "next_check_at", "error_count", "last_error"]
    readonly_fields = ["next_check_at", "error_count", "last_error"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "homepage"]
    search_fields = ["name", "slug", "homepage"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FeedInline]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "channel", "active", "next_check_at", "last_checked_at", "error_count"]
    list_filter = ["active", "source", "channel"]
    search_fields = ["url", "title", "source__name"]
    readonly_fields = ["last_checked_at", "etag", "last_modified", "error_count", "last_error",
                       "claimed_by", "claimed_until"]
