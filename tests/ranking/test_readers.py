"""Who counts as a reader: crawlers, HTTP libraries and prefetches do not."""

from __future__ import annotations

import pytest

from zixun.ranking.readers import is_bot, is_prefetch

CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36"
)
WECHAT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Mobile/15E148 MicroMessenger/8.0.49(0x18003129) NetType/WIFI Language/zh_CN"
)


@pytest.mark.parametrize("agent", [
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
    "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 "
    "(compatible; Bytespider; spider-feedback@bytedance.com)",
    "python-requests/2.31.0",
    "curl/8.5.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0 Safari/537.36",
])
def test_crawlers_and_scripts_are_not_readers(agent):
    assert is_bot(agent)


@pytest.mark.parametrize("agent", [CHROME, WECHAT])
def test_browsers_and_the_wechat_reader_are_readers(agent):
    assert not is_bot(agent)


@pytest.mark.parametrize("headers", [
    {"Sec-Purpose": "prefetch"},
    {"Sec-Purpose": "prefetch;prerender"},
    {"Purpose": "prefetch"},
    {"X-Moz": "prefetch"},
])
def test_speculative_loads_are_not_reads(headers):
    assert is_prefetch(headers)


def test_an_ordinary_navigation_is_not_a_prefetch():
    assert not is_prefetch({"Accept": "text/html", "User-Agent": CHROME})
