"""What zixun's fuzzing feeds and checks: hostile input to every reader, and what may come out.

Each target takes one drawn input and runs it through zixun the way real input goes: bytes of a
feed through `parse_feed`, the drafts of its entries and the text stage; bytes of a page
through decoding, `extract` and the text stage; an import file through `read_records` and the
text stage; any text through `zixun.text.analyze`. A target returns normally or raises one of
zixun's own refusals (`REFUSALS`), each with a message; anything else is a bug.

The strategies draw what real hostile input is made of: Chinese news text with credits and
datelines, markup and scripts, control characters, every encoding a Chinese page uses
(declared rightly, wrongly or not at all), and damaged files (cut, bytes flipped, gzip).
Used by tests/fuzz/test_hostile_input.py (a bounded sample) and bench/fuzz.py (long runs).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import strategies as st

from zixun.extract import extract
from zixun.lib.encoding import decode_html
from zixun.pipeline.feeds import entry_draft
from zixun.pipeline.prepare import prepare
from zixun.pipeline.records import RecordError, read_records
from zixun.sources.models import Feed, Source
from zixun.sources.parse import FeedParseError, parse_feed
from zixun.text import analyze, normalize, parse_byline, split_sentences

BASE = "https://news.example.com/2025/03/"
# zixun's refusals: each carries a sentence saying what is wrong with the input.
REFUSALS = (FeedParseError, RecordError)
CAP = 64 * 1024

SNIPPETS = [
    "新华社北京3月14日电", "（记者 张三 李四）", "来源：人民日报", "转自：央视新闻", "责任编辑：王五",
    "本报讯", "据新华社报道，", "。", "！", "？", "……", "——", "「", "」", "“", "”", "（", "）",
    "金秋时节，各地抢抓晴好天气收获秋粮，农机在田间穿梭。", "原标题：《一个标题》", "文/赵六",
    "2025年3月14日 20:29", "3月14日", "昨天", "刚刚", "5分钟前", "图为", "摄影：钱七",
    "<p>", "</p>", "<br>", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>", "<a href=\"\">空</a>", "&amp;", "&#0;", "&#x110000;",
    "&nbsp;", "]]>", "<![CDATA[", "<!--", "-->", "<?xml", "\x00", "\x0b", "\x1f", "\x7f",
    "\ud800", "\udfff", "\ufeff", "\u2028", "\u202e", "\u200b", "\u3000", "\ufffd", "e\u0301", "𠮷", "😀", "臺灣",
    "ｆｕｌｌｗｉｄｔｈ", "http://", "data:text/html,<b>", "\r\n", "\n\n", "\t", " ", "\\", '"', "'",
]
news_text = st.lists(
    st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=12)), max_size=24
).map("".join)
ENCODINGS = ["utf-8", "gbk", "gb18030", "gb2312", "big5", "utf-16", "utf-16-le", "latin-1",
             "shift_jis", "euc-kr", "cp1252", "utf-8-sig"]
DECLARED = [*ENCODINGS, None, "", "utf-7", "x-unknown", "utf8", "GB_2312-80", "unicode",
            "binary", "utf-32", "iso-2022-jp", "hz-gb-2312", "\"gbk\"", "gbk;", "\x00"]


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


def mutate(data: bytes, draw) -> bytes:
    """The bytes cut short, some bytes overwritten, or gzip-compressed (then maybe cut)."""
    kind = draw(st.sampled_from(["same", "cut", "flip", "gzip", "gzip-cut"]))
    if kind == "cut" and data:
        return data[: draw(st.integers(0, len(data) - 1))]
    if kind == "flip" and data:
        flipped = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            flipped[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(flipped)
    if kind.startswith("gzip"):
        packed = gzip.compress(data)
        return packed[: draw(st.integers(10, len(packed)))] if kind == "gzip-cut" else packed
    return data


# --- feeds -----------------------------------------------------------------------------------

entry_fields = st.fixed_dictionaries({
    "title": news_text, "link": st.one_of(news_text, st.sampled_from(
        ["/a/1.html", "javascript:alert(1)", "", "http://[::1", "//x", "?a=1", BASE + "b.html"])),
    "body": news_text, "guid": news_text, "date": st.one_of(news_text, st.sampled_from(
        ["Fri, 14 Mar 2025 20:29:00 +0800", "2025-03-14T20:29:00+08:00", "9999-99-99", "0",
         "Mon, 31 Feb 2025 25:61:00 GMT", "-1", "1e309"])),
    "author": news_text, "tag": news_text,
})


# Each XML feed format as (document, entry) templates; fields are filled in escaped, except
# the RSS body, which goes into CDATA as it is (a body may end the CDATA early: hostile too).
XML_FEEDS = {
    "rss": ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}'
            "</title><link>" + BASE + "</link>{entries}</channel></rss>",
            "<item><title>{title}</title><link>{link}</link><guid>{guid}</guid><pubDate>{date}"
            "</pubDate><author>{author}</author><category>{tag}</category><description>"
            "<![CDATA[{raw_body}]]></description></item>"),
    "atom": ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
             "<title>{title}</title>{entries}</feed>",
             '<entry><title>{title}</title><link rel="alternate" href="{link}"/><id>{guid}</id>'
             "<updated>{date}</updated><author><name>{author}</name></author>"
             '<category term="{tag}"/><content type="html">{body}</content></entry>'),
}


def xml_feed(kind: str, channel_title: str, entries: list[dict]) -> str:
    document, entry = XML_FEEDS[kind]
    items = "".join(entry.format(raw_body=e["body"], **{k: escape(v, {'"': "&quot;"})
                                                        for k, v in e.items()}) for e in entries)
    return document.format(title=escape(channel_title), entries=items)


json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), news_text)
json_value = st.recursive(json_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(news_text, inner, max_size=4)), max_leaves=12)


@st.composite
def json_feed(draw, channel_title: str, entries: list[dict]) -> str:
    items = []
    for e in entries:
        item = {"id": e["guid"], "url": e["link"], "title": e["title"], "content_html": e["body"],
                "date_published": e["date"], "authors": [{"name": e["author"]}], "tags": [e["tag"]]}
        for key in draw(st.lists(st.sampled_from(sorted(item) + ["image", "summary",
                                                               "content_text"]), max_size=3)):
            item[key] = draw(json_value)  # a field of the wrong type, or odd
        items.append(item)
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": channel_title, "items": items}
    if draw(st.booleans()):
        feed[draw(st.sampled_from(["items", "title", "version", "home_page_url"]))] = draw(json_value)
    return json.dumps(feed, ensure_ascii=draw(st.booleans()))


@st.composite
def feed_bytes(draw) -> bytes:
    """An RSS, Atom or JSON Feed document with hostile fields, maybe damaged; or any bytes."""
    kind = draw(st.sampled_from(["rss", "atom", "json", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=2048))
    title, entries = draw(news_text), draw(st.lists(entry_fields, max_size=4))
    text = draw(json_feed(title, entries)) if kind == "json" else xml_feed(kind, title, entries)
    return mutate(encode(text, draw(st.sampled_from(["utf-8", "utf-8", "gbk", "utf-16"]))), draw)


FEED = Feed(url=BASE + "feed.xml", source=Source(name="模糊测试"))


def run_feed(content: bytes) -> None:
    """Parse the feed bytes and put each entry through the text stage as a poll would."""
    try:
        parsed = parse_feed(content, FEED.url)
    except REFUSALS:
        return
    for entry in parsed.entries:
        prepare(entry_draft(FEED, entry))


# --- pages -----------------------------------------------------------------------------------

@st.composite
def page(draw) -> tuple[bytes, str | None]:
    """An HTML page in some encoding, with a (maybe wrong) declared charset; or any bytes."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=4096)), draw(st.one_of(st.none(), news_text))
    declared = draw(st.sampled_from(DECLARED))
    meta = f'<meta charset="{declared}">' if declared is not None and draw(st.booleans()) else ""
    paragraphs = "".join(f"<p>{draw(news_text)}</p>" for _ in range(draw(st.integers(0, 8))))
    html = (f"<!DOCTYPE html><html><head>{meta}<title>{draw(news_text)}</title>"
            f'<meta name="author" content="{escape(draw(news_text))}">'
            f'<meta property="article:published_time" content="{escape(draw(news_text))}">'
            f"</head><body><h1>{draw(news_text)}</h1><div class=\"article\">{paragraphs}"
            f"<img src=\"{escape(draw(news_text))}\" alt=\"{escape(draw(news_text))}\"></div>"
            f"</body></html>")
    content = mutate(encode(html, draw(st.sampled_from(ENCODINGS))), draw)
    content_type = f"text/html; charset={declared}" if declared is not None else draw(
        st.sampled_from([None, "text/html", "application/octet-stream", "text/html; charset"]))
    return content, content_type


