"""Stories in the admin: each with its copies; an editor may pick the original by hand."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count

from zixun.articles.models import Article, Story
from zixun.dedup.stories import choose_original, split_out


class StoryForm(forms.ModelForm):
    """The story, plus the copies an editor wants out of it (each becomes a story of its own)."""

    split = forms.ModelMultipleChoiceField(
        queryset=Article.objects.none(), required=False, label="拆出这些文章",
        help_text="选中的文章各自成为单独的报道，以后到达的副本也不会把它们并回来。",
        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Story
        fields = ["original"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["split"].queryset = Article.objects.filter(story_id=self.instance.pk)


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
    form = StoryForm
    fields = ["original", "original_locked", "kept_apart", "created_at", "split"]
    readonly_fields = ["original_locked", "kept_apart", "created_at"]
    inlines = [StoryCopyInline]
    actions = ["unlock_original"]

    def get_queryset(self, request):
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
        for article in form.cleaned_data.get("split") or []:
            split_out(article)
            self.message_user(request, f"已把《{article.title}》拆出为单独的报道", messages.SUCCESS)

    @admin.action(description="取消编辑指定，按证据重新选择原文")
    def unlock_original(self, request, queryset):
        stories = list(queryset.values_list("pk", flat=True))
        queryset.update(original_locked=False)
        with transaction.atomic():
            for story_id in stories:
                choose_original(story_id)
        self.message_user(request, f"{len(stories)} 个报道已按证据重新选择原文", messages.SUCCESS)
