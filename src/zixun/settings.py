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
WORKER_CONCURRENCY = CONFIG.worker_concurrency
IMPORT_MAX_RECORD_BYTES = CONFIG.import_max_record_bytes
# Where published articles are announced (WebSub, Baidu, IndexNow) and the site's own address
# (zixun.web.push, zixun.web.links); all off by default.
ANNOUNCE = CONFIG.announce
# The JSON API (zixun.api): requests a minute per address without a key, and the browser
# origins allowed to call it from their pages (CORS).
API_RATE = CONFIG.api_rate
CORS_ORIGINS = CONFIG.cors_origins

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # django.contrib.staticfiles, leaving out the API docs' source maps (zixun.api.apps).
    "zixun.api.apps.StaticFilesConfig",
    "django.contrib.humanize",
    "zixun.articles",
    "zixun.sources",
    "zixun.ranking",
    "zixun.web",
    "zixun.dedup",
    "zixun.search",
    # After articles: its admin extends the article admin registered there.
    "zixun.newsroom",
    "zixun.commands",
    "zixun.api",
    # Serves the API docs page's Swagger UI from the app's own static files, never a CDN.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above the page cache, so a page served from the cache carries the policy too.
    "zixun.web.csp.ContentSecurityPolicyMiddleware",
    # The API's CORS and rate limits; above the page cache, so cached answers count and carry them.
    "zixun.api.access.ApiAccessMiddleware",
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

# Django's password check, refused while an account or address is locked (zixun.web.login).
AUTHENTICATION_BACKENDS = ["zixun.web.login.ThrottledModelBackend"]

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
# How long a preview link to an unpublished article works (Article.preview_token).
PREVIEW_SECONDS = CONFIG.preview_hours * 3600
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
if CONFIG.https:
    # zixun then sits behind a proxy that ends TLS (zixun serve speaks plain HTTP on
    # 127.0.0.1) and must set X-Forwarded-Proto, replacing any the client sent. The proxy
    # redirects http:// to https://; HSTS keeps browsers on https:// after their first visit.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {"zixun": {"handlers": ["console"], "level": "INFO"}},
}