def run_page(content: bytes, content_type: str | None) -> None:
    """Decode, extract and (when it is an article) prepare the page as a fetch would."""
    decode_html(content, content_type)
    draft = extract(content, url=BASE + "a.html", headers={"Content-Type": content_type or ""})
    if not draft.not_article:
        prepare(draft)


# --- import records --------------------------------------------------------------------------

RECORD_KEYS = ["id", "guid", "title", "body", "body_html", "text", "url", "date", "published_at",
               "source", "account", "author", "channel", "tags", "summary", "keywords", "byline",
               "original_outlet", "original_title", "original_published_at", "status",
               "view_count", "sponsored", "cover_image", "cover_caption", "created_at"]


@st.composite
def import_file(draw) -> tuple[bytes, str]:
    """A JSON Lines, CSV or WXR file of hostile records, maybe damaged; and its file name."""
    kind = draw(st.sampled_from(["jsonl", "csv", "wxr", "bytes"]))
    records = draw(st.lists(st.dictionaries(
        st.one_of(st.sampled_from(RECORD_KEYS), news_text), json_value, max_size=8), max_size=5))
    for record in records:
        if draw(st.booleans()):
            record["title"] = draw(news_text)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "gbk", "utf-16"]))
    if kind == "jsonl":
        lines = [json.dumps(r, ensure_ascii=draw(st.booleans())) for r in records]
        text = "\n".join(lines) + draw(st.sampled_from(["", "\n", "\r\n", "\n\n"]))
        data, name = encode(text, encoding), "f.jsonl"
    elif kind == "csv":
        out = io.StringIO()
        columns = sorted({key for record in records for key in record}) or ["title"]
        writer = csv.writer(out)
        writer.writerow(columns)
        for record in records:
            writer.writerow([record.get(c) if isinstance(record.get(c), str)
                             else json.dumps(record.get(c)) for c in columns])
        data, name = encode(out.getvalue(), encoding), "f.csv"
    elif kind == "wxr":
        data, name = encode(wxr(records), encoding), "f.xml"
    else:
        data, name = draw(st.binary(max_size=2048)), draw(st.sampled_from(["f.jsonl", "f.csv", "f"]))
    data = mutate(data, draw)
    return data, name + (".gz" if data[:2] == b"\x1f\x8b" else "")


