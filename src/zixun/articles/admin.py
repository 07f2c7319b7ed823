import copy

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import ngettext

from zixun.articles.ingest import restore
from zixun.articles.models import Article, Channel, MoveRefused, Tag, Tombstone
from zixun.articles.publishing import announce


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "review_required", "reviewer_must_differ"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ArticleForm(forms.ModelForm):
    """The article form: the status offers only the moves its user may make, with a reason."""

    change_note = forms.CharField(label="变更原因", required=False, max_length=300,
                                  help_text="撤下文章时必填，读者在撤下页面会看到；其他状态变更时可选，记入变更记录")
    user = None  # set per request by ArticleAdmin.get_form

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("status")
        if field is not None and self.user is not None:
            probe = self._probe(self.instance.status if self.instance.pk else "")
            allowed = set(probe.moves_for(self.user)) | ({probe.status} if probe.pk else set())
            field.choices = [(value, label) for value, label in Article.Status.choices if value in allowed]

    def _probe(self, status: str) -> Article:
        """The article as it stands, to ask whether a move is allowed."""
        probe = copy.copy(self.instance)
        probe.status = status or Article.Status.DRAFT
        if probe.pk is None:
            probe.created_by = self.user
        return probe

    def clean(self) -> dict:
        data = super().clean()
        target = data.get("status")
        current = self.instance.status if self.instance.pk else ""
        if self.user is None or not target or target == current or (not current and target == "draft"):
            return data
        probe = self._probe(current)
        for name in ("channel", "published_at"):
            if name in data:
                setattr(probe, name, data[name])
        refused = probe.refusal(target, self.user, data.get("change_note", ""), data.get("published_at"))
        if refused:
            self.add_error("status", refused)
        return data


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["title", "status", "status_reason", "channel", "source", "published_at", "view_count",
                    "sponsored"]
    list_filter = ["status", "sponsored", "channel", "source", "published_at"]
    search_fields = ["title", "account", "author", "original_outlet", "body_text"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["tags"]
    raw_id_fields = ["story", "feed"]
    # Addresses without a scheme read as https, as Django 6 will read them.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_select_related = ["channel", "source"]
    readonly_fields = ["preview_link", "status_reason", "status_history", "created_by", "view_count",
                       "created_at", "updated_at", "content_hash"]
    actions = ["submit_for_review", "publish", "release", "return_to_draft", "hide",
               "mark_sponsored", "unmark_sponsored"]
    fieldsets = [
        (None, {"fields": ["title", "status", "change_note", "status_reason", "published_at",
                           "preview_link", "channel", "tags", "sponsored"]}),
        ("正文", {"fields": ["summary", "body_html", "body_text", "cover_image", "cover_caption"]}),
        ("署名与来源", {"fields": ["account", "source", "author", "original_outlet", "original_title",
                              "original_published_at", "original_url", "byline", "created_by"]}),
        ("系统", {"classes": ["collapse"], "fields": ["story", "feed", "guid", "content_hash", "keywords",
                                                    "view_count", "created_at", "updated_at"]}),
        ("状态变更记录", {"fields": ["status_history"]}),
    ]
    # A contributor writes the text and files it; dates, sources and flags are the editors'.
    contributor_fieldsets = [
        (None, {"fields": ["title", "status", "change_note", "status_reason", "preview_link",
                           "channel", "tags"]}),
        ("正文", {"fields": ["summary", "body_html", "cover_image", "cover_caption"]}),
        ("署名", {"fields": ["author", "original_url"]}),
        ("状态变更记录", {"fields": ["status_history"]}),
    ]

    @staticmethod
    def _editor(request) -> bool:
        return request.user.has_perm("articles.publish_article")

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if self._editor(request) else self.contributor_fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user  # a class made for this request (modelform_factory)
        return form

    def get_queryset(self, request):
        articles = super().get_queryset(request)
        return articles if self._editor(request) else articles.filter(created_by=request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or self._editor(request):
            return True
        # A contributor edits their own copy until an editor has taken it further.
        return obj.created_by_id == request.user.pk and obj.status in (
            Article.Status.DRAFT, Article.Status.REVIEW)

    def has_submit_permission(self, request) -> bool:
        return request.user.has_perm("articles.submit_article") or self._editor(request)

    def has_publish_permission(self, request) -> bool:
        return self._editor(request)

    def has_hide_permission(self, request) -> bool:
        return request.user.has_perm("articles.hide_article")

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

    @admin.display(description="记录")
    def status_history(self, obj: Article) -> str:
        """Every move of the article, newest first: who, when, from, to and why."""
        changes = list(obj.status_changes.select_related("by")) if obj.pk else []
        if not changes:
            return "暂无记录"
        rows = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{} → {}</td><td>{}</td></tr>", (
            (date_format(localtime(change.at), "Y-m-d H:i:s"), change.by or "系统",
             change.get_from_status_display() or "新建", change.get_to_status_display(), change.reason)
            for change in changes))
        return format_html('<table class="status-history"><thead><tr><th>时间</th><th>操作人</th>'
                           '<th>状态</th><th>原因</th></tr></thead><tbody>{}</tbody></table>', rows)

    def save_model(self, request, obj: Article, form, change: bool) -> None:
        """Save the fields, then make the status change as a move: checked and recorded."""
        target = obj.status
        note = form.cleaned_data.get("change_note", "")
        if change:
            obj.status = Article.objects.values_list("status", flat=True).get(pk=obj.pk)
            was_public = Article.objects.filter(pk=obj.pk).published().exists()
        else:
            obj.status, obj.created_by, was_public = Article.Status.DRAFT, request.user, False
        super().save_model(request, obj, form, change)
        if not change:
            obj.record_creation(by=request.user, reason=note if target == obj.status else "")
        if target != obj.status:
            try:
                obj.move_to(target, by=request.user, reason=note)
            except MoveRefused as refused:
                self.message_user(request, f"状态未改变：{refused}", messages.ERROR)
            return  # a move announces a publication itself
        if obj.is_public and not was_public:
            announce([obj.pk])  # made public by its date alone

    def delete_model(self, request, obj: Article) -> None:
        obj.delete(deleted_by=request.user)  # leaves a tombstone naming the editor

    def delete_queryset(self, request, queryset) -> None:
        queryset.delete(deleted_by=request.user)  # the "delete selected" action comes here

    def _move_all(self, request, queryset, status: str, verb: str, reason: str = "") -> None:
        """Move each selected article, reporting how many moved and why the others did not."""
        moved, refusals = 0, {}
        for article in queryset.select_related("channel"):
            try:
                article.move_to(status, by=request.user, reason=reason)
            except MoveRefused as refused:
                refusals.setdefault(str(refused), []).append(article.title)
            else:
                moved += 1
        self.message_user(request, f"{moved} 篇文章已{verb}", messages.SUCCESS)
        for why, titles in refusals.items():
            shown = "、".join(f"「{title}」" for title in titles[:5])
            more = f"等 {len(titles)} 篇" if len(titles) > 5 else ""
            self.message_user(request, f"{shown}{more}未能{verb}：{why}", messages.WARNING)

    @admin.action(description="提交审核", permissions=["submit"])
    def submit_for_review(self, request, queryset):
        self._move_all(request, queryset, Article.Status.REVIEW, "提交审核")

    @admin.action(description="审核通过并发布", permissions=["publish"])
    def publish(self, request, queryset):
        self._move_all(request, queryset, Article.Status.PUBLISHED, "发布")

    @admin.action(description="放行所选待审文章（立即发布）", permissions=["publish"])
    def release(self, request, queryset):
        """Publish the held (待审) articles among the selected, such as those the junk gate
        held; the others are left as they are."""
        self._move_all(request, queryset.filter(status=Article.Status.REVIEW),
                       Article.Status.PUBLISHED, "放行", "编辑放行")

    @admin.action(description="退回草稿", permissions=["publish"])
    def return_to_draft(self, request, queryset):
        self._move_all(request, queryset, Article.Status.DRAFT, "退回草稿")

    @admin.action(description="撤下所选文章（须填写原因）", permissions=["hide"])
    def hide(self, request, queryset):
        form = HideForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            self._move_all(request, queryset, Article.Status.HIDDEN, "撤下", form.cleaned_data["reason"])
            return None
        return TemplateResponse(request, "admin/articles/article/hide.html", {
            **self.admin_site.each_context(request), "title": "撤下文章", "form": form,
            "articles": queryset, "opts": self.model._meta,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        })

    @admin.action(description="标记为推广内容", permissions=["publish"])
    def mark_sponsored(self, request, queryset):
        self._report(request, queryset.update(sponsored=True), "标记为推广")

    @admin.action(description="取消推广标记", permissions=["publish"])
    def unmark_sponsored(self, request, queryset):
        self._report(request, queryset.update(sponsored=False), "取消推广标记")

    def _report(self, request, count: int, verb: str) -> None:
        self.message_user(request, ngettext(f"{count} 篇文章已{verb}", f"{count} 篇文章已{verb}", count),
                          messages.SUCCESS)


class HideForm(forms.Form):
    reason = forms.CharField(label="撤下原因", max_length=300, widget=forms.TextInput(attrs={"size": 60}),
                             help_text="读者打开已撤下的文章时会看到这条原因")


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
