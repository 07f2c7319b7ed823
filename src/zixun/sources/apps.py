from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "zixun.sources"
    verbose_name = "来源与订阅"
