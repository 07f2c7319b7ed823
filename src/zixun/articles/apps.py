from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "zixun.articles"
    verbose_name = "文章"

    def ready(self) -> None:
        from zixun.articles import publishing
        from zixun.articles.ingest import Step, register_step
        from zixun.articles.models import status_changed

        register_step(Step(publishing.STEP, stored=publishing.stored, flush=publishing.flush))
        status_changed.connect(publishing.on_status_changed, dispatch_uid="articles-announce-moves")
