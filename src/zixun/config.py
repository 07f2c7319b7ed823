"""Read and validate zixun's configuration from environment variables.

Kept apart from ``settings.py`` so it can be tested without Django and so that every
bad value is reported with the variable's name and what to do about it.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import dj_database_url

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names the variable and the fix."""


def env_bool(name: str, default: bool, environ: dict | None = None) -> bool:
    """A boolean variable: 1/true/yes/on or 0/false/no/off; anything else is an error."""
    environ = os.environ if environ is None else environ
    raw = environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean: use 1/true/yes/on or 0/false/no/off")


def env_int(name: str, default: int, environ: dict | None = None, minimum: int = 0) -> int:
    """An integer variable no smaller than ``minimum``."""
    environ = os.environ if environ is None else environ
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if value < minimum:
        raise ConfigError(f"{name}={value} is too small: it must be at least {minimum}")
    return value


def env_list(name: str, default: list[str], environ: dict | None = None) -> list[str]:
    """A comma-separated list variable."""
    environ = os.environ if environ is None else environ
    raw = environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def default_data_dir() -> Path:
    return Path.cwd() / "var"


SQLITE_OPTIONS = {
    # WAL lets readers go on while the worker writes; IMMEDIATE makes writers queue on
    # the lock at BEGIN instead of failing half-way with "database is locked".
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    # A 64 MiB page cache (the default is 2 MiB) keeps the upper levels of the
    # article, story-key and search indexes in memory, so a bulk import does not read
    # the same index pages back from the kernel for every article (docs/benchmarks.md).
    # The cache fills only as pages are read; `zixun serve` gives web workers a smaller
    # one (SQLITE_WEB_CACHE_KIB), since each keeps its connection.
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000; PRAGMA cache_size=-65536;"
    ),
}
# The page cache of each web worker's SQLite connection: the hot upper index pages, not a copy
# of the database in every worker.
SQLITE_WEB_CACHE_KIB = 16384
SQLITE_HINT = "use sqlite:///zixun.db or sqlite:////abs/path.db"
POSTGRES_HINT = "use postgres://user:password@host:5432/zixun"


def parse_database_url(url: str, data_dir: Path) -> dict:
    """Turn ``sqlite:///path`` or ``postgres://user:pass@host:port/name`` into Django's DATABASES entry.

    dj-database-url parses the URL; this narrows it to the two databases zixun supports, puts a
    relative SQLite file in the data dir, adds the connection options and words the errors.
    """
    try:
        parts = urlsplit(url)  # the scheme comes back lower-cased
        if parts.scheme == "sqlite":
            # sqlite:///relative.db and sqlite:////absolute/path.db, as SQLAlchemy spells them
            if parts.netloc:
                raise ConfigError(f"ZIXUN_DATABASE_URL has a host {parts.netloc!r}, which SQLite "
                                  f"does not take: {SQLITE_HINT} (three or four slashes)")
            if not parts.path.strip("/"):
                raise ConfigError(f"ZIXUN_DATABASE_URL has no file name: {SQLITE_HINT}")
            if parts.query or parts.fragment:
                raise ConfigError("ZIXUN_DATABASE_URL takes no ?options or #fragment for SQLite "
                                  f"(zixun sets WAL mode and timeouts itself): {SQLITE_HINT}")
            db = dj_database_url.parse(url)
            path = data_dir / db["NAME"]  # an absolute NAME replaces data_dir
            # Connections are kept: opening one and running the PRAGMAs costs more than a
            # page, and a new connection starts with a cold page cache.
            return {"ENGINE": db["ENGINE"], "NAME": str(path), "OPTIONS": dict(SQLITE_OPTIONS),
                    "CONN_MAX_AGE": 600, "CONN_HEALTH_CHECKS": True,
                    "TEST": {"NAME": str(path.with_name(path.stem + "-test.db"))}}
        if parts.scheme in {"postgres", "postgresql", "pgsql"}:
            db = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
            db["NAME"] = db["NAME"].lstrip("/")
            if not db["NAME"]:
                raise ConfigError(f"ZIXUN_DATABASE_URL names no database: {POSTGRES_HINT}")
            # Options stay strings, the last of a repeated one wins (dj-database-url would make
            # numbers and true/false typed and repeats lists); ?host= serves a socket directory.
            options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
            db.update(HOST=db["HOST"] or options.pop("host", ""), PORT=str(db["PORT"]),
                      OPTIONS=options)
            db.pop("DISABLE_SERVER_SIDE_CURSORS")  # Django's default, False, as before
            return db
    except ConfigError:
        raise
    except ValueError:  # a port that is no number, an unclosed [: not echoed, it may be the password
        raise ConfigError(f"ZIXUN_DATABASE_URL is not a valid URL: {POSTGRES_HINT}, with a port "
                          "number and @ : / # ? in the password written %40 %3A %2F %23 %3F") from None
    raise ConfigError(
        f"ZIXUN_DATABASE_URL has an unknown scheme {parts.scheme!r}: "
        "use sqlite:///file.db or postgres://user:password@host:port/name"
    )


