from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "zixun.articles"
    verbose_name = "文章"
