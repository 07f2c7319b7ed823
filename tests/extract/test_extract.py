"""extract(): what an editor sees when they paste an article's page."""

from __future__ import annotations

from datetime import datetime

from zixun.extract import extract
from zixun.extract.metadata import strip_site_suffix
from zixun.lib.dates import SHANGHAI

PARAGRAPHS = "".join(
    f"<p>第{i}段：记者从有关部门获悉，今年以来，全市交通建设稳步推进，多个项目按期完工，"
    f"市民出行更加便利。</p>" for i in range(1, 7)
)


def page(header: str, body: str = PARAGRAPHS, head: str = "") -> str:
    return (
        f"<html><head><title>全市交通建设稳步推进_某某新闻网</title>{head}</head><body>"
        '<div class="nav"><a href="/">首页</a><a href="/n">新闻</a></div>'
        f"<h1>全市交通建设稳步推进</h1><div class='info'>{header}</div>"
        f"<div class='article'>{body}</div>"
        '<div class="related"><a href="/1">另一条新闻标题很长很长很长</a></div></body></html>'
    )


def test_title_loses_the_site_suffix():
    assert extract(page("2025-03-14 20:29")).title == "全市交通建设稳步推进"


def test_site_suffixes_of_common_portals_are_stripped():
    assert strip_site_suffix("姚明对周琦说了啥？周琦上下半场判若两人_网易新闻") == (
        "姚明对周琦说了啥？周琦上下半场判若两人")
    assert strip_site_suffix("法国全国大罢工再次严重影响交通-新华网") == (
        "法国全国大罢工再次严重影响交通")
    assert strip_site_suffix("陈同佳刑满出狱 向潘晓颖家人鞠躬致歉|香港_新浪新闻") == (
        "陈同佳刑满出狱 向潘晓颖家人鞠躬致歉")


def test_header_line_gives_time_source_and_author():
    draft = extract(page("发布时间：2025年3月14日 20:29 来源：北京日报 作者：王小明"))
    assert draft.published_at == datetime(2025, 3, 14, 20, 29, tzinfo=SHANGHAI)
    assert draft.original_outlet == "北京日报"
    assert draft.authors == ["王小明"]


def test_relative_time_counts_back_from_the_fetch_time():
    fetched = datetime(2025, 3, 14, 21, 0, tzinfo=SHANGHAI)
    draft = extract(page("3小时前 来源：新京报"), fetched_at=fetched)
    assert draft.published_at == datetime(2025, 3, 14, 18, 0, tzinfo=SHANGHAI)


def test_relative_time_without_a_fetch_time_is_left_unknown():
    assert extract(page("昨天 来源：新京报")).published_at is None


def test_body_keeps_story_paragraphs_and_drops_navigation_and_credit_lines():
    body = PARAGRAPHS + "<p>（责任编辑：李四_NB12556）</p>"
    draft = extract(page("2025-03-14 20:29", body=body))
    lines = draft.body_text.split("\n")
    assert lines[0].startswith("第1段") and lines[-1].startswith("第6段")
    assert "首页" not in draft.body_text and "另一条新闻" not in draft.body_text
    assert draft.editors == ["李四"]


def test_dateline_reporter_becomes_the_author():
    body = "<p>新京报讯（记者 陆一夫）11月25日，拼多多宣布与亚马逊海外购合作。</p>" + PARAGRAPHS
    assert extract(page("2025-03-14 20:29", body=body)).authors == ["陆一夫"]


def test_lazy_images_keep_their_real_source_and_caption():
    body = ('<p><img src="data:image/gif;base64,R0lGOD" data-src="/pics/a.jpg?spm=x"></p>'
            "<p>市民在新站台候车</p>" + PARAGRAPHS)
    draft = extract(page("2025-03-14 20:29", body=body), url="https://news.example.cn/a.html")
    assert [(i.src, i.caption) for i in draft.images] == [
        ("https://news.example.cn/pics/a.jpg", "市民在新站台候车")]
    assert 'src="https://news.example.cn/pics/a.jpg"' in draft.body_html
    assert "data:" not in draft.body_html


def test_canonical_url_is_absolute_and_untracked():
    head = '<link rel="canonical" href="/2025/03/14/a.html?utm_source=weibo">'
    draft = extract(page("2025-03-14 20:29", head=head), url="https://news.example.cn/x?spm=1")
    assert draft.original_url == "https://news.example.cn/2025/03/14/a.html"


def test_to_dict_has_the_cli_json_keys_with_beijing_offset():
    data = extract(page("2025-03-14 20:29")).to_dict()
    for key in ("title", "author", "authors", "original_outlet", "published_at", "body_text",
                "body_html", "images", "original_url", "byline"):
        assert key in data
    assert data["published_at"] == "2025-03-14T20:29:00+08:00"


def test_junk_input_gives_an_empty_draft_not_an_error():
    draft = extract(b"\x00\x01 not html at all")
    assert draft.title == "" and draft.published_at is None
