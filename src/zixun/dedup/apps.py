from django.apps import AppConfig


class DedupConfig(AppConfig):
    name = "zixun.dedup"
    verbose_name = "去重"

    def ready(self) -> None:
        from zixun.articles.ingest import Step, register_step
        from zixun.dedup import signals  # noqa: F401  (connects the receivers)
        from zixun.dedup.stories import STEP, assign_story

        register_step(Step(STEP, stored=assign_story))
