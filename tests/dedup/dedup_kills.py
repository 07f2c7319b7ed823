"""Killing `zixun import` inside story assignment, again and again, and checking what it left.

Shared by tests/dedup/test_dedup_kill.py (a few kills) and bench/faults.py (fifty). Each kill
lands inside a write of story assignment (tests/dedup/kill_in_dedup.py); after each one the
stored articles are checked, and at the end the stories are compared with those a run without
kills forms from the same file.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Count, F

from tests.dedup.kill_in_dedup import POINTS
from tests.pipeline.import_kills import ZIXUN, KillRun, check_stored
from zixun.articles.models import Article, Story

ROOT = Path(__file__).resolve().parents[2]
# The stories, keys and counts of a site, by guid (ids differ between two databases).
SUMMARY = """
import json
from django.db.models import Count, F
from zixun.articles.models import Article
from zixun.dedup.models import ArticleKeys, SentenceCount
stories = {}
for guid, story in Article.objects.exclude(story=None).values_list("guid", "story_id"):
    stories.setdefault(story, []).append(guid)
print(json.dumps({
    "stories": sorted(sorted(g) for g in stories.values() if len(g) > 1),
    "originals": sorted(Article.objects.filter(story__original_id=F("pk"))
                        .annotate(n=Count("story__articles")).filter(n__gt=1)
                        .values_list("guid", flat=True)),
    "keyed": sorted(ArticleKeys.objects.values_list("article__guid", flat=True)),
    "sentence_counts": sorted(SentenceCount.objects.values_list("count", flat=True)),
}))
"""


def repost_records(lines: list[str], copies: int, prefix: str, seed: int = 0) -> list[str]:
    """Each record ``copies`` times, as reposts of one story: the same body under a title,
    address and opening line of their own, shuffled so copies of a story arrive apart."""
    out = []
    for number, line in enumerate(lines):
        record = json.loads(line)
        body = record.get("body_html") or f"<p>{record.get('body', '')}</p>"
        for copy in range(copies):
            key = f"{prefix}{number}-{copy}"
            out.append(json.dumps({
                **record, "id": key, "url": f"https://repost{copy}.example.com/{key}",
                "title": f"{record.get('title', '')}（转载{copy}）",
                "body_html": f"<p>转载第{copy}稿。</p>{body}"}, ensure_ascii=False) + "\n")
    random.Random(seed).shuffle(out)
    return out


@dataclass
class DedupKillRun(KillRun):
    """Besides the import checks: stories left broken (empty, or with an original that is
    not one of its articles) and kills that did not land (the import ended first)."""

    broken_stories: int = 0
    not_landed: int = 0


def check_stories(run: DedupKillRun) -> None:
    sizes = dict(Story.objects.annotate(n=Count("articles")).values_list("pk", "n"))
    run.broken_stories += sum(1 for n in sizes.values() if n == 0)
    run.broken_stories += Story.objects.exclude(original=None).exclude(
        original__story=F("pk")).count()


def import_command(path: Path, batch: int) -> list[str]:
    return ["import", str(path), "--jobs", "0", "--batch", str(batch)]


def kill_in_dedup_repeatedly(path: Path, env: dict, kills: int, batch: int,
                             seed: int = 0) -> DedupKillRun:
    """Run the import ``kills`` times, each killed at one of story assignment's writes (taken
    in turn) at a random call within the next batch or so."""
    rng = random.Random(seed)
    run = DedupKillRun()
    for number in range(kills):
        point = POINTS[number % len(POINTS)]
        command = [sys.executable, "-m", "tests.dedup.kill_in_dedup", point,
                   str(rng.randint(1, batch)), *import_command(path, batch)]
        done = subprocess.run(command, env={**env, "PYTHONPATH": str(ROOT)}, cwd=ROOT,
                              capture_output=True, text=True, timeout=600)
        if done.returncode != -signal.SIGKILL:
            run.not_landed += 1
            if done.returncode != 0:
                raise AssertionError(f"the import failed: {done.stderr[-2000:]}")
            continue
        run.stored_at_kill.append(Article.objects.count())
        check_stored(run)
        check_stories(run)
    return run


def finish(path: Path, env: dict, batch: int) -> subprocess.CompletedProcess:
    return subprocess.run([str(ZIXUN), *import_command(path, batch)], env=env,
                          capture_output=True, text=True, timeout=600)


def summary(env: dict) -> dict:
    """The stories, keyed articles and sentence counts of the site ``env`` names."""
    out = subprocess.run([str(ZIXUN), "shell", "-c", SUMMARY], env=env, capture_output=True,
                         text=True, timeout=600, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def clean_run_summary(path: Path, env: dict, batch: int, scratch: Path) -> dict:
    """What the same import forms without kills, in a SQLite site of its own."""
    clean = {**env, "ZIXUN_DATA_DIR": str(scratch), "ZIXUN_DATABASE_URL": ""}
    subprocess.run([str(ZIXUN), "migrate", "-v0"], env=clean, check=True, timeout=600)
    done = finish(path, clean, batch)
    assert done.returncode == 0, done.stderr[-2000:]
    return summary(clean)
