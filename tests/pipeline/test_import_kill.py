"""An import killed with SIGKILL mid-batch leaves only whole articles; the rerun completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.pipeline.import_kills import (
    KillRun,
    check_stored,
    finish,
    kill_repeatedly,
    unique_records,
)
from tests.pipeline.test_import_export import corpus_lines
from tests.sources.test_worker_kill import database_url
from zixun.articles.models import Article
from zixun.search.backends import backend

ZIXUN = Path(sys.executable).with_name("zixun")
BATCH = 15  # small batches keep the test short; the default size works the same way


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_sigkill_mid_import_then_rerun_leaves_every_article_once_and_whole(tmp_path):
    lines = corpus_lines(120)
    path = tmp_path / "news.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    env = {**os.environ, "ZIXUN_DATABASE_URL": database_url()}
    command = [str(ZIXUN), "import", str(path), "--guid-prefix", "kill:", "--jobs", "0",
               "--batch", str(BATCH)]

    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 240
        # Kill once the first batch is committed, while the second is being written.
        while Article.objects.count() < BATCH and first.poll() is None:
            assert time.monotonic() < deadline, "the import never committed a batch"
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    stored = Article.objects.count()
    assert BATCH <= stored < len(lines), "killed after one batch, before the end"

    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"created {len(lines) - stored}, updated 0, unchanged {stored}" in rerun.stdout
    guids = list(Article.objects.values_list("guid", flat=True))
    assert len(guids) == len(set(guids)) == len(lines)
    with connection.cursor() as cursor:
        for article in Article.objects.prefetch_related("tags"):
            assert article.summary and article.tags.all(), "every article is whole"
            assert backend().stored_digest(cursor, article.pk), "and in the search index"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_repeated_sigkills_leave_no_duplicate_no_half_article_and_lose_nothing(tmp_path):
    lines = unique_records(corpus_lines(360), "again:")
    path = tmp_path / "news.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    env = {**os.environ, "ZIXUN_DATABASE_URL": database_url()}

    run = kill_repeatedly(path, env, kills=3, batch=BATCH, jitter=0.2)
    assert len(run.stored_at_kill) == 3, "all three kills landed before the end"
    assert run.stored_at_kill == sorted(run.stored_at_kill) and run.stored_at_kill[-1] < len(lines)
    assert (run.duplicates, run.half_written) == (0, 0)

    done = finish(path, env, BATCH)
    assert done.returncode == 0, done.stderr
    stored = run.stored_at_kill[-1]
    assert f"created {len(lines) - stored}, updated 0, unchanged {stored}" in done.stdout
    after = KillRun()
    check_stored(after)
    assert (after.duplicates, after.half_written) == (0, 0)
    assert set(Article.objects.values_list("guid", flat=True)) == {
        f"again:{n}" for n in range(len(lines))}, "nothing lost"
