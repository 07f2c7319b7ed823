from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "zixun.web"
    verbose_name = "网站"