# Pages, fragments and lists of a busy site in one process; each entry is a page of tens of KB
# at most, so the cap keeps a worker's cache to tens of MB (docs/benchmarks.md).
LOCAL_CACHE_ENTRIES = 1000
CACHE_HINT = "use redis://host:6379/0 (or rediss://, or unix:///path/redis.sock)"


def parse_cache_url(url: str) -> dict:
    """ZIXUN_CACHE_URL as Django's CACHES entry: local memory when empty, else Redis."""
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "zixun",
            "TIMEOUT": 60,
            "OPTIONS": {"MAX_ENTRIES": LOCAL_CACHE_ENTRIES},
        }
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss", "unix"}:
        raise ConfigError(f"ZIXUN_CACHE_URL has an unknown scheme {parts.scheme!r}: {CACHE_HINT}")
    if parts.scheme != "unix" and not parts.hostname:
        raise ConfigError(f"ZIXUN_CACHE_URL names no host: {CACHE_HINT}")
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "TIMEOUT": 60,
        # Keys of several zixun sites sharing one Redis stay apart by their database name.
        "KEY_PREFIX": "zixun",
    }


def load_secret_key(data_dir: Path, environ: dict) -> str:
    """ZIXUN_SECRET_KEY, or a key generated once into the data dir and reused after."""
    key = environ.get("ZIXUN_SECRET_KEY", "").strip()
    if key:
        if len(key) < 32:
            raise ConfigError("ZIXUN_SECRET_KEY is shorter than 32 characters: use a long random string")
        return key
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    # Written with 0600 so other local users cannot read it.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


# The endpoints a site tells of new articles when their keys are set (zixun.web.push).
BAIDU_PUSH_DEFAULT = "http://data.zz.baidu.com/urls"
INDEXNOW_DEFAULT = "https://api.indexnow.org/indexnow"
_INDEXNOW_KEY = re.compile(r"^[A-Za-z0-9-]{8,128}$")


@dataclass(frozen=True)
class Announce:
    """Where a published article is announced: a WebSub hub, Baidu's URL push, IndexNow.

    All off by default. Any of them needs ``site_url``: the address readers reach the site at,
    which the announcements name (no request is at hand when the worker publishes)."""

    site_url: str = ""
    websub_hub: str = ""
    baidu_token: str = ""
    baidu_endpoint: str = BAIDU_PUSH_DEFAULT
    indexnow_key: str = ""
    indexnow_endpoint: str = INDEXNOW_DEFAULT

    @property
    def enabled(self) -> bool:
        return bool(self.websub_hub or self.baidu_token or self.indexnow_key)


def env_http_url(name: str, default: str, environ: dict) -> str:
    """An absolute http(s) address, without a trailing slash; "" when unset."""
    raw = (environ.get(name) or "").strip() or default
    if not raw:
        return ""
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(f"{name}={raw!r} is not an http(s) address: use e.g. https://news.example.com")
    return raw.rstrip("/")


