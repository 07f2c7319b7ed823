"""Credits of other outlets and eras (issue #15): each kind of miss the issue lists, made-up names.

The labelled real cases are scored in test_credit_cases.py; these pin one behaviour each.
"""

from __future__ import annotations

import datetime as dt

import pytest

from zixun.text import normalize, original_date, original_date_label, parse_byline
from zixun.text.names import names_at, resolve_date
from zixun.text.outlets import gazetteer, has_outlet_shape, outlet_ending

DAY = dt.date(2012, 6, 20)


def credit(text: str, context: dt.date | None = DAY) -> dict:
    return parse_byline(normalize(text), context).to_dict()


def test_a_byline_after_a_title_glued_to_the_body_names_the_reporter() -> None:
    got = credit("基金转向寻找轮动机会本报记者 张三尽管近期市场波动加大，但资金仍在流入。")
    assert got["authors"] == ["张三"] and got["outlet"] is None


@pytest.mark.parametrize(
    "text",
    [
        "本报记者 张三\n今天上午，市政府召开新闻发布会。",
        "本报驻伦敦记者 张三\n英国议会今天开会。",
        "□本报记者 张三\n昨天，市场平稳。",
        "⊙本报记者 张三\n基金发行提速。",
    ],
)
def test_this_papers_reporter_without_brackets_or_after_a_marker_is_the_author(text) -> None:
    got = credit(text)
    assert got["authors"] == ["张三"] and got["outlet"] is None


def test_a_marker_and_an_outlet_before_the_reporter_give_both() -> None:
    assert credit("○晨报记者 张三 文\n昨天下午，市区发生一起车祸。")["authors"] == ["张三"]


@pytest.mark.parametrize(
    "text", ["张三/文\n春天来了，公园里的花开了。", "文/张三\n春天来了。", "文/表 记者张三\n数据显示，物价平稳。"]
)
def test_slash_forms_name_the_writer(text) -> None:
    assert credit(text)["authors"] == ["张三"]


def test_a_name_spaced_out_to_two_columns_is_one_name_and_its_magazine_the_outlet() -> None:
    got = credit("文/图 某某杂志记者 张 三\n这是一个故事。")
    assert got["authors"] == ["张三"] and got["outlet"] == "某某杂志"


def test_a_credit_closing_the_story_names_outlet_and_reporter() -> None:
    got = credit("火箭最后一战告别主场。球员们为球迷签名留念。（某某体育 张三 发自休斯敦）")
    assert got["outlet"] == "某某体育" and got["authors"] == ["张三"]


def test_a_reporter_line_closing_the_story_after_its_last_sentence_is_the_author() -> None:
    got = credit("这样的后卫正是球队多年苦苦寻找的。晶报记者 张三")
    assert got["outlet"] == "晶报" and got["authors"] == ["张三"]


@pytest.mark.parametrize(
    ("text", "outlet", "authors"),
    [
        ("湖人双杀国王某某体育讯北京时间4月12日，湖人击败国王。", "某某体育", []),
        ("南都讯 记者张三 昨日，深圳地铁宣布新线路开通。", "南都", ["张三"]),
        ("设计师谈新家某某家居张三讯 近日，家居展开幕。", "某某家居", ["张三"]),
    ],
)
def test_portal_openers_name_the_outlet_even_after_a_glued_title(text, outlet, authors) -> None:
    got = credit(text)
    assert (got["outlet"], got["authors"]) == (outlet, authors)


def test_a_note_in_brackets_after_the_outlet_leaves_outlet_date_and_reporter() -> None:
    got = credit("中新网(微博)北京9月21日电(张三)外交部今天举行例行记者会。")
    assert (got["outlet"], got["original_date"], got["authors"]) == ("中新网", "2011-09-21", ["张三"])


def test_reporters_of_other_units_in_the_bracket_are_authors_too() -> None:
    got = credit("新华网北京6月9日电（记者张三 某电台李四 通讯员王五）今天召开会议。")
    assert got["authors"] == ["张三", "李四", "王五"]


def test_full_width_digits_in_a_dateline_give_its_date() -> None:
    got = parse_byline("中广网唐山６月１２日消息（记者张三）今天上午，销毁行动启动。", DAY).to_dict()
    assert (got["outlet"], got["original_date"], got["authors"]) == ("中广网", "2012-06-12", ["张三"])


def test_a_wire_desks_dispatch_is_a_dateline() -> None:
    got = credit("新华社南京3月27日专电（记者张三）江苏启动申遗。", dt.date(2015, 3, 27))
    assert (got["outlet"], got["original_date"]) == ("新华社", "2015-03-27")


@pytest.mark.parametrize(
    "text",
    [
        "记者从市教育局获悉，今年招生计划公布。",
        "这家电视台播出了新闻。他打电话给电力公司。",
        "7月25日，记者罗马诺消息，球队报价一亿。",
        "此前报道：据新华社6月3日消息，列车脱轨。",
        "主持人主动找到本报记者谈及此事。",
        "最近，河南台都市频道记者，冒死卧底长达120天。",
    ],
)
def test_prose_about_reporters_outlets_and_electricity_credits_nobody(text) -> None:
    got = credit(text)
    assert got["outlet"] is None and got["authors"] == []


def test_glued_names_split_at_surnames_and_stop_at_a_role() -> None:
    assert names_at("刘海涛周青莎本报通讯员赵栋梁", 0) == (["刘海涛", "周青莎"], 6)
    assert names_at("李良 王妮娜记者从中银基金获悉", 0) == (["李良", "王妮娜"], 6)


def test_an_unknown_outlet_is_found_by_its_shape_only_where_its_start_is_marked() -> None:
    assert has_outlet_shape("某某晚报") and not has_outlet_shape("本报")
    assert outlet_ending("某某晚报", bounded=True) == "某某晚报"
    assert outlet_ending("今天天气不错某某晚报", bounded=False) is None
    assert "新浪体育" in gazetteer()


def test_a_date_without_a_year_and_without_a_context_is_left_out() -> None:
    assert resolve_date(None, 8, 7, None) is None
    assert credit("中新网天津8月7日电 (记者 张三)今天", context=None)["original_date"] is None


def test_a_date_without_a_year_is_never_after_the_context() -> None:
    assert resolve_date(None, 12, 30, dt.date(2016, 1, 2)) == dt.date(2015, 12, 30)


def test_the_reference_reposts_original_date_is_shown_in_july_2024() -> None:
    text = "【文/观察者网 严珊珊】据日本《读卖新闻》7月21日报道,多名日本政府相关人士透露"
    posted = dt.date(2025, 3, 14)
    day = original_date(parse_byline(normalize(text), posted), posted, text)
    assert day == dt.date(2024, 7, 21) and original_date_label(day) == "原发于 2024年7月21日"


def test_a_story_posted_the_day_of_its_dateline_shows_no_original_date() -> None:
    posted = dt.date(2016, 7, 24)
    byline = parse_byline("新华社北京7月24日电（记者 张三）今天", posted)
    assert original_date(byline, posted) is None


def test_a_full_date_opening_the_story_dates_an_old_repost() -> None:
    text = "2012年7月16日上午，一位老人在风雨中跪坐在地上。"
    posted = dt.date(2013, 1, 5)
    assert original_date(parse_byline(text, posted), posted, text) == dt.date(2012, 7, 16)
