"""Two processes storing copies of one story at the same moment end with one story."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from zixun.articles.models import Article

REPO = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The URL of the test database, so other processes write to the same one."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    auth = f"{quote(db['USER'])}:{quote(db['PASSWORD'] or '')}@" if db["USER"] else ""
    return f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.slow  # two processes race after a 6 s start; `make test` runs it, `make test-fast` not
@pytest.mark.django_db(transaction=True)
def test_two_processes_adding_copies_of_one_story_make_one_story():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:", ":memory:")):
        pytest.skip("an in-memory SQLite test database cannot be shared with other processes")
    env = {**os.environ, "ZIXUN_DATABASE_URL": database_url(), "PYTHONPATH": str(REPO)}
    start_at = time.time() + 6  # both processes have imported Django and built their copy by then
    workers = [
        subprocess.Popen([sys.executable, "-m", "tests.dedup.add_copy", guid, source, str(start_at)],
                         cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for guid, source in (("copy-a", "环球网"), ("copy-b", "新浪新闻"))
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), [err for _, err in outputs]
    ids = [int(out.strip()) for out, _ in outputs]
    stories = set(Article.objects.filter(pk__in=ids).values_list("story_id", flat=True))
    assert len(set(ids)) == 2 and len(stories) == 1 and None not in stories
    assert Article.objects.listed().filter(pk__in=ids).count() == 1
