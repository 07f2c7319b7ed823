"""Admin for outlets and their feeds: state at a glance and a "fetch now" action."""

from django.contrib import admin, messages
from django.utils import timezone

from zixun.sources import queue
from zixun.sources.models import Feed, Source

STATUS_WORDS = {"ok": "正常", "new": "未抓取", "error": "出错", "fetching": "抓取中", "paused": "已停用"}


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
    list_display = ["__str__", "source", "channel", "state", "next_check_at", "last_checked_at",
                    "error_count", "short_error"]
    list_filter = ["active", "source", "channel"]
    search_fields = ["url", "title", "source__name"]
    readonly_fields = ["last_checked_at", "etag", "last_modified", "error_count", "last_error",
                       "claimed_by", "claimed_until"]
    actions = ["fetch_now"]

    @admin.display(description="状态")
    def state(self, feed: Feed) -> str:
        return STATUS_WORDS.get(feed.status(timezone.now()), feed.status())

    @admin.display(description="最近错误")
    def short_error(self, feed: Feed) -> str:
        return feed.last_error[:60] + ("…" if len(feed.last_error) > 60 else "")

    @admin.action(description="立即抓取所选订阅源")
    def fetch_now(self, request, queryset) -> None:
        count = queue.fetch_now(queryset.values_list("pk", flat=True))
        self.message_user(
            request, f"已将 {count} 个订阅源排到队首，工作进程（zixun worker）会在几秒内抓取。",
            messages.SUCCESS,
        )
