"""A malformed redirect (`Location: javascript:…`, or one that cannot be parsed) never ends a
command in a traceback: `extract` and `feeds add` say why in one line and exit non-zero, and
`fetch --all` counts the poll as failed with its reason on the feed."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.sources.test_worker_kill import database_url
from zixun.lib import http
from zixun.pipeline import poller as poller_module
from zixun.sources.models import Feed

ZIXUN = Path(sys.executable).with_name("zixun")
BAD_LOCATIONS = ["javascript:alert(1)", "http://[::1"]


def run_zixun(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ZIXUN_DATABASE_URL": database_url(), "ZIXUN_FETCH_ALLOW_HOSTS": "127.0.0.1"}
    return subprocess.run([str(ZIXUN), *args], env=env, capture_output=True, text=True, timeout=120)


def assert_one_line_error(done: subprocess.CompletedProcess) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "重定向" in lines[0], done.stderr


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("location", BAD_LOCATIONS)
def test_extract_of_a_malformed_redirect_says_why_in_one_line(http_server, location):
    srv = http_server({"/r": (302, {"Location": location}, b"")})
    assert_one_line_error(run_zixun("extract", srv.url("/r")))


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("location", BAD_LOCATIONS)
def test_feeds_add_of_a_malformed_redirect_says_why_in_one_line_and_adds_nothing(
    http_server, location
):
    srv = http_server({"/r": (302, {"Location": location}, b"")})
    assert_one_line_error(run_zixun("feeds", "add", srv.url("/r")))
    assert not Feed.objects.exists()


@pytest.fixture
def _fast_local_fetch():
    http.clear_caches()
    with override_settings(FETCH_ALLOW_HOSTS=["127.0.0.1"]):
        yield


@pytest.mark.slow
@pytest.mark.usefixtures("_fast_local_fetch")
@pytest.mark.parametrize("location", BAD_LOCATIONS)
def test_fetch_all_counts_a_malformed_redirect_as_failed_with_the_reason_on_the_feed(
    http_server, make_feed, location
):
    srv = http_server({"/r": (302, {"Location": location}, b"")})
    feed = make_feed(srv.url("/r"))
    out, err = io.StringIO(), io.StringIO()
    call_command("fetch", "--all", stdout=out, stderr=err)
    assert "failed 1" in out.getvalue()
    feed.refresh_from_db()
    assert "重定向" in feed.last_error and feed.error_count == 1
    assert "重定向" in err.getvalue()


@pytest.mark.slow
@pytest.mark.usefixtures("_fast_local_fetch")
def test_a_poll_that_crashes_is_counted_as_failed_with_the_reason_on_the_feed(
    http_server, make_feed, monkeypatch
):
    def crash(*args, **kwargs):
        raise RuntimeError("a bug in a later stage")

    # The step after the feed's fetch, which runs in the writer thread of the poll.
    monkeypatch.setattr(poller_module._Pass, "_feed_fetched", crash)
    feed = make_feed("http://127.0.0.1:9/feed")
    out, err = io.StringIO(), io.StringIO()
    call_command("fetch", "--all", stdout=out, stderr=err)
    assert "failed 1" in out.getvalue()
    feed.refresh_from_db()
    assert "a bug in a later stage" in feed.last_error and feed.error_count == 1
