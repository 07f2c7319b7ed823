"""`zixun dedup FILE.jsonl`: the offline grouping tool, run as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "dedup"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zixun", "dedup", *args],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.slow
def test_dedup_file_prints_groups_of_ids_as_json(tmp_path):
    records = [json.loads(line) for line in (FIXTURES / "xinwenlianbo.jsonl").open(encoding="utf-8")]
    copy = dict(records[1], id="repost", body="转自：新浪新闻\n" + records[1]["body"].replace("，", ","))
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [*records, copy]), "utf-8")
    result = run(str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [[records[1]["id"], "repost"]]


def test_dedup_names_the_missing_file_and_what_to_do(tmp_path):
    result = run(str(tmp_path / "missing.jsonl"))
    assert result.returncode != 0
    assert "missing.jsonl" in result.stderr and "rebuild" in result.stderr
