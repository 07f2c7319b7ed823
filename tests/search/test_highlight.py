"""Highlighted titles and snippets are safe HTML with the matches in <mark> (no database)."""

from __future__ import annotations

from zixun.search.highlight import mark, snippet


def test_markup_in_the_text_is_escaped_before_matches_are_marked():
    html = mark('<script>alert("安装简单")</script>', ["简单"])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "<mark>简单</mark>" in html


def test_marking_ignores_case_but_keeps_the_text_as_written():
    assert mark("新款iPod touch", ["ipod"]) == "新款<mark>iPod</mark> touch"


def test_longer_term_is_marked_whole_rather_than_its_prefix():
    assert mark("板房安装简单", ["安装", "安装简单"]) == "板房<mark>安装简单</mark>"


def test_snippet_shows_the_part_of_a_long_text_with_the_matches():
    text = "开头的话。" * 60 + "这种板房安装简单，材料环保。" + "结尾的话。" * 60
    html = snippet(text, ["安装简单", "环保"], width=60)
    assert "<mark>安装简单</mark>" in html and "<mark>环保</mark>" in html
    assert html.startswith("…") and html.endswith("…")


def test_snippet_without_matches_starts_at_the_beginning():
    assert snippet("短文本", ["没有"]) == "短文本"
