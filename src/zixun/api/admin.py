from django.contrib import admin, messages

from zixun.api.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "scope", "prefix", "quota_per_minute", "active", "created_at",
                    "last_used_at"]
    list_filter = ["scope", "active"]
    search_fields = ["name", "prefix"]
    fields = ["name", "scope", "quota_per_minute", "active", "prefix", "created_at", "last_used_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]

    def save_model(self, request, obj: ApiKey, form, change: bool) -> None:
        if not change:
            token = obj.new_token()
            # Only the digest is stored: this message is the one place the token is shown.
            messages.warning(request, f"新密钥：{token} —— 只显示这一次，请立即复制保存。")
        super().save_model(request, obj, form, change)
