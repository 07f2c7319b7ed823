"""Bulk records in: JSON Lines, CSV and WordPress WXR files read into `ArticleDraft` values.

Accepted fields (JSON Lines keys or CSV column names; first one present wins):

- ``guid`` or ``id``: the article's identity in its origin (re-imports update, never duplicate)
- ``title`` (required)
- ``body_html``, or plain ``body`` / ``text`` / ``content`` / ``body_text`` (paragraphs by newline)
- ``url`` / ``link``: the original address
- ``published_at`` / ``date`` / ``pubDate`` / ``time``: ISO 8601 or a Chinese date; in the site's
  time zone (``ZIXUN_TIME_ZONE``) if it names none
- ``source`` (or its older name ``outlet``): the outlet that publishes it (``央视网/新闻联播`` gives
  source 央视网, account 新闻联播)
- ``account``, ``author``, ``channel`` / ``category``, ``tags`` (list, or "a,b" in CSV)
- as ``zixun export`` writes them: ``summary``, ``keywords``, ``byline``, ``original_outlet``,
  ``original_title``, ``original_published_at``, ``status``, ``view_count``, ``sponsored``,
  ``cover_image``, ``cover_caption``, ``created_at``
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO

from django.utils import timezone
from lxml import etree

from zixun.extract.draft import ArticleDraft
from zixun.lib.dates import parse_chinese_datetime
from zixun.lib.jsonl import json_objects

WP = "{http://wordpress.org/export/1.2/}"
WXR_NAMESPACES = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
WXR_STATUS = {"publish": "published", "draft": "draft", "pending": "draft", "private": "hidden",
              "future": "scheduled"}
STATUSES = {"published", "draft", "scheduled", "hidden"}
_TAG_SPLIT = re.compile(r"[,，;；|、]")


class RecordError(ValueError):
    """One record could not be read; the message says which and why."""


Record = tuple[str, ArticleDraft | RecordError]


def detect_format(path: Path, head: bytes) -> str:
    """"jsonl", "csv" or "wxr", from the file name or else its first bytes."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".jsonl", ".json", ".ndjson")):
        return "jsonl"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".xml", ".wxr")):
        return "wxr"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        return "wxr"
    return "jsonl" if stripped.startswith(b"{") else "csv"


def open_binary(path: Path) -> IO[bytes]:
    """The file's bytes, gunzipped when it is gzip."""
    handle = path.open("rb")
    if handle.read(2) == b"\x1f\x8b":
        handle.seek(0)
        return gzip.GzipFile(fileobj=handle)  # type: ignore[return-value]
    handle.seek(0)
    return handle


def read_records(path: Path, guid_prefix: str = "") -> Iterator[Record]:
    """Every record of the file as (where, ArticleDraft or RecordError), in file order."""
    with open_binary(path) as handle:
        head = handle.peek(64)[:64] if hasattr(handle, "peek") else b""
        kind = detect_format(path, head)
        if kind == "wxr":
            yield from read_wxr(handle, guid_prefix)
            return
        lines = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        rows = read_jsonl(lines) if kind == "jsonl" else read_csv(lines)
        for where, row in rows:
            if isinstance(row, RecordError):
                yield where, row
                continue
            try:
                yield where, draft_from_mapping(row, guid_prefix)
            except RecordError as exc:
                yield where, exc


def read_jsonl(lines: IO[str]) -> Iterator[tuple[str, dict | RecordError]]:
    """(line label, object) per non-empty line."""
    for number, value in json_objects(lines):
        yield f"第 {number} 行", value if isinstance(value, dict) else RecordError(value)


def read_csv(lines: IO[str]) -> Iterator[tuple[str, dict | RecordError]]:
    """(row label, columns) per data row; the first row names the columns."""
    reader = csv.DictReader(lines)
    for row in reader:
        yield f"第 {reader.line_num} 行", {k.strip(): v for k, v in row.items() if k}


def _first(row: dict, *names: str) -> object:
    for name in names:
        value = row.get(name)
        if value not in (None, ""):
            return value
    return None


def _text(row: dict, *names: str) -> str:
    value = _first(row, *names)
    return "" if value is None else str(value)


def parse_when(value: object) -> datetime | None:
    """An ISO 8601, RFC 822 or Chinese date; in the site's time zone when it names none."""
    if value in (None, ""):
        return None
    raw = str(value).strip()
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            parsed = parse_chinese_datetime(raw)
    if parsed is None:
        raise RecordError(f"看不懂的日期 {raw!r}：请用 2025-03-14T20:29:00+08:00 这样的格式")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.get_current_timezone())


def _tags(value: object) -> list[str] | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().startswith("["):
        value = _json_field(value, list)
    if isinstance(value, list):
        return [str(t).strip() for t in value if str(t).strip()]
    return [t.strip() for t in _TAG_SPLIT.split(str(value)) if t.strip()]


