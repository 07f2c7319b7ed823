"""What extraction tells apart on pages it has never seen: times, people, outlets, scripts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.extract.test_extract import PARAGRAPHS, page
from zixun.extract import extract
from zixun.lib.dates import SHANGHAI

FETCHED = datetime(2025, 3, 14, 21, 0, tzinfo=SHANGHAI)
NO_ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "extract" / "no-article"


@pytest.mark.parametrize("printed, expected", [
    ("刚刚", datetime(2025, 3, 14, 21, 0)),
    ("3小时前", datetime(2025, 3, 14, 18, 0)),
    ("昨天 10:20", datetime(2025, 3, 13, 10, 20)),
    ("前天 08:05", datetime(2025, 3, 12, 8, 5)),
])
def test_relative_times_count_back_from_the_fetch_time(printed, expected):
    draft = extract(page(f"{printed} 来源：新京报"), fetched_at=FETCHED)
    assert draft.published_at == expected.replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize("printed", [
    "２０２５年３月１４日 ２０：２９",  # full-width digits
    "2025年03月14日 下午 08:29",  # Taiwan's 12-hour clock
    "2025/3/14 晚上8:29",
])
def test_full_width_and_twelve_hour_times_are_read(printed):
    assert extract(page(printed)).published_at == datetime(2025, 3, 14, 20, 29, tzinfo=SHANGHAI)


@pytest.mark.parametrize("header", [
    "更新时间：2025-03-15 09:00 发布时间：2025-03-14 20:29",
    "发布时间：2025-03-14 20:29 最后更新：2025-03-15 09:00",
])
def test_the_publish_time_wins_over_the_update_time(header):
    assert extract(page(header)).published_at == datetime(2025, 3, 14, 20, 29, tzinfo=SHANGHAI)


def test_the_editor_in_the_header_is_an_editor_not_an_author():
    draft = extract(page("2025-03-14 20:29 来源：北京日报 作者：王小明 责任编辑：张三"))
    assert draft.authors == ["王小明"]
    assert draft.editors == ["张三"]


def test_an_editor_alone_is_never_taken_for_the_author():
    draft = extract(page("2025-03-14 20:29 来源：北京日报", body=PARAGRAPHS + "<p>责任编辑：张三</p>"))
    assert draft.authors == []
    assert draft.editors == ["张三"]


@pytest.mark.parametrize("header", [
    "新京报 百家号 2025-03-14 20:29",
    "百家号 新京报 2025-03-14 20:29",
    "2025-03-14 20:29 来源：新京报 微信公众号 新京报",
])
def test_the_platform_is_never_the_outlet(header):
    assert extract(page(header)).original_outlet == "新京报"


TAIWAN_PAGE = """<html><head><meta charset="utf-8"><title>平鎮輪胎行惡火 疏散7人_某某新聞網</title>
</head><body><div class="nav"><a href="/">首頁</a><a href="/s">社會</a></div>
<h1>平鎮輪胎行惡火 疏散7人</h1>
<div class="info">2016年03月19日 上午 10:48 來源：某某新聞網 記者邱俊欽／桃園報導</div>
<div class="article">
<p>桃園市平鎮區一家輪胎行今天上午發生火警，消防人員到場後疏散7人，火勢在1小時後撲滅。</p>
<p>消防局表示，起火原因仍待調查，現場堆放大量輪胎，燃燒時冒出濃密黑煙，附近居民紛紛走避。</p>
<p>警方已封鎖現場，並通知環保單位到場監測空氣品質，呼籲民眾緊閉門窗，避免吸入有毒氣體。</p>
<p>本新聞文字、照片、影片專供會員閱覽，版權所有，禁止任何媒體轉載。</p>
</div></body></html>"""


def test_a_traditional_page_is_read_whole_and_kept_as_published():
    draft = extract(TAIWAN_PAGE)
    assert draft.title == "平鎮輪胎行惡火 疏散7人"
    assert draft.published_at == datetime(2016, 3, 19, 10, 48, tzinfo=SHANGHAI)
    assert draft.authors == ["邱俊欽"]  # Traditional, as printed
    assert draft.body_text.startswith("桃園市平鎮區一家輪胎行")
    assert "版權所有" not in draft.body_text  # the copyright notice is not story


def test_a_closing_slash_credit_names_the_reporter():
    body = PARAGRAPHS + "<p>警方已報請相驗，將進一步釐清死因。（王煌忠／台中報導）</p>"
    assert extract(page("2025-03-14 20:29", body=body)).authors == ["王煌忠"]


def test_a_desk_filing_a_roundup_is_no_author():
    assert extract(page("2025-03-14 20:29 社會中心／綜合報導")).authors == []


@pytest.mark.parametrize("name, reason", [
    ("index.html", "an index page"),
    ("not-found.html", "page not found"),
    ("login-wall.html", "login required"),
])
def test_pages_without_an_article_carry_the_reason(name, reason):
    assert extract((NO_ARTICLE / name).read_bytes()).not_article.startswith(reason)


def test_a_short_dated_article_is_still_an_article():
    body = "<p>新京报讯 今天上午，本市首条无人驾驶公交线路开通，市民可免费试乘一个月。</p>"
    assert extract(page("2025-03-14 20:29", body=body)).not_article == ""


def thread_page(first_post: str) -> str:
    replies = "".join(
        f'<div class="post"><div class="post-head"><span class="username">网友{i}</span>'
        f'<span class="time">2024-05-1{i} 20:2{i}</span></div>'
        f'<div class="post-body"><p>第{i}楼回复：我也遇到过同样的问题，后来重装就好了，谢谢分享。</p></div></div>'
        for i in range(2, 6))
    return (
        "<html><head><title>升级后无法登录怎么办？ - 某某论坛</title></head><body>"
        '<div class="nav"><a href="/">首页</a><a href="/f">版块</a></div>'
        "<h1>升级后无法登录怎么办？</h1><div class='thread'>"
        '<div class="post"><div class="post-head"><span class="avatar">楼</span>'
        '<span class="username">楼主小王</span><span class="time">2024-05-10 08:00</span></div>'
        f'<div class="post-body">{first_post}</div>'
        '<footer><span class="username">网友9</span> 等 4 人回复了此帖</footer></div>'
        f"{replies}</div>"
        '<div class="related"><h3>相关推荐</h3><a href="/t/2">另一个帖子的标题很长很长</a></div>'
        "</body></html>")


def test_a_thread_gives_its_first_post_and_poster_never_the_replies():
    draft = extract(thread_page(
        "<p>昨天把系统升级到新版本以后，输入正确的密码也提示错误，清除缓存也没有用。</p>"
        "<p>请问有没有人知道该怎么处理？</p>"))
    assert draft.title == "升级后无法登录怎么办？"
    assert draft.body_text.startswith("昨天把系统升级到新版本以后")
    assert draft.body_text.endswith("请问有没有人知道该怎么处理？")
    assert "回复" not in draft.body_text and "相关推荐" not in draft.body_text
    assert draft.authors == ["楼主小王"]


def test_a_one_line_first_post_is_kept_without_the_replies():
    draft = extract(thread_page("求助：升级后登录不了"))
    assert "升级后登录不了" in draft.body_text
    assert "楼回复" not in draft.body_text


@pytest.mark.parametrize("printed, hour, minute", [
    ("2025年03月14日 上午 12:05", 0, 5),
    ("2025年03月14日 中午 12:30", 12, 30),
    ("2025年03月14日 下午 12:30", 12, 30),
    ("2025年03月14日 凌晨 2:10", 2, 10),
])
def test_the_twelve_hour_clock_turns_at_noon_and_midnight(printed, hour, minute):
    expected = datetime(2025, 3, 14, hour, minute, tzinfo=SHANGHAI)
    assert extract(page(printed)).published_at == expected
