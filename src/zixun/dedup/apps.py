from django.apps import AppConfig


class DedupConfig(AppConfig):
    name = "zixun.dedup"
    verbose_name = "去重"
