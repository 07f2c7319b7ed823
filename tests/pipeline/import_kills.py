"""Killing `zixun import` with SIGKILL part-way, again and again, and checking what it left.

Shared by tests/pipeline/test_import_kill.py (a few kills) and bench/faults.py (fifty).
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

from zixun.articles.models import Article
from zixun.search.backends import backend

ZIXUN = Path(sys.executable).with_name("zixun")


def unique_records(lines: list[str], prefix: str) -> list[str]:
    """The records with an id, address and title of their own, so each is one article."""
    out = []
    for number, line in enumerate(lines):
        record = json.loads(line)
        record.update(id=f"{prefix}{number}", url=f"https://kill.example.com/{prefix}{number}",
                      title=f"{record.get('title', '')}（{prefix}{number}）")
        out.append(json.dumps(record, ensure_ascii=False) + "\n")
    return out


@dataclass
class KillRun:
    """What the kills did: stored counts when each landed, and what was checked after."""

    stored_at_kill: list[int] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    duplicates: int = 0
    half_written: int = 0


def import_command(path: Path, batch: int) -> list[str]:
    return [str(ZIXUN), "import", str(path), "--jobs", "0", "--batch", str(batch)]


def kill_once(command: list[str], env: dict, progress: int, jitter: float,
              rng: random.Random, timeout: float = 240) -> float | None:
    """Start the import; once ``progress`` more articles are stored than before, wait up to
    ``jitter`` seconds more and SIGKILL it. None if it finished first."""
    before = Article.objects.count()
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        while Article.objects.count() < before + progress:
            if process.poll() is not None:
                return None
            if time.monotonic() - started > timeout:
                raise AssertionError("the import stored nothing in time")
            time.sleep(0.02)
        time.sleep(rng.uniform(0, jitter))
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        return time.monotonic() - started
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def check_stored(run: KillRun) -> None:
    """Count articles stored twice, and articles without their search entry: the index is
    written last in a batch's transaction, so an article committed without it is half-written.
    (Story keys are no such sign: a body made only of common sentences has none.)"""
    guids = Counter(Article.objects.values_list("guid", flat=True))
    run.duplicates += sum(count - 1 for count in guids.values() if count > 1)
    with connection.cursor() as cursor:
        for pk in Article.objects.values_list("pk", flat=True):
            run.half_written += 0 if backend().stored_digest(cursor, pk) else 1


def kill_repeatedly(path: Path, env: dict, kills: int, batch: int, seed: int = 0,
                    jitter: float = 0.3) -> KillRun:
    """SIGKILL the import ``kills`` times, each after at least one more batch is stored."""
    rng = random.Random(seed)
    run = KillRun()
    command = import_command(path, batch)
    for _ in range(kills):
        seconds = kill_once(command, env, progress=1, jitter=jitter, rng=rng)
        if seconds is None:
            break
        run.seconds.append(seconds)
        run.stored_at_kill.append(Article.objects.count())
        check_stored(run)
    return run


def finish(path: Path, env: dict, batch: int) -> subprocess.CompletedProcess:
    """Run the import to its end."""
    return subprocess.run(import_command(path, batch), env=env,
                          capture_output=True, text=True, timeout=600)
