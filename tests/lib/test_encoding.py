"""Decoding page bytes: no mojibake whatever the page declares (or fails to)."""

from __future__ import annotations

from pathlib import Path

import pytest

from zixun.extract import extract
from zixun.lib.encoding import decode_html

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "extract" / "pages"
TITLE = "国务院联防联控机制：湖北和武汉要严格管控防输出"
PAGE = (
    f"<html><head><title>{TITLE}</title></head>"
    "<body><p>新华社北京电，疫情防控。</p></body></html>"
)


@pytest.mark.parametrize("codec", ["utf-8", "gbk", "gb18030"])
def test_undeclared_chinese_pages_are_detected(codec):
    assert TITLE in decode_html(PAGE.encode(codec), None)


def test_undeclared_big5_page_is_detected():
    page = (
        "<html><head><title>颱風來襲 臺灣北部停班停課</title></head>"
        "<body><p>中央氣象局表示，颱風預計今晚登陸，民眾應做好防颱準備。</p></body></html>"
    )
    assert "颱風來襲 臺灣北部停班停課" in decode_html(page.encode("big5"), None)


def test_gb2312_label_is_read_as_gb18030_so_rare_characters_survive():
    # 镕 and 堃 are outside GB2312 but GBK/GB18030 pages labelled gb2312 use them anyway.
    page = '<meta charset="gb2312"><title>朱镕基 王堃</title>'.encode("gb18030")
    assert "朱镕基 王堃" in decode_html(page, None)


def test_header_charset_wins_over_detection():
    assert TITLE in decode_html(PAGE.encode("gbk"), "text/html; charset=GBK")


def test_a_lying_header_falls_back_to_the_meta_declaration():
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=gbk">'
    page = (meta + PAGE).encode("gbk")
    assert TITLE in decode_html(page, "text/html; charset=utf-8")


def test_utf8_bom_is_honoured_and_removed():
    text = decode_html(b"\xef\xbb\xbf" + PAGE.encode("utf-8"), "text/html; charset=gbk")
    assert text.startswith("<html>") and TITLE in text


def test_real_gb2312_page_gives_a_clean_title():
    draft = extract((PAGES / "people-1.html").read_bytes())
    assert draft.title == "女儿出嫁，郑板桥画了几笔兰花当嫁妆"
    assert "\ufffd" not in draft.body_text
