"""An import killed inside story assignment, at each of its writes, leaves no duplicate, no
half article and no broken story; the rerun stores the rest, and the stories come out as a run
without kills forms them."""

from __future__ import annotations

import os

import pytest

from tests.dedup.dedup_kills import (
    DedupKillRun,
    check_stories,
    clean_run_summary,
    finish,
    kill_in_dedup_repeatedly,
    repost_records,
    summary,
)
from tests.dedup.kill_in_dedup import POINTS
from tests.pipeline.import_kills import check_stored
from tests.pipeline.test_import_export import corpus_lines
from tests.sources.test_worker_kill import database_url
from zixun.articles.models import Article

BATCH = 6


@pytest.mark.slow  # one import per kill, each in a process of its own
@pytest.mark.django_db(transaction=True)
def test_sigkills_inside_story_assignment_lose_nothing_and_form_the_same_stories(tmp_path):
    lines = repost_records(corpus_lines(12), copies=3, prefix="dk:", seed=1)
    path = tmp_path / "reposts.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    env = {**os.environ, "ZIXUN_DATABASE_URL": database_url()}

    run = kill_in_dedup_repeatedly(path, env, kills=len(POINTS), batch=BATCH, seed=3)
    assert run.not_landed == 0, "every kill landed inside story assignment"
    assert run.stored_at_kill == sorted(run.stored_at_kill)
    assert (run.duplicates, run.half_written, run.broken_stories) == (0, 0, 0)

    done = finish(path, env, BATCH)
    assert done.returncode == 0, done.stderr
    after = DedupKillRun()
    check_stored(after)
    check_stories(after)
    assert (after.duplicates, after.half_written, after.broken_stories) == (0, 0, 0)
    assert Article.objects.count() == len(lines), "nothing lost"
    killed = summary(env)
    assert killed["stories"], "the reposts formed stories"
    assert killed == clean_run_summary(path, env, BATCH, tmp_path / "clean")
