"""The page's credit rules, read by zixun.text: header fields, editors, datelines, signatures."""

from __future__ import annotations

import subprocess
import sys

from zixun.text import (
    authors_in_credit_lines,
    clean_outlet_name,
    is_credit_line,
    is_editor_credit_line,
    labelled_authors,
    labelled_editors,
    labelled_outlet,
    outlet_from_source_field,
    signature_authors,
    split_names,
)


def test_a_source_field_under_the_headline_names_the_outlet() -> None:
    assert labelled_outlet("2019-09-07 13:43:45 来源：新京报 作者：王某") == "新京报"
    assert labelled_outlet("来源：网络") == ""  # a field, but no outlet: the caller stops there
    assert labelled_outlet("2019-09-07 13:43:45 新京报") is None


def test_a_source_meta_tag_names_its_outlet_but_not_an_id() -> None:
    assert outlet_from_source_field("来源：新京报 2019-09-07") == "新京报"
    assert outlet_from_source_field("10086") is None
    assert outlet_from_source_field("来源：") is None


def test_an_author_field_names_every_writer_as_printed() -> None:
    assert labelled_authors("来源：环球网 作者：叨叨姐、胡一刀&李小飞刀") == [
        "叨叨姐", "胡一刀", "李小飞刀"
    ]
    assert labelled_authors("作者： 责任编辑：杨倩") == []  # an empty author field


def test_the_editor_credit_names_the_editor_without_the_system_id() -> None:
    assert labelled_editors("正文。 责任编辑：杨倩_NF4425") == ["杨倩"]
    assert labelled_editors("编辑：张三 责任编辑：李四") == ["李四"]  # the last credit counts


def test_a_reporter_in_the_dateline_or_a_credit_line_is_an_author() -> None:
    assert authors_in_credit_lines(["新华社巴黎12月9日电（记者 唐霁）法国总统"]) == ["唐霁"]
    assert authors_in_credit_lines(["正文。", "澎湃新闻记者 段彦超 廖艳"]) == ["段彦超", "廖艳"]
    assert authors_in_credit_lines(["实习生 王五"]) == []


def test_a_closing_bracketed_name_signs_the_story_but_an_agency_or_end_mark_does_not() -> None:
    assert signature_authors("会议要求各地抓好落实。（李楠）") == ["李楠"]
    assert signature_authors("会议要求各地抓好落实。（新华社）") == []
    assert signature_authors("会议要求各地抓好落实。（完）") == []


def test_placeholders_are_never_names_or_outlets() -> None:
    assert split_names("佚名", as_printed=True) == []
    assert split_names("佚名") == []
    assert labelled_authors("作者：佚名") == []
    assert clean_outlet_name("未知") is None


def test_credit_lines_are_told_from_story_lines() -> None:
    for line in ("责任编辑：杨倩", "来源：新京报", "原标题：出租屋半年被偷8次", "记者 王晓洁",
                 "《棱镜》作者 周纯", "图片来源：视觉中国", "2019-09-07 13:43 来源：新京报"):
        assert is_credit_line(line), line
    assert not is_credit_line("记者从市教育局了解到，新学期将增加学位。")
    assert is_editor_credit_line("【责编：王五】") and is_editor_credit_line("责任编辑：杨倩")
    assert not is_editor_credit_line("编辑：王五")  # only the editor in charge closes a story


def test_zixun_text_loads_without_django_or_the_extract_package() -> None:
    code = (
        "import sys, zixun.text; "
        "print(sorted(m for m in sys.modules if m.startswith(('django', 'zixun.extract'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
