"""The diff marks the characters that changed, by character, in aligned paragraphs."""

from __future__ import annotations

from zixun.newsroom.diff import characters, html_lines, side_by_side


def test_a_changed_word_is_marked_as_exactly_its_changed_characters():
    old, new = characters("今天北京下雨了。", "今天上海下雨了。")
    assert old == "今天<del>北京</del>下雨了。"
    assert new == "今天<ins>上海</ins>下雨了。"


def test_a_character_added_or_removed_alone_is_marked_alone():
    assert characters("国务院召开会议", "国务院召开常务会议") == ("国务院召开会议", "国务院召开<ins>常务</ins>会议")
    assert characters("他说：“好的”", "他说“好的”") == ("他说<del>：</del>“好的”", "他说“好的”")


def test_unchanged_paragraphs_stay_unmarked_and_aligned_beside_the_changed_one():
    old = "第一段没有改。\n第二段说北京。\n第三段也没改。"
    new = "第一段没有改。\n第二段说上海。\n第三段也没改。"
    rows = side_by_side(old, new)
    assert [row.changed for row in rows] == [False, True, False]
    assert rows[0].old == rows[0].new == "第一段没有改。"
    assert (rows[1].old, rows[1].new) == ("第二段说<del>北京</del>。", "第二段说<ins>上海</ins>。")


def test_an_added_paragraph_faces_an_empty_cell():
    rows = side_by_side("甲。\n乙。", "甲。\n新增一段。\n乙。")
    assert [(row.old, row.new) for row in rows if row.changed] == [("", "<ins>新增一段。</ins>")]


def test_markup_in_the_texts_is_shown_escaped_never_run():
    old, new = characters("<p>旧</p>", "<p>新<script>alert(1)</script></p>")
    assert "<script>" not in new and "&lt;script&gt;" in new
    assert old.startswith("&lt;p&gt;")


def test_html_source_is_compared_paragraph_by_paragraph():
    rows = side_by_side(html_lines("<p>甲</p><p>乙</p><p>丙</p>"), html_lines("<p>甲</p><p>乙二</p><p>丙</p>"))
    assert [row.changed for row in rows] == [False, True, False]
    assert rows[1].new == "&lt;p&gt;乙<ins>二</ins>&lt;/p&gt;"


def test_a_body_written_on_one_line_is_compared_sentence_by_sentence():
    rows = side_by_side("第一句话。第二句说北京！第三句话。", "第一句话。第二句说上海！第三句话。")
    assert [(row.old, row.new) for row in rows] == [
        ("第一句话。", "第一句话。"), ("第二句说<del>北京</del>！", "第二句说<ins>上海</ins>！"),
        ("第三句话。", "第三句话。")]


def test_a_passage_too_long_to_compare_by_character_is_shown_replaced_whole():
    # One sentence each, past the character pass's bound: every other character changed would
    # otherwise be marked one by one.
    old, new = "甲乙" * 1500, "甲丙" * 1500
    assert characters(old, new) == (f"<del>{old}</del>", f"<ins>{new}</ins>")
