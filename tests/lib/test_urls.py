"""URL cleaning: one article, one address."""

from __future__ import annotations

from zixun.lib.urls import clean_url, is_safe_link


def test_tracking_parameters_and_fragment_are_dropped_but_real_ones_kept():
    url = "https://news.163.com/19/0907/a.html?id=7&utm_source=wx&spm=a.b&from=timeline#comments"
    assert clean_url(url) == "https://news.163.com/19/0907/a.html?id=7"


def test_relative_and_protocol_relative_links_become_absolute():
    assert clean_url("../img/1.jpg", "http://www.people.com.cn/n1/2019/a.html") == (
        "http://www.people.com.cn/n1/img/1.jpg"
    )
    assert clean_url("//inews.gtimg.com/a.png") == "https://inews.gtimg.com/a.png"


def test_wechat_article_keeps_only_its_identity_parameters():
    url = ("https://mp.weixin.qq.com/s?__biz=MzA&mid=265&idx=1&sn=abc&chksm=8b&scene=21"
           "&sharer_sharetime=1")
    assert clean_url(url) == "https://mp.weixin.qq.com/s?__biz=MzA&mid=265&idx=1&sn=abc"


def test_script_and_data_links_are_not_safe():
    assert not is_safe_link("javascript:alert(1)")
    assert not is_safe_link(" JaVa\tScript:alert(1)")
    assert not is_safe_link("data:text/html;base64,PHNjcmlwdD4=")
    assert is_safe_link("/relative/path.html") and is_safe_link("https://a.cn/")
