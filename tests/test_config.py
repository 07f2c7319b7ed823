"""Settings come only from environment variables and fail loudly with the variable's name."""

import subprocess
import sys

import pytest

from zixun.config import ConfigError, load, parse_database_url


def test_default_database_is_a_sqlite_file_in_the_data_dir(tmp_path):
    config = load({"ZIXUN_DATA_DIR": str(tmp_path)})
    assert config.database["ENGINE"] == "django.db.backends.sqlite3"
    assert config.database["NAME"] == str(tmp_path / "zixun.db")
    assert "journal_mode=WAL" in config.database["OPTIONS"]["init_command"]


def test_postgres_url_becomes_a_psycopg_database(tmp_path):
    db = parse_database_url("postgres://news:s%40cret@db.example:6543/zixun?sslmode=require", tmp_path)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "news", "s@cret", "db.example", "6543", "zixun")
    assert db["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize("url, words", [
    ("mysql://x@y/z", "unknown scheme"),
    ("postgres://x@y:5432/", "names no database"),
    ("sqlite://", "no file name"),
    ("sqlite://zixun.db", "SQLite does not take"),
    ("sqlite:///zixun.db?mode=ro", "takes no [?]options"),
    ("postgres://news:pa/ss@db.example/zixun", "not a valid URL"),
    ("postgres://news@db.example:99999/zixun", "not a valid URL"),
])
def test_bad_database_url_is_refused_with_a_hint(tmp_path, url, words):
    with pytest.raises(ConfigError, match=words) as refused:
        load({"ZIXUN_DATA_DIR": str(tmp_path), "ZIXUN_DATABASE_URL": url})
    assert str(refused.value).startswith("ZIXUN_DATABASE_URL") and "use " in str(refused.value)
    assert "ss@" not in str(refused.value)  # never echoes a password


def test_sqlite_paths_are_relative_to_the_data_dir_or_absolute(tmp_path):
    assert parse_database_url("sqlite:///sub/%E8%B5%84%E8%AE%AF.db", tmp_path)["NAME"] == str(tmp_path / "sub/资讯.db")
    db = parse_database_url("sqlite:////srv/zixun/news.db", tmp_path)
    assert (db["NAME"], db["TEST"]["NAME"]) == ("/srv/zixun/news.db", "/srv/zixun/news-test.db")


def test_postgres_options_stay_strings_and_a_socket_host_comes_from_the_query(tmp_path):
    db = parse_database_url("postgresql:///zixun?host=/run/postgresql&application_name=007", tmp_path)
    assert (db["HOST"], db["PORT"], db["OPTIONS"]) == ("/run/postgresql", "", {"application_name": "007"})
    assert (db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"]) == (60, True)


def test_bad_boolean_names_the_variable(tmp_path):
    with pytest.raises(ConfigError, match="ZIXUN_DEBUG='maybe'"):
        load({"ZIXUN_DATA_DIR": str(tmp_path), "ZIXUN_DEBUG": "maybe"})


def test_short_secret_key_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="ZIXUN_SECRET_KEY"):
        load({"ZIXUN_DATA_DIR": str(tmp_path), "ZIXUN_SECRET_KEY": "short"})


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = load({"ZIXUN_DATA_DIR": str(tmp_path)}).secret_key
    second = load({"ZIXUN_DATA_DIR": str(tmp_path)}).secret_key
    assert first == second and len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_allowed_hosts_are_a_comma_list(tmp_path):
    config = load({"ZIXUN_DATA_DIR": str(tmp_path), "ZIXUN_ALLOWED_HOSTS": "news.example, www.news.example"})
    assert config.allowed_hosts == ["news.example", "www.news.example"]


def test_checkconfig_masks_the_database_password_and_secret(tmp_path):
    env = {"ZIXUN_DATA_DIR": str(tmp_path), "ZIXUN_SECRET_KEY": "k" * 40 + "TAIL",
           "ZIXUN_DATABASE_URL": "postgres://news:hunter2@127.0.0.1:1/zixun"}
    shown = load(env).describe()
    assert "hunter2" not in str(shown) and "kkkk" not in str(shown)
    assert shown["ZIXUN_DATABASE_URL"] == "postgres://news:****@127.0.0.1:1/zixun"


def test_the_command_exits_with_a_clear_message_on_bad_settings(tmp_path):
    env = {"ZIXUN_DATA_DIR": str(tmp_path), "ZIXUN_DATABASE_URL": "oracle://x/y", "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-m", "zixun", "checkconfig"], env=env, capture_output=True, text=True)
    assert run.returncode == 2
    assert "configuration error: ZIXUN_DATABASE_URL has an unknown scheme 'oracle'" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.django_db
def test_a_sqlite_connection_runs_in_wal_with_a_large_page_cache():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite pragmas")
    with connection.cursor() as cursor:
        pragmas = {
            name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "cache_size", "foreign_keys", "synchronous")
        }
    # A 2 MiB default cache sends a bulk import to the kernel for index pages on every article.
    assert pragmas == {"journal_mode": "wal", "cache_size": -65536, "foreign_keys": 1, "synchronous": 1}
