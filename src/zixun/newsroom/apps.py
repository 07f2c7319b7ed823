from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "zixun.newsroom"
    verbose_name = "编辑部"

    def ready(self) -> None:
        from django.db.models.signals import post_save, pre_save

        from zixun.articles.ingest import Step, register_step
        from zixun.articles.models import Article
        from zixun.newsroom import revisions

        pre_save.connect(revisions.before_save, sender=Article, dispatch_uid="newsroom-revision-read")
        post_save.connect(revisions.after_save, sender=Article, dispatch_uid="newsroom-revision-keep")
        register_step(Step(revisions.STEP, stored=revisions.stored, updating=revisions.updating))