def _json_field(value: object, kind: type) -> object:
    # CSV cells carry lists and objects as JSON text.
    if isinstance(value, str) and value.strip()[:1] in "[{":
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise RecordError(f"字段内容不是有效的 JSON：{value[:40]!r}") from None
    if value is not None and not isinstance(value, kind):
        raise RecordError(f"字段类型不对：应为 {kind.__name__}")
    return value


def draft_from_mapping(row: dict, guid_prefix: str = "") -> ArticleDraft:
    """One JSON object or CSV row (fields in the module docstring) as an ArticleDraft."""
    title = _text(row, "title").strip()
    if not title:
        raise RecordError("缺少标题 (title)")
    source = _text(row, "source", "outlet").strip()
    account = _text(row, "account").strip()
    if "/" in source and "account" not in row:
        source, _, account = source.partition("/")
    guid = _text(row, "guid", "id").strip()
    status = _text(row, "status") or "published"
    if status not in STATUSES:
        raise RecordError(f"未知的状态 {status!r}：可用 {', '.join(sorted(STATUSES))}")
    views = _first(row, "view_count")
    original_date = _first(row, "original_published_at")
    return ArticleDraft(
        title=title,
        body_html=_text(row, "body_html", "html"),
        body_text=_text(row, "body_text", "body", "text", "content"),
        original_url=_text(row, "url", "original_url", "link").strip(),
        guid=guid_prefix + guid if guid else "",
        published_at=parse_when(_first(row, "published_at", "date", "pubDate", "time")),
        author=_text(row, "author").strip(),
        source=source,
        account=account,
        # A record without the field gets a channel from the classifier; "" (as a zixun export
        # writes for an article with none) stays without one, so exports round-trip.
        channel=_text(row, "channel", "category").strip() if {"channel", "category"} & row.keys() else None,
        tags=_tags(row.get("tags")),
        cover_image=_text(row, "cover_image", "image").strip(),
        cover_caption=_text(row, "cover_caption"),
        status=status,
        view_count=int(views) if views not in (None, "") else None,
        sponsored=str(_first(row, "sponsored")).lower() in ("true", "1", "yes"),
        created_at=parse_when(_first(row, "created_at")),
        summary=row.get("summary"),
        keywords=_json_field(row["keywords"], list) if "keywords" in row else None,  # type: ignore[arg-type]
        byline=_json_field(row["byline"], dict) if "byline" in row else None,  # type: ignore[arg-type]
        original_outlet=row.get("original_outlet"),
        original_title=row.get("original_title"),
        original_published_at=parse_when(original_date) if original_date else None,
    )


def read_wxr(handle: IO[bytes], guid_prefix: str = "") -> Iterator[Record]:
    """Posts of a WordPress export (WXR); pages, attachments and menus are left out."""
    # Entities are never resolved and nothing is fetched: an export file is untrusted input.
    parser_options = {"resolve_entities": False, "no_network": True, "huge_tree": True}
    authors: dict[str, str] = {}
    number = 0
    try:
        for _event, element in etree.iterparse(handle, events=("end",), **parser_options):
            if element.tag == f"{WP}author":
                login = element.findtext(f"{WP}author_login") or ""
                authors[login] = element.findtext(f"{WP}author_display_name") or login
            elif element.tag == "item":
                number += 1
                if (element.findtext(f"{WP}post_type") or "post") == "post":
                    yield f"第 {number} 项", _wxr_item(element, authors, guid_prefix)
                element.clear()
    except etree.XMLSyntaxError as exc:
        yield f"第 {number + 1} 项", RecordError(f"WXR 文件格式有误：{exc}；之后的内容未导入")


def _wxr_item(item: etree._Element, authors: dict[str, str], prefix: str) -> ArticleDraft | RecordError:
    ns = WXR_NAMESPACES
    title = (item.findtext("title") or "").strip()
    if not title:
        return RecordError("缺少标题")
    gmt = item.findtext(f"{WP}post_date_gmt") or ""
    try:
        if gmt and not gmt.startswith("0000"):
            published = datetime.fromisoformat(gmt).replace(tzinfo=UTC)
        else:
            published = parse_when(item.findtext("pubDate"))
    except (ValueError, RecordError) as exc:
        return RecordError(str(exc))
    categories = [(c.get("domain"), (c.text or "").strip()) for c in item.findall("category")]
    login = item.findtext(f"{{{ns['dc']}}}creator") or ""
    guid = (item.findtext("guid") or "").strip()
    return ArticleDraft(
        title=title,
        body_html=item.findtext(f"{{{ns['content']}}}encoded") or "",
        original_url=(item.findtext("link") or "").strip(),
        guid=prefix + guid if guid else "",
        published_at=published,
        author=authors.get(login, login),
        channel=next((name for domain, name in categories if domain == "category"), None),
        tags=[name for domain, name in categories if domain == "post_tag" and name] or None,
        status=WXR_STATUS.get(item.findtext(f"{WP}status") or "publish", "draft"),
    )
