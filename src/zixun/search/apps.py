from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "zixun.search"
    verbose_name = "搜索"

    def ready(self) -> None:
        from zixun.articles.ingest import Step, register_step
        from zixun.search import signals  # noqa: F401  (connects the receivers)
        from zixun.search.index import STEP, index_articles, index_stored

        register_step(Step(STEP, stored=index_stored, flush=index_articles))
