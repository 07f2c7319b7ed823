"""Admin for outlets and their feeds: state at a glance, a "fetch now" action, and the
subscriptions in bulk (OPML or a list of addresses up, OPML down)."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from zixun.pipeline.subscribe import export_opml, subscribe_many
from zixun.sources import queue
from zixun.sources.models import Feed, Source
from zixun.sources.opml import SubscriptionListError, read_subscriptions

# The window "items per day" is averaged over: long enough to smooth a quiet weekend.
ITEMS_PER_DAY_WINDOW = timedelta(days=7)

STATUS_WORDS = {"ok": "正常", "new": "未抓取", "error": "出错", "fetching": "抓取中", "paused": "已停用"}


class FeedInline(admin.TabularInline):
    model = Feed
    extra = 0
    fields = ["url", "channel", "active", "next_check_at", "error_count", "last_error"]
    readonly_fields = ["next_check_at", "error_count", "last_error"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "homepage", "trusted"]
    list_filter = ["trusted"]
    search_fields = ["name", "slug", "homepage"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FeedInline]


class SubscriptionFileForm(forms.Form):
    file = forms.FileField(label="OPML 文件或网址列表（每行一个）")
    fetch_pages = forms.BooleanField(label="条目只有摘要时抓取原文页面", required=False,
                                     initial=True)


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "channel", "state", "last_checked_at", "next_check_at",
                    "items_per_day", "error_count", "short_error"]
    list_filter = ["active", "source", "channel"]
    change_list_template = "admin/sources/feed/change_list.html"
    search_fields = ["url", "title", "source__name"]
    readonly_fields = ["last_checked_at", "etag", "last_modified", "error_count", "last_error",
                       "claimed_by", "claimed_until"]
    actions = ["fetch_now"]

    def get_queryset(self, request):
        since = timezone.now() - ITEMS_PER_DAY_WINDOW
        return super().get_queryset(request).select_related("source", "channel").annotate(
            recent_items=Count("articles", filter=Q(articles__created_at__gte=since))
        )

    def get_urls(self):
        own = [
            path("import-opml/", self.admin_site.admin_view(self.import_opml),
                 name="sources_feed_import_opml"),
            path("export-opml/", self.admin_site.admin_view(self.export_opml),
                 name="sources_feed_export_opml"),
        ]
        return own + super().get_urls()

    def import_opml(self, request):
        """Upload an OPML file or a list of addresses; subscribes without fetching."""
        if not self.has_add_permission(request):
            return HttpResponse(status=403)
        form = SubscriptionFileForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                found = read_subscriptions(form.cleaned_data["file"].read())
            except SubscriptionListError as exc:
                form.add_error("file", str(exc))
            else:
                done = subscribe_many(found.subscriptions,
                                      fetch_pages=form.cleaned_data["fetch_pages"])
                problems = found.problems + done.problems
                self.message_user(
                    request, f"新增 {done.created} 个订阅源，{done.present} 个已存在，"
                             f"{len(problems)} 条无法读取。工作进程会在几分钟内开始抓取。",
                    messages.SUCCESS if not problems else messages.WARNING)
                for where, reason in problems[:20]:
                    self.message_user(request, f"{where}：{reason}", messages.WARNING)
                return HttpResponseRedirect(reverse("admin:sources_feed_changelist"))
        context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                   "form": form, "title": "导入订阅源（OPML 或网址列表）"}
        return TemplateResponse(request, "admin/sources/feed/import_opml.html", context)

    def export_opml(self, request):
        """Every feed as an OPML file to download."""
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        response = HttpResponse(export_opml(), content_type="text/x-opml; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="zixun-feeds.opml"'
        return response

    @admin.display(description="每日条目", ordering="recent_items")
    def items_per_day(self, feed: Feed) -> str:
        return f"{feed.recent_items / ITEMS_PER_DAY_WINDOW.days:.1f}"

    @admin.display(description="状态", ordering="error_count")
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
