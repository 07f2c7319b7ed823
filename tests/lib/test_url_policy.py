"""The one URL policy: a link zixun shows is http(s) or relative, judged after joining."""

from __future__ import annotations

import pytest

from zixun.lib.urls import is_safe_link, is_web_address, safe_link, web_address

HOSTILE = [
    "javascript:alert(1)", " JaVa\tScript:alert(1)", "java\nscript:alert(1)", "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)", "mailto:a@example.cn",
    "jar:https://a.cn/x!/", "file:///etc/passwd", "ftp://a.cn/x",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_any_scheme_but_http_and_https_is_refused(url):
    assert not is_safe_link(url)
    assert safe_link(url, "https://news.example.cn/a.html") is None
    assert not is_web_address(url) and web_address(url) == ""


@pytest.mark.parametrize("url", ["/a/1/", "b.html", "?page=2", "#top", "//cdn.example.cn/1.jpg",
                                 "https://a.cn/", "HTTP://A.CN/x"])
def test_relative_and_http_links_are_safe(url):
    assert is_safe_link(url)


def test_an_empty_link_joined_to_a_script_base_is_not_the_base():
    assert safe_link("", "javascript:alert(document.domain)//") == ""
    assert safe_link("#note", "javascript:alert(1)//", keep_fragment=True) == "#note"


def test_an_empty_link_joined_to_a_web_base_is_the_base_untracked():
    assert safe_link("", "https://a.cn/x.html?utm_source=wx") == "https://a.cn/x.html"


def test_a_stored_address_must_be_absolute_http_with_a_host():
    assert web_address(" https://news.example.cn/a.html ") == "https://news.example.cn/a.html"
    assert web_address("/a/1/") == "" and web_address("https:///nohost") == ""
    assert web_address("http://www.<script>alert(1)</script .com") == ""
    assert web_address("https://新闻.中国/a") == "https://新闻.中国/a"
    assert web_address("http://[2001:db8::1]/a") == "http://[2001:db8::1]/a"
