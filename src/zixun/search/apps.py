from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "zixun.search"
    verbose_name = "搜索"

    def ready(self) -> None:
        from zixun.search import signals  # noqa: F401  (connects the receivers)
