"""ZIXUN_HTTPS=1: HSTS, Secure cookies and the proxy's scheme; checkconfig says which."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from zixun.config import ConfigError, load

SETTINGS = ("SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
            "SECURE_PROXY_SSL_HEADER")


def _run(tmp_path, code: list[str], https: str | None) -> subprocess.CompletedProcess:
    env = {**os.environ, "ZIXUN_DATA_DIR": str(tmp_path), "ZIXUN_DATABASE_URL": ""}
    env.pop("ZIXUN_HTTPS", None)
    if https is not None:
        env["ZIXUN_HTTPS"] = https
    return subprocess.run([sys.executable, *code], env=env, capture_output=True, text=True)


def _settings(tmp_path, https: str | None) -> list:
    show = ("import django, json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'zixun.settings'; "
            "django.setup(); from django.conf import settings; "
            f"print(json.dumps([getattr(settings, name) for name in {SETTINGS!r}]))")
    run = _run(tmp_path, ["-c", show], https)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.mark.slow  # two Django start-ups in subprocesses
def test_https_turns_on_hsts_secure_cookies_and_the_proxy_header(tmp_path):
    assert _settings(tmp_path, "1") == [
        365 * 24 * 3600, True, True, ["HTTP_X_FORWARDED_PROTO", "https"]]
    assert _settings(tmp_path, None) == [0, False, False, None]


def test_checkconfig_says_whether_https_is_on(tmp_path):
    assert load({"ZIXUN_DATA_DIR": str(tmp_path), "ZIXUN_HTTPS": "1"}).describe()[
        "ZIXUN_HTTPS"].startswith("on: HSTS")
    assert load({"ZIXUN_DATA_DIR": str(tmp_path)}).describe()["ZIXUN_HTTPS"].startswith("off")


def test_checkconfig_prints_the_https_line(tmp_path):
    run = _run(tmp_path, ["-m", "zixun", "checkconfig"], "yes")
    assert run.returncode == 0, run.stderr
    assert "ZIXUN_HTTPS" in run.stdout and "Secure session and CSRF cookies" in run.stdout


def test_a_bad_https_value_fails_loudly_with_its_name(tmp_path):
    with pytest.raises(ConfigError, match="ZIXUN_HTTPS='maybe' is not a boolean"):
        load({"ZIXUN_DATA_DIR": str(tmp_path), "ZIXUN_HTTPS": "maybe"})