def wxr(records: list[dict]) -> str:
    def field(record: dict, key: str) -> str:
        return escape(str(record.get(key, "")))

    items = "".join(
        f"<item><title>{field(r, 'title')}</title><link>{field(r, 'url')}</link>"
        f"<guid>{field(r, 'id')}</guid><pubDate>{field(r, 'date')}</pubDate>"
        f"<dc:creator>{field(r, 'author')}</dc:creator><wp:post_date_gmt>{field(r, 'created_at')}"
        f"</wp:post_date_gmt><wp:status>{field(r, 'status')}</wp:status><wp:post_type>post"
        f"</wp:post_type><category domain=\"category\">{field(r, 'channel')}</category>"
        f"<content:encoded>{field(r, 'body_html')}</content:encoded></item>" for r in records)
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            f'xmlns:wp="http://wordpress.org/export/1.2/"><channel>{items}</channel></rss>')


def run_import_file(data: bytes, name: str) -> list[str]:
    """Read the file as `zixun import` does and prepare each draft; the refusals, in words."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        path.write_bytes(data)
        refusals = []
        for where, item in read_records(path, max_bytes=CAP):
            if isinstance(item, RecordError):
                refusals.append(f"{where}: {item}")
            else:
                prepare(item)
        return refusals


# --- text ------------------------------------------------------------------------------------

def run_text(text: str) -> None:
    """Everything zixun.text does to a body: normalise, credits, sentences, keywords, summary."""
    analyze(text)
    parse_byline(text)
    split_sentences(normalize(text))
