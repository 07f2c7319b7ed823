from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "zixun.web"
    verbose_name = "网站"

    def ready(self) -> None:
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from zixun.web.login import ThrottledAdminLoginForm, on_logged_in, on_login_failed

        admin.site.login_form = ThrottledAdminLoginForm
        user_login_failed.connect(on_login_failed, dispatch_uid="login-throttle-failed")
        user_logged_in.connect(on_logged_in, dispatch_uid="login-throttle-success")

        from zixun.articles.publishing import on_published
        from zixun.web.push import announce

        on_published("web.push", announce)
