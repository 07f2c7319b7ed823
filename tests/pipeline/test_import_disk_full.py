"""The disk filling up during `zixun import`: one clear error, nothing half-written, and a rerun
once there is room stores the rest, each article once.

The database lives on a small tmpfs when this machine lets the test mount one (root); otherwise
the import runs under a file-size limit (RLIMIT_FSIZE), where SQLite's writes fail the same way.
Either way the database is SQLite in a scratch directory, whatever database the suite runs on:
what is tested is the command's behaviour when its writes fail.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pipeline.test_import_export import corpus_lines

ZIXUN = Path(sys.executable).with_name("zixun")


@contextlib.contextmanager
def small_disk(directory: Path, size: str) -> Iterator[bool]:
    """A tmpfs of ``size`` at ``directory`` if mounting is allowed; yields whether it is."""
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                              str(directory)], capture_output=True).returncode == 0
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", str(directory)], check=True)


def file_size_limit(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def zixun(data_dir: Path, *args: str, limit: int | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "ZIXUN_DATA_DIR": str(data_dir), "ZIXUN_DATABASE_URL": ""}
    return subprocess.run([str(ZIXUN), *args], env=env, capture_output=True, text=True,
                          timeout=300, preexec_fn=file_size_limit(limit) if limit else None)


def stored(data_dir: Path) -> list[tuple[str, int]]:
    """(guid, search entries) of every article in the scratch database: the search entry is
    written last in a batch's transaction, so an article without it is half-written."""
    with contextlib.closing(sqlite3.connect(data_dir / "zixun.db")) as db:
        return db.execute(
            "SELECT guid, (SELECT count(*) FROM search_entry d "
            "WHERE d.article_id = a.id) FROM articles_article a").fetchall()


@pytest.mark.slow
def test_a_full_disk_stops_the_import_with_one_clear_error_and_the_rerun_finishes_it(tmp_path):
    lines = corpus_lines(360)
    source = tmp_path / "news.jsonl"
    source.write_text("".join(lines), encoding="utf-8")
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with small_disk(data_dir, "3m") as mounted:
        assert zixun(data_dir, "migrate", "-v0").returncode == 0
        limit = None if mounted else (data_dir / "zixun.db").stat().st_size + 512 * 1024
        full = zixun(data_dir, "import", str(source), "--jobs", "0", "--batch", "20",
                     limit=limit)
        assert full.returncode == 1
        assert "Traceback" not in full.stderr
        [error] = [line for line in full.stderr.splitlines() if line.strip()]
        assert "导入已停止" in error and "重新运行同一命令" in error
        if mounted:
            assert "磁盘空间" in error
        before = stored(data_dir)
        assert len(before) < len(lines), "the disk filled before the end"
        assert all(entries == 1 for _, entries in before), "nothing half-written"

        if mounted:
            subprocess.run(["mount", "-o", "remount,size=256m", str(data_dir)], check=True)
        rerun = zixun(data_dir, "import", str(source), "--jobs", "0", "--batch", "20")
        assert rerun.returncode == 0, rerun.stderr
        after = stored(data_dir)
    guids = [guid for guid, _ in after]
    assert len(guids) == len(set(guids)), "no article twice"
    assert {g for g, _ in before} <= set(guids)
    assert "failed 0" in rerun.stdout
    assert all(entries == 1 for _, entries in after)
