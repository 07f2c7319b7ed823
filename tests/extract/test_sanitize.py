"""Sanitised article HTML: safe to show, links absolute and untracked."""

from __future__ import annotations

from zixun.extract.sanitize import sanitize_html

BASE = "https://news.example.cn/2025/03/14/a.html"


def test_scripts_styles_and_event_handlers_are_removed():
    dirty = ('<p onclick="steal()">新闻<script>alert(1)</script><style>p{}</style></p>'
             '<img src="x.jpg" onerror="steal()"><iframe src="https://evil.example"></iframe>')
    clean = sanitize_html(dirty, BASE)
    assert "script" not in clean and "alert" not in clean and "style" not in clean
    assert "onclick" not in clean and "onerror" not in clean and "iframe" not in clean
    assert "新闻" in clean


def test_javascript_and_data_urls_are_dropped():
    clean = sanitize_html(
        '<a href="javascript:alert(1)">点</a><img src="data:image/png;base64,AA">', BASE
    )
    assert "javascript" not in clean and "data:" not in clean
    assert "点" in clean


def test_links_are_made_absolute_and_lose_tracking_parameters():
    clean = sanitize_html('<a href="../b.html?id=3&utm_source=wx&spm=1">相关</a>'
                          '<img src="/img/1.jpg?from=timeline">', BASE)
    assert 'href="https://news.example.cn/2025/03/b.html?id=3"' in clean
    assert 'src="https://news.example.cn/img/1.jpg"' in clean
    assert 'rel="noopener noreferrer nofollow"' in clean


def test_structure_tags_are_kept_and_unknown_ones_unwrapped():
    clean = sanitize_html("<h3>小标题</h3><blockquote>引语</blockquote><font>正文</font>", None)
    assert clean == "<h3>小标题</h3><blockquote>引语</blockquote>正文"


def test_an_empty_link_on_a_page_whose_address_is_a_script_stays_empty():
    clean = sanitize_html('<a href="">x</a><img src="">', "javascript:alert(document.domain)//")
    assert "javascript" not in clean and "x" in clean


def test_data_vbscript_and_mailto_links_lose_their_href():
    clean = sanitize_html('<a href="data:text/html,<b>1</b>">d</a><a href="vbscript:msgbox(1)">v</a>'
                          '<a href="mailto:a@example.cn">m</a>', BASE)
    assert "href" not in clean and "d" in clean and "v" in clean and "m" in clean