def parse_announce(environ: dict) -> Announce:
    """ZIXUN_SITE_URL and the announcement settings; an announcement without a site URL fails."""
    announce = Announce(
        site_url=env_http_url("ZIXUN_SITE_URL", "", environ),
        websub_hub=env_http_url("ZIXUN_WEBSUB_HUB", "", environ),
        baidu_token=(environ.get("ZIXUN_BAIDU_PUSH_TOKEN") or "").strip(),
        baidu_endpoint=env_http_url("ZIXUN_BAIDU_PUSH_URL", BAIDU_PUSH_DEFAULT, environ),
        indexnow_key=(environ.get("ZIXUN_INDEXNOW_KEY") or "").strip(),
        indexnow_endpoint=env_http_url("ZIXUN_INDEXNOW_URL", INDEXNOW_DEFAULT, environ),
    )
    if announce.indexnow_key and not _INDEXNOW_KEY.match(announce.indexnow_key):
        raise ConfigError("ZIXUN_INDEXNOW_KEY must be 8 to 128 letters, digits or dashes "
                          "(IndexNow's rule): generate one with `openssl rand -hex 16`")
    if announce.enabled and not announce.site_url:
        raise ConfigError("ZIXUN_WEBSUB_HUB, ZIXUN_BAIDU_PUSH_TOKEN and ZIXUN_INDEXNOW_KEY need "
                          "ZIXUN_SITE_URL, the address readers reach the site at "
                          "(e.g. https://news.example.com)")
    return announce


# The largest import record (one JSON line, one CSV row) zixun reads; a bigger one is refused
# unread, so one record can never take the importer's memory.
IMPORT_MAX_RECORD_BYTES = 2 * 1024 * 1024


# Requests a feed worker keeps in flight across hosts (each host still gets its own limit and
# interval); the default is the measured knee on a small machine (docs/benchmarks.md).
WORKER_CONCURRENCY = 32


# Requests a minute the API answers one address without a key (zixun.api.access); keys carry
# their own quota.
API_RATE = 120
_ORIGIN = re.compile(r"^https?://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?$")


def env_origins(name: str, environ: dict) -> list[str]:
    """Browser origins (scheme://host[:port], no path) allowed to call the API from their pages."""
    origins = env_list(name, [], environ)
    for origin in origins:
        if not _ORIGIN.match(origin):
            raise ConfigError(f"{name} has {origin!r}, which is not an origin: use e.g. "
                              "https://app.example.com,http://localhost:3000 (no path, no slash)")
    return [origin.lower() for origin in origins]


@dataclass(frozen=True)
class Config:
    data_dir: Path
    database_url: str
    database: dict
    cache_url: str
    cache: dict
    secret_key: str
    debug: bool
    allowed_hosts: list[str]
    site_name: str
    time_zone: str
    hot_half_life_hours: int
    page_cache_seconds: int
    fetch_allow_hosts: list[str]
    announce: Announce = Announce()
    import_max_record_bytes: int = IMPORT_MAX_RECORD_BYTES
    worker_concurrency: int = WORKER_CONCURRENCY
    # Served over HTTPS through a proxy that ends TLS: HSTS and Secure cookies (settings.py).
    https: bool = False
    # How long an editor's preview link to an unpublished article stays valid.
    preview_hours: int = 24
    api_rate: int = API_RATE
    cors_origins: tuple[str, ...] = ()

    def describe(self) -> dict[str, str]:
        """The effective settings for `zixun checkconfig`, secrets masked."""
        db = self.database
        shown_url = self.database_url
        if db.get("PASSWORD"):
            shown_url = shown_url.replace(":" + db["PASSWORD"] + "@", ":****@")
        return {
            "ZIXUN_DATA_DIR": str(self.data_dir),
            "ZIXUN_DATABASE_URL": shown_url,
            "database engine": db["ENGINE"].rsplit(".", 1)[-1],
            "database name": db["NAME"],
            "ZIXUN_CACHE_URL": _masked(self.cache_url) or "(local memory)",
            "ZIXUN_SECRET_KEY": "****" + self.secret_key[-4:] if self.secret_key else "(unset)",
            "ZIXUN_DEBUG": str(self.debug),
            "ZIXUN_ALLOWED_HOSTS": ",".join(self.allowed_hosts),
            "ZIXUN_SITE_NAME": self.site_name,
            "ZIXUN_TIME_ZONE": self.time_zone,
            "ZIXUN_HOT_HALF_LIFE_HOURS": str(self.hot_half_life_hours),
            "ZIXUN_PAGE_CACHE_SECONDS": str(self.page_cache_seconds),
            "ZIXUN_FETCH_ALLOW_HOSTS": ",".join(self.fetch_allow_hosts) or "(none)",
            "ZIXUN_IMPORT_MAX_RECORD_BYTES": str(self.import_max_record_bytes),
            "ZIXUN_WORKER_CONCURRENCY": str(self.worker_concurrency),
            "ZIXUN_HTTPS": ("on: HSTS, Secure session and CSRF cookies, X-Forwarded-Proto "
                            "from the proxy trusted" if self.https else "off (plain HTTP cookies, no HSTS)"),
            "ZIXUN_PREVIEW_HOURS": str(self.preview_hours),
            "ZIXUN_API_RATE": f"{self.api_rate} requests a minute per address (API keys: their own quota)",
            "ZIXUN_CORS_ORIGINS": ",".join(self.cors_origins) or "(none: browsers on other sites may not call the API)",
            "ZIXUN_SITE_URL": self.announce.site_url or "(from each request)",
            "ZIXUN_WEBSUB_HUB": self.announce.websub_hub or "(off)",
            "ZIXUN_BAIDU_PUSH_TOKEN": "****" if self.announce.baidu_token else "(off)",
            "ZIXUN_INDEXNOW_KEY": "****" if self.announce.indexnow_key else "(off)",
        }


