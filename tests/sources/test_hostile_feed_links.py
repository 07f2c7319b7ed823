"""A feed's item address is never stored or shown as a script link (RSS, Atom, JSON Feed)."""

from __future__ import annotations

import json

import pytest

from tests.sources.test_polling import poll
from zixun.articles.models import Article

SCRIPT_URL = "javascript:alert(document.domain)//"
BODY = '<p>正文第一段，足够长的一段文字。</p><a href="">原文</a>'

RSS_FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>t</title><link>https://news.example.cn/</link>
<item><title>RSS 条目</title><link>{SCRIPT_URL}</link><guid>rss-1</guid>
<description><![CDATA[{BODY}]]></description></item></channel></rss>"""
ATOM_FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:t</id><updated>2025-03-14T00:00:00Z</updated>
<entry><title>Atom 条目</title><id>urn:atom-1</id><updated>2025-03-14T00:00:00Z</updated>
<link rel="alternate" href="{SCRIPT_URL}"/><content type="html"><![CDATA[{BODY}]]></content></entry></feed>"""
JSON_FEED = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [
    {"id": "json-1", "title": "JSON 条目", "url": SCRIPT_URL, "content_html": BODY,
     "image": "data:image/svg+xml,<svg onload=alert(1)>"}]})


@pytest.mark.parametrize("body, kind", [
    (RSS_FEED, "application/rss+xml"),
    (ATOM_FEED, "application/atom+xml"),
    (JSON_FEED, "application/feed+json"),
])
def test_a_script_item_address_is_dropped_and_its_empty_link_stays_harmless(
        http_server, make_feed, policy, client, body, kind):
    srv = http_server({"/feed": (200, {"Content-Type": kind}, body.encode("utf-8"))})
    feed = make_feed(srv.url("/feed"), fetch_pages=False)
    run = poll(feed, policy)
    assert run.counts.created == 1
    article = Article.objects.get(feed=feed)
    assert (article.original_url, article.cover_image) == ("", "")
    assert "javascript" not in article.body_html and "原文</a>" in article.body_html
    assert "javascript:" not in client.get(article.get_absolute_url()).content.decode()
