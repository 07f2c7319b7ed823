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

import contextlib
import csv
import gzip
import json
import re
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils import timezone
from lxml import etree

from zixun.extract.draft import ArticleDraft
from zixun.lib.dates import parse_chinese_datetime
from zixun.lib.jsonl import json_object

WP = "{http://wordpress.org/export/1.2/}"
WXR_NAMESPACES = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
WXR_STATUS = {"publish": "published", "draft": "draft", "pending": "draft", "private": "hidden",
              "future": "scheduled"}
STATUSES = {"published", "draft", "review", "scheduled", "hidden"}
_TAG_SPLIT = re.compile(r"[,，;；|、]")
BOM = b"\xef\xbb\xbf"
# How much of a refused line is read at a time while skipping it.
SKIP_CHUNK = 64 * 1024
# What a cut-off or corrupt gzip file raises part-way through (BadGzipFile is an OSError).
BROKEN_FILE_ERRORS = (EOFError, OSError, zlib.error)


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


def max_record_bytes() -> int:
    """The size cap of one import record (ZIXUN_IMPORT_MAX_RECORD_BYTES)."""
    return settings.IMPORT_MAX_RECORD_BYTES


def read_records(
    path: Path, guid_prefix: str = "", max_bytes: int | None = None
) -> Iterator[Record]:
    """Every record of the file as (where, ArticleDraft or RecordError), in file order.

    A record is read on its own: one that is not UTF-8, not valid, or over ``max_bytes``
    (default `max_record_bytes`) is reported and the next one read; a file cut off part-way
    gives every record before the cut, then the reason it ends there.
    """
    cap = max_bytes or max_record_bytes()
    with open_binary(path) as handle:
        try:
            head = handle.peek(64)[:64] if hasattr(handle, "peek") else b""
        except BROKEN_FILE_ERRORS as exc:
            yield "第 1 行", RecordError(_broken(exc))
            return
        kind = detect_format(path, head)
        if kind == "wxr":
            yield from read_wxr(handle, guid_prefix, cap)
            return
        lines = file_lines(handle, cap)
        rows = read_jsonl(lines) if kind == "jsonl" else read_csv(lines, cap)
        for where, row in rows:
            if isinstance(row, RecordError):
                yield where, row
                continue
            try:
                yield where, draft_from_mapping(row, guid_prefix)
            except RecordError as exc:
                yield where, exc


Line = tuple[int, str | RecordError]


def file_lines(handle: IO[bytes], cap: int) -> Iterator[Line]:
    """(line number, line as text, or why it cannot be read) for every line of the file.

    No line is held whole past ``cap`` bytes: a longer one is skipped in pieces, reported.
    """
    number = 0
    try:
        while raw := handle.readline(cap + 1):
            number += 1
            if number == 1:
                raw = raw.removeprefix(BOM)
            if len(raw) > cap and not raw.endswith(b"\n"):
                _skip_rest_of_line(handle)
                yield number, RecordError(_too_large(cap))
                continue
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield number, RecordError(
                    f"这一行不是 UTF-8 编码（第 {exc.start + 1} 个字节起），未导入；"
                    "请把文件转成 UTF-8（如 iconv -f GBK -t UTF-8）后再导入这一行"
                )
    except BROKEN_FILE_ERRORS as exc:
        yield number + 1, RecordError(_broken(exc))


def _skip_rest_of_line(handle: IO[bytes]) -> None:
    while (piece := handle.readline(SKIP_CHUNK)) and not piece.endswith(b"\n"):
        pass


def _too_large(cap: int) -> str:
    return (f"记录超过 {cap:,} 字节的上限，未读入也未导入；如确需导入，"
            "请调大 ZIXUN_IMPORT_MAX_RECORD_BYTES")


def _broken(exc: BaseException) -> str:
    return (f"文件在此处中断或已损坏（{type(exc).__name__}: {exc}）："
            "此前的记录已读入，此后的内容无法读取")


def read_jsonl(lines: Iterator[Line]) -> Iterator[tuple[str, dict | RecordError]]:
    """(line label, object) per non-empty line."""
    for number, line in lines:
        if isinstance(line, RecordError):
            yield f"第 {number} 行", line
        elif line.strip():
            value = json_object(line)
            yield f"第 {number} 行", value if isinstance(value, dict) else RecordError(value)


class _BadLine(Exception):
    def __init__(self, number: int, error: RecordError) -> None:
        self.number, self.error = number, error


