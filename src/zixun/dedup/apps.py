from django.apps import AppConfig


class DedupConfig(AppConfig):
    name = "zixun.dedup"
    verbose_name = "去重"

    def ready(self) -> None:
        from zixun.dedup import signals  # noqa: F401  (connects the receivers)
