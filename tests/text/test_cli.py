"""`zixun analyze [FILE|-] [--json]`."""

from __future__ import annotations

import io
import json

from zixun.text.cli import main

ARTICLE = "人民网伦敦6月9日电 (徐量)2025年伦敦科技周于9日在伦敦奥林匹亚会展中心隆重开幕。\n责任编辑：张三\n"


def test_analyze_json_has_the_keys_of_the_issue(tmp_path, capsys) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main([str(path), "--json", "--date", "2025-06-10"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"keywords", "summary", "byline"}
    assert set(out["byline"]) == {
        "outlet", "authors", "editors", "original_outlet", "original_date", "cited_sources",
        "original_title",
    }
    assert out["byline"]["original_date"] == "2025-06-09"
    assert out["summary"].startswith("2025年伦敦科技周")


def test_analyze_reads_stdin_and_prints_a_readable_report(monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(ARTICLE))
    assert main(["-"]) == 0
    out = capsys.readouterr().out
    assert "outlet: 人民网" in out and "editors: 张三" in out and "sentences: 1" in out


def test_analyze_says_what_to_do_when_the_file_is_missing(tmp_path, capsys) -> None:
    assert main([str(tmp_path / "missing.txt")]) == 2
    assert "UTF-8" in capsys.readouterr().err
