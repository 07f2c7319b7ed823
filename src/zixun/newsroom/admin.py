"""The newsroom in the admin: an article's revisions (list, diff, restore), the front page's
flags and 专题.

The revisions ride on the article admin that `zixun.articles.admin` registers: this module
extends whichever class is registered there (so it keeps everything that admin does) with a
「修订记录」 field, its pages and the saves' author. It must load after `zixun.articles`
(INSTALLED_APPS order).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from zixun.articles.models import Article
from zixun.newsroom import diff
from zixun.newsroom.models import FrontPageFlag, Revision, Topic, TopicItem
from zixun.newsroom.revisions import edited_by, restore

# What the diff page compares, by field: its label and how its text is split into paragraphs.
COMPARED = (
    ("title", "标题", str),
    ("summary", "摘要", str),
    ("body_text", "正文", str),
    ("body_html", "正文 HTML 源码", diff.html_lines),
)
FLAG_ACTIONS = {f"flag_{kind.value}": kind for kind in FrontPageFlag.Kind}

_Registered = type(admin.site.get_model_admin(Article))


class ArticleAdmin(_Registered):
    """The article admin, plus the article's revisions and front-page flags."""

    actions = [*(_Registered.actions or []), *FLAG_ACTIONS]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "revision_history"]

    def get_fieldsets(self, request, obj=None):
        return [*super().get_fieldsets(request, obj),
                ("修订记录", {"fields": ["revision_history"]})]

    @admin.display(description="修订记录")
    def revision_history(self, obj: Article) -> str:
        if obj.pk is None:
            return "保存后开始记录修订版本"
        count = obj.revisions.count()
        url = reverse("admin:articles_article_revisions", args=[obj.pk])
        return format_html('<a href="{}">{} 个版本：查看、对比与恢复</a>', url, count)

    def save_model(self, request, obj, form, change) -> None:
        with edited_by(request.user):
            super().save_model(request, obj, form, change)

    def get_urls(self):
        own = [
            path("<int:object_id>/revisions/", self.admin_site.admin_view(self.revisions_view),
                 name="articles_article_revisions"),
            path("<int:object_id>/revisions/<int:number>/",
                 self.admin_site.admin_view(self.diff_view), name="articles_article_revision"),
            path("<int:object_id>/revisions/<int:number>/restore/",
                 self.admin_site.admin_view(require_POST(self.restore_view)),
                 name="articles_article_revision_restore"),
        ]
        return own + super().get_urls()

    def _article(self, request: HttpRequest, object_id: int) -> Article:
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def _context(self, request: HttpRequest, article: Article, title: str) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.opts, "article": article,
                "title": title, "subtitle": article.title,
                "can_restore": self.has_change_permission(request, article)}

    def revisions_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        article = self._article(request, object_id)
        revisions = article.revisions.select_related("created_by").defer("body_html", "body_text")
        context = {**self._context(request, article, "修订记录"), "revisions": revisions}
        return TemplateResponse(request, "newsroom/revisions.html", context)

    def diff_view(self, request: HttpRequest, object_id: int, number: int) -> HttpResponse:
        article = self._article(request, object_id)
        revision = get_object_or_404(Revision, article=article, number=number)
        against = _number(request.GET.get("against"), number - 1)
        older = Revision.objects.filter(article=article, number=against).first()
        if older is None and against != 0:
            raise Http404("没有这个版本")
        fields = []
        for name, label, lines in COMPARED:
            before, after = getattr(older, name, "") if older else "", getattr(revision, name)
            fields.append({"label": label, "changed": before != after,
                           "rows": diff.side_by_side(lines(before), lines(after))})
        context = {**self._context(request, article, f"第 {number} 版的改动"),
                   "revision": revision, "older": older, "fields": fields,
                   "numbers": article.revisions.values_list("number", flat=True)}
        return TemplateResponse(request, "newsroom/diff.html", context)

    def restore_view(self, request: HttpRequest, object_id: int, number: int) -> HttpResponse:
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        revision = get_object_or_404(Revision, article=article, number=number)
        made = restore(revision, request.user)
        if made is None:
            self.message_user(request, f"当前内容与第 {number} 版相同，无需恢复", messages.INFO)
        else:
            self.message_user(request, f"已恢复第 {number} 版的内容，保存为第 {made.number} 版",
                              messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_revisions", args=[article.pk]))

    def has_flag_permission(self, request) -> bool:
        return request.user.has_perm("newsroom.add_frontpageflag")

    def get_action(self, action):
        if action in FLAG_ACTIONS:
            kind = FLAG_ACTIONS[action]
            return (_flag_action(kind), action, f"设为首页{kind.label}")
        return super().get_action(action)


def _flag_action(kind: FrontPageFlag.Kind):
    def flag(modeladmin, request, queryset) -> None:
        made = 0
        for article in queryset:
            _, created = FrontPageFlag.objects.get_or_create(
                article=article, kind=kind, defaults={"set_by": request.user})
            made += created
        modeladmin.message_user(request, f"{made} 篇文章已设为{kind.label}（已有的保持不变）；"
                                         "在「首页推荐位」中调整排序与过期时间", messages.SUCCESS)
    flag.allowed_permissions = ("flag",)
    return flag


def _number(raw: str | None, default: int) -> int:
    return int(raw) if raw and raw.isdigit() else default


admin.site.unregister(Article)
admin.site.register(Article, ArticleAdmin)


@admin.register(FrontPageFlag)
class FrontPageFlagAdmin(admin.ModelAdmin):
    list_display = ["article", "kind", "position", "expires_at", "is_live", "set_by", "set_at"]
    list_editable = ["position", "expires_at"]
    list_filter = ["kind"]
    list_select_related = ["article", "set_by"]
    autocomplete_fields = ["article"]
    fields = ["article", "kind", "position", "expires_at"]
    search_fields = ["article__title"]

    @admin.display(description="正在显示", boolean=True)
    def is_live(self, flag: FrontPageFlag) -> bool:
        return flag.is_live

    def save_model(self, request, obj: FrontPageFlag, form, change: bool) -> None:
        if not change:
            obj.set_by = request.user
        super().save_model(request, obj, form, change)


class TopicItemInline(admin.TabularInline):
    model = TopicItem
    autocomplete_fields = ["article"]
    fields = ["position", "article"]
    extra = 3


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "published", "created_at"]
    list_filter = ["published"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    # Addresses without a scheme read as https, as Django 6 will read them.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [TopicItemInline]