class _CSVLines:
    """The file's lines for `csv.reader`; a line that cannot be read is raised as _BadLine.

    csv.reader passes the exception on and, asked again, starts a new row from the next line,
    so one bad line costs one row.
    """

    def __init__(self, lines: Iterator[Line]) -> None:
        self.lines = lines
        self.number = 0
        self.row_bytes = 0

    def __iter__(self) -> _CSVLines:
        return self

    def __next__(self) -> str:
        self.number, line = next(self.lines)
        if isinstance(line, RecordError):
            raise _BadLine(self.number, line)
        self.row_bytes += len(line.encode("utf-8"))
        return line


def read_csv(lines: Iterator[Line], cap: int) -> Iterator[tuple[str, dict | RecordError]]:
    """(row label, columns) per data row; the first row names the columns."""
    source = _CSVLines(lines)
    reader = csv.reader(source)
    columns: list[str] | None = None
    with _csv_field_limit(cap):
        while True:
            source.row_bytes = 0
            try:
                row = next(reader)
            except StopIteration:
                return
            except _BadLine as bad:
                yield f"第 {bad.number} 行", bad.error
                continue
            except csv.Error as exc:
                yield f"第 {source.number} 行", RecordError(f"CSV 格式有误：{exc}")
                continue
            if columns is None:
                columns = [name.strip() for name in row]
            elif source.row_bytes > cap:
                yield f"第 {source.number} 行", RecordError(_too_large(cap))
            elif row:
                yield f"第 {source.number} 行", {
                    name: value for name, value in zip(columns, row, strict=False) if name
                }


@contextlib.contextmanager
def _csv_field_limit(cap: int) -> Iterator[None]:
    # The csv module's own limit (131,072 characters) would refuse a long article body; the
    # record cap is the limit that matters. The setting is process-wide, so it is put back.
    previous = csv.field_size_limit(max(cap, csv.field_size_limit()))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


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


# The largest count the database stores (a signed 64-bit integer).
MAX_VIEW_COUNT = 2**63 - 1


def _view_count(value: object) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_VIEW_COUNT:
        raise RecordError(f"浏览次数 (view_count) 应是不小于 0 的整数，而不是 {str(value)[:40]!r}")
    return value


def _optional_text(row: dict, name: str) -> str | None:
    # None (or no field) leaves the value to the text stage; a zixun export writes text.
    value = row.get(name)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list | dict):
        raise RecordError(f"字段 {name} 应是文字，而不是 {type(value).__name__}")
    return str(value)


def _keywords(value: object) -> list[str] | None:
    words = _json_field(value, list)
    if words is None:
        return None
    return [str(word) for word in words if word not in (None, "")]  # type: ignore[union-attr]


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
        view_count=_view_count(views),
        sponsored=str(_first(row, "sponsored")).lower() in ("true", "1", "yes"),
        created_at=parse_when(_first(row, "created_at")),
        summary=_optional_text(row, "summary"),
        keywords=_keywords(row["keywords"]) if "keywords" in row else None,
        byline=_json_field(row["byline"], dict) if "byline" in row else None,  # type: ignore[arg-type]
        original_outlet=_optional_text(row, "original_outlet"),
        original_title=_optional_text(row, "original_title"),
        original_published_at=parse_when(original_date) if original_date else None,
    )


def read_wxr(handle: IO[bytes], guid_prefix: str = "", cap: int | None = None) -> Iterator[Record]:
    """Posts of a WordPress export (WXR); pages, attachments and menus are left out.

    XML cannot be cut into records before it is parsed, so a post over ``cap`` bytes of text
    is refused after parsing, and each post is freed as soon as it is read."""
    cap = cap or max_record_bytes()
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
                if (element.findtext(f"{WP}post_type") or "post") != "post":
                    pass
                elif _text_bytes(element) > cap:
                    yield f"第 {number} 项", RecordError(_too_large(cap))
                else:
                    yield f"第 {number} 项", _wxr_item(element, authors, guid_prefix)
                element.clear()
    except etree.XMLSyntaxError as exc:
        yield f"第 {number + 1} 项", RecordError(f"WXR 文件格式有误：{exc}；之后的内容未导入")
    except BROKEN_FILE_ERRORS as exc:
        yield f"第 {number + 1} 项", RecordError(_broken(exc))


def _text_bytes(element: etree._Element) -> int:
    return sum(len(text.encode("utf-8")) for text in element.itertext())


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
