"""Django settings for zixun, read only from environment variables (see zixun.config)."""

import sys
from pathlib import Path

from zixun import config as _config

try:
    CONFIG = _config.load()
except _config.ConfigError as exc:
    # Fail loudly and early, with the variable's name, instead of a traceback from deep in Django.
    sys.stderr.write(f"zixun: configuration error: {exc}\n")
    raise SystemExit(2) from None

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = CONFIG.data_dir
SECRET_KEY = CONFIG.secret_key
DEBUG = CONFIG.debug
ALLOWED_HOSTS = CONFIG.allowed_hosts
SITE_NAME = CONFIG.site_name
HOT_HALF_LIFE_HOURS = CONFIG.hot_half_life_hours
FETCH_ALLOW_HOSTS = CONFIG.fetch_allow_hosts

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "zixun.articles",
    "zixun.sources",
    "zixun.ranking",
    "zixun.web",
    "zixun.dedup",
    "zixun.search",
    "zixun.commands",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Counts article views; it must stay above the page cache so that cached pages count.
    "zixun.ranking.middleware.ViewCountingMiddleware",
    # Whole pages for anonymous readers; above sessions, so that a hit reads no session.
    "zixun.web.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "zixun.urls"
WSGI_APPLICATION = "zixun.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zixun.web.context.site",
            ],
        },
    },
]

DATABASES = {"default": CONFIG.database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": CONFIG.cache}
# How long anonymous readers share a rendered page (zixun.web.cache); 0 turns it off.
PAGE_CACHE_SECONDS = CONFIG.page_cache_seconds
# Article views a web process holds before writing them in one transaction (zixun.ranking.tally).
VIEW_BATCH_SECONDS = 1.0

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = CONFIG.time_zone
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing folder before collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Without collectstatic (tests, first run) whitenoise serves from the app folders directly.
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {"zixun": {"handlers": ["console"], "level": "INFO"}},
}
