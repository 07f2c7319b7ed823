"""Reading import files: JSON Lines, CSV and WordPress WXR, with bad records reported, not fatal."""

from __future__ import annotations

import gzip
import json
from datetime import timedelta

from zixun.extract.draft import ArticleDraft
from zixun.pipeline.records import RecordError, read_records

WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>博客</title>
<wp:author><wp:author_login>zhang</wp:author_login><wp:author_display_name>张三</wp:author_display_name></wp:author>
<item><title>第一篇</title><link>https://blog.example.org/1</link><guid>https://blog.example.org/?p=1</guid>
 <dc:creator>zhang</dc:creator><content:encoded><![CDATA[<p>正文一</p>]]></content:encoded>
 <wp:post_date_gmt>2024-05-01 02:00:00</wp:post_date_gmt><wp:status>publish</wp:status>
 <wp:post_type>post</wp:post_type><category domain="category" nicename="tech">科技</category>
 <category domain="post_tag" nicename="ai">人工智能</category></item>
<item><title>图片</title><wp:post_type>attachment</wp:post_type></item>
<item><title>草稿</title><guid>https://blog.example.org/?p=3</guid><wp:status>draft</wp:status>
 <wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt><wp:post_type>post</wp:post_type></item>
</channel></rss>"""


def test_demo_like_json_lines_map_their_fields(tmp_path):
    path = tmp_path / "a.jsonl.gz"
    record = {"id": "7", "title": "标题", "body": "第一段\n第二段", "date": "2022-09-24",
              "source": "央视网/新闻联播", "tags": ["甲", "乙"]}
    path.write_bytes(gzip.compress((json.dumps(record, ensure_ascii=False) + "\n").encode()))
    [(where, raw)] = list(read_records(path, guid_prefix="xwlb:"))
    assert isinstance(raw, ArticleDraft)
    assert (raw.guid, raw.source, raw.account, raw.tags) == ("xwlb:7", "央视网", "新闻联播", ["甲", "乙"])
    assert raw.published_at.utcoffset() == timedelta(hours=8)
    assert raw.summary is None, "no summary given: the text stage will write one"


def test_bad_lines_are_reported_with_their_line_number_and_the_rest_is_read(tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_text('{"title": "好"}\nnot json\n{"body": "无标题"}\n{"title": "日期", "date": "某天"}\n')
    results = list(read_records(path))
    assert isinstance(results[0][1], ArticleDraft)
    assert results[1][0] == "第 2 行" and isinstance(results[1][1], RecordError)
    assert "标题" in str(results[2][1])
    assert "日期" in str(results[3][1])


def test_csv_rows_take_tags_as_comma_separated_text(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("guid,title,text,tags,published_at\ng1,标题,正文,\"甲,乙\",2024-01-02T03:04:05+08:00\n")
    [(_, raw)] = list(read_records(path))
    assert raw.tags == ["甲", "乙"] and raw.body_text == "正文" and raw.guid == "g1"


def test_wordpress_export_gives_posts_with_author_names_channel_tags_and_status(tmp_path):
    path = tmp_path / "site.xml"
    path.write_text(WXR)
    posts = [raw for _, raw in read_records(path)]
    assert [p.title for p in posts] == ["第一篇", "草稿"], "attachments are left out"
    first = posts[0]
    assert (first.author, first.channel, first.tags) == ("张三", "科技", ["人工智能"])
    assert first.published_at.isoformat() == "2024-05-01T02:00:00+00:00"
    assert posts[1].status == "draft"
