from django.apps import AppConfig


class RankingConfig(AppConfig):
    name = "zixun.ranking"
    verbose_name = "排行"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from zixun.articles.ingest import Step, register_step
        from zixun.articles.models import Article
        from zixun.ranking.related import list_saved_article, list_stored_article, mark_pending

        register_step(Step("related", stored=list_stored_article, flush=mark_pending))
        post_save.connect(list_saved_article, sender=Article, dispatch_uid="related-article-saved")
