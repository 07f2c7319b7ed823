from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "zixun.web"
    verbose_name = "网站"

    def ready(self) -> None:
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from zixun.web.login import ThrottledAdminLoginForm, on_logged_in, on_login_failed

        admin.site.login_form = ThrottledAdminLoginForm
        admin.site.index_template = "admin/zixun_index.html"  # the editors' dashboard first
        user_login_failed.connect(on_login_failed, dispatch_uid="login-throttle-failed")
        user_logged_in.connect(on_logged_in, dispatch_uid="login-throttle-success")

        from zixun.articles.publishing import on_published
        from zixun.web.push import announce

        on_published("web.push", announce)

        from zixun.articles.models import status_changed
        from zixun.web.cache import on_status_changed

        status_changed.connect(on_status_changed, dispatch_uid="web-page-cache-drop")

        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from zixun.newsroom.models import FrontPageFlag
        from zixun.web.cache import drop_pages

        def on_flag_changed(sender, **kwargs) -> None:
            # The home page shows the flags: one set, moved or removed shows at once. Once the
            # change commits, or a reader could store the old page again in between.
            transaction.on_commit(drop_pages)

        for signal in (post_save, post_delete):
            signal.connect(on_flag_changed, sender=FrontPageFlag, weak=False,
                           dispatch_uid=f"web-page-cache-flags-{signal is post_save}")
