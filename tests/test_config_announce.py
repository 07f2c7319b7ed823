"""The announcement settings (WebSub, Baidu push, IndexNow): off by default, loud when wrong."""

import pytest

from zixun.config import BAIDU_PUSH_DEFAULT, ConfigError, load


def test_announcements_are_off_by_default(tmp_path):
    announce = load({"ZIXUN_DATA_DIR": str(tmp_path)}).announce
    assert not announce.enabled and announce.site_url == ""
    assert announce.baidu_endpoint == BAIDU_PUSH_DEFAULT


def test_a_configured_hub_and_keys_are_read_with_the_site_address(tmp_path):
    config = load({"ZIXUN_DATA_DIR": str(tmp_path), "ZIXUN_SITE_URL": "https://news.example.com/",
                   "ZIXUN_WEBSUB_HUB": "https://pubsubhubbub.appspot.com/",
                   "ZIXUN_BAIDU_PUSH_TOKEN": "tok", "ZIXUN_INDEXNOW_KEY": "a1b2c3d4e5f6"})
    announce = config.announce
    assert announce.site_url == "https://news.example.com"
    assert announce.websub_hub == "https://pubsubhubbub.appspot.com"
    assert announce.enabled
    shown = config.describe()
    assert shown["ZIXUN_BAIDU_PUSH_TOKEN"] == "****" and shown["ZIXUN_INDEXNOW_KEY"] == "****"


@pytest.mark.parametrize("environ, words", [
    ({"ZIXUN_WEBSUB_HUB": "hub.example.com"}, "ZIXUN_WEBSUB_HUB='hub.example.com' is not an http(s)"),
    ({"ZIXUN_SITE_URL": "ftp://news.example.com"}, "ZIXUN_SITE_URL"),
    ({"ZIXUN_WEBSUB_HUB": "https://hub.example.com"}, "need ZIXUN_SITE_URL"),
    ({"ZIXUN_BAIDU_PUSH_TOKEN": "tok"}, "need ZIXUN_SITE_URL"),
    ({"ZIXUN_SITE_URL": "https://a.example", "ZIXUN_INDEXNOW_KEY": "short"}, "8 to 128"),
    ({"ZIXUN_SITE_URL": "https://a.example", "ZIXUN_INDEXNOW_KEY": "has spaces in it"}, "8 to 128"),
    ({"ZIXUN_BAIDU_PUSH_URL": "data.zz.baidu.com/urls"}, "ZIXUN_BAIDU_PUSH_URL"),
])
def test_a_bad_announcement_setting_fails_loudly_naming_it(tmp_path, environ, words):
    with pytest.raises(ConfigError, match=words.replace("(", r"\(").replace(")", r"\)")):
        load({"ZIXUN_DATA_DIR": str(tmp_path), **environ})
