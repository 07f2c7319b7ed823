from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig


class ApiConfig(AppConfig):
    name = "zixun.api"
    label = "api"
    verbose_name = "开放接口"


class StaticFilesConfig(BaseStaticFilesConfig):
    """Django's static files without what the API docs page never loads: the source maps and
    ReDoc that django-ninja ships beside Swagger UI. Compressing them made every
    `zixun serve` start (collectstatic) several times slower."""

    ignore_patterns = [*BaseStaticFilesConfig.ignore_patterns, "*.map", "redoc.standalone.js"]
