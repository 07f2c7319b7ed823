from django.apps import AppConfig


class RankingConfig(AppConfig):
    name = "zixun.ranking"
    verbose_name = "排行"