def _masked(url: str) -> str:
    parts = urlsplit(url)
    if not parts.password:
        return url
    return url.replace(":" + parts.password + "@", ":****@", 1)


def load(environ: dict | None = None) -> Config:
    """Read every setting, raising ConfigError on the first bad one."""
    environ = dict(os.environ if environ is None else environ)
    data_dir = Path(environ.get("ZIXUN_DATA_DIR") or default_data_dir()).expanduser().resolve()
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"ZIXUN_DATA_DIR={str(data_dir)!r} cannot be created: {exc.strerror}") from None
    if not os.access(data_dir, os.W_OK):
        raise ConfigError(f"ZIXUN_DATA_DIR={str(data_dir)!r} is not writable by this user")
    database_url = environ.get("ZIXUN_DATABASE_URL", "").strip() or "sqlite:///zixun.db"
    debug = env_bool("ZIXUN_DEBUG", False, environ)
    allowed = env_list("ZIXUN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"], environ)
    time_zone = environ.get("ZIXUN_TIME_ZONE", "Asia/Shanghai")
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(time_zone)
    except Exception:
        raise ConfigError(f"ZIXUN_TIME_ZONE={time_zone!r} is not a known time zone (e.g. Asia/Shanghai)") from None
    return Config(
        data_dir=data_dir,
        database_url=database_url,
        database=parse_database_url(database_url, data_dir),
        cache_url=environ.get("ZIXUN_CACHE_URL", "").strip(),
        cache=parse_cache_url(environ.get("ZIXUN_CACHE_URL", "").strip()),
        secret_key=load_secret_key(data_dir, environ),
        debug=debug,
        allowed_hosts=allowed,
        site_name=environ.get("ZIXUN_SITE_NAME", "资讯"),
        time_zone=time_zone,
        hot_half_life_hours=env_int("ZIXUN_HOT_HALF_LIFE_HOURS", 12, environ, minimum=1),
        page_cache_seconds=env_int("ZIXUN_PAGE_CACHE_SECONDS", 30, environ, minimum=0),
        fetch_allow_hosts=env_list("ZIXUN_FETCH_ALLOW_HOSTS", [], environ),
        announce=parse_announce(environ),
        import_max_record_bytes=env_int("ZIXUN_IMPORT_MAX_RECORD_BYTES", IMPORT_MAX_RECORD_BYTES,
                                        environ, minimum=1024),
        worker_concurrency=env_int("ZIXUN_WORKER_CONCURRENCY", WORKER_CONCURRENCY, environ,
                                   minimum=1),
        https=env_bool("ZIXUN_HTTPS", False, environ),
        preview_hours=env_int("ZIXUN_PREVIEW_HOURS", 24, environ, minimum=1),
        api_rate=env_int("ZIXUN_API_RATE", API_RATE, environ, minimum=1),
        cors_origins=tuple(env_origins("ZIXUN_CORS_ORIGINS", environ)),
    )
