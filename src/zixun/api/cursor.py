"""Keyset paging with opaque cursors: a page starts strictly after the last row of the one before.

A cursor is the position of the last row shown (its values of the order's columns), so no
page repeats a row, however many are inserted meanwhile. Whether a walk misses rows inserted
during it depends on the order:

- ``newest`` (publication time, newest first) is for reading. A row inserted during the walk
  with a publication time after the cursor's lands on a page already read and is not seen in
  this walk; nothing is ever shown twice.
- ``id`` (the order rows were stored in) is for copying everything: a row inserted during the
  walk gets a larger id than any stored before, so it lands ahead of the cursor and is seen,
  exactly once. The last page gives a ``next`` too, to ask again later for what came since.
- ``modified`` (last change, oldest first) is for keeping a copy in step: an article edited,
  published or hidden during the walk moves ahead of the cursor and is seen again, changed.

Ids are assigned as rows are written and zixun stores articles through one writer a batch at
a time, so rows become visible in id order; two writers committing at once (an import and an
editor) could in principle make a smaller id visible after a larger one, which the
``modified`` order then still delivers.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from zixun.api.responses import ApiError

# Each order: its columns, and whether it runs newest (largest) first.
ORDERS: dict[str, tuple[tuple[str, ...], bool]] = {
    "newest": (("published_at", "id"), True),
    "id": (("id",), False),
    "modified": (("updated_at", "id"), False),
}
# The orders a walk may keep polling after its end, for what is stored later.
FOLLOWING = {"id", "modified"}
MAX_LIMIT = 100


@dataclass
class Page:
    rows: list
    next_cursor: str | None
    has_more: bool


def encode(order: str, values: list) -> str:
    plain = [order, *[v.isoformat() if isinstance(v, datetime) else v for v in values]]
    raw = json.dumps(plain, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(cursor: str, order: str) -> list:
    """The position a cursor names; 400 when it is not one of ours or is for another order."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        plain = json.loads(raw)
        named, *values = plain
        columns, _ = ORDERS[named]
        if named != order:
            raise ApiError(400, "bad_cursor", f"这个游标属于排序 {named}，不能用于排序 {order}",
                           "cursor")
        if len(values) != len(columns):
            raise ValueError
        return [datetime.fromisoformat(v) if column != "id" else int(v)
                for column, v in zip(columns, values, strict=True)]
    except ApiError:
        raise
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
        raise ApiError(400, "bad_cursor", "游标无效：请使用上一页返回的 next 原样请求",
                       "cursor") from None


def _after(queryset: QuerySet, columns: tuple[str, ...], values: list,
           descending: bool) -> QuerySet:
    """Rows strictly past the position (a, b): a beyond, or a equal and b beyond."""
    beyond = "lt" if descending else "gt"
    condition = Q()
    for depth in range(len(columns) - 1, -1, -1):
        step = Q(**{f"{columns[depth]}__{beyond}": values[depth]})
        for column, value in zip(columns[:depth], values[:depth], strict=True):
            step &= Q(**{column: value})
        condition |= step
    return queryset.filter(condition)


def paginate(queryset: QuerySet, order: str, cursor: str | None, limit: int) -> Page:
    """One page of ``queryset`` in ``order`` after ``cursor``."""
    columns, descending = ORDERS[order]
    if cursor:
        queryset = _after(queryset, columns, decode(cursor, order), descending)
    ordering = [("-" if descending else "") + column for column in columns]
    rows = list(queryset.order_by(*ordering)[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    if rows:
        last = rows[-1]
        next_cursor = encode(order, [getattr(last, column) for column in columns])
    else:
        next_cursor = cursor if order in FOLLOWING else None
    if not has_more and order not in FOLLOWING:
        next_cursor = None
    return Page(rows, next_cursor, has_more)


def decode_page(cursor: str) -> int:
    """The page number a search cursor names (search ranks a fixed set, so pages are stable)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        named, number = json.loads(raw)
        if named != "search" or not isinstance(number, int) or number < 1:
            raise ValueError
        return number
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise ApiError(400, "bad_cursor", "游标无效：请使用上一页返回的 next 原样请求",
                       "cursor") from None
