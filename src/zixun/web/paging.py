"""Article lists that cost the same at any size of the site.

Numbered pages count at most MAX_PAGES pages' worth of articles, never the whole table, and
their offsets stay within that bound. Older articles are reached from the last numbered page by
"更早" links that carry the last article shown (its time and id), and each such page reads
one page's worth of rows along the list's index, however deep it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

PAGE_SIZE = 20
MAX_PAGES = 100
COUNT_SECONDS = 30
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class CappedPaginator(Paginator):
    """A Paginator whose count stops at ``max_pages`` pages: `has_older` says if more exist.

    ``count_key`` names the list in the site's cache, where its count is kept for
    COUNT_SECONDS: a list's length moves slowly, and every page of it asks.
    """

    def __init__(self, object_list: QuerySet, per_page: int, max_pages: int = MAX_PAGES,
                 count_key: str = "") -> None:
        super().__init__(object_list, per_page)
        self.cap = per_page * max_pages
        self.count_key = count_key

    @cached_property
    def _counted(self) -> int:
        key = f"list-count:{self.count_key}" if self.count_key else ""
        counted = cache.get(key) if key else None
        if counted is None:
            # COUNT over a LIMIT subquery: it reads at most cap + 1 index entries.
            counted = self.object_list[: self.cap + 1].count()
            if key:
                cache.set(key, counted, COUNT_SECONDS)
        return counted

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @cached_property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))

    @property
    def has_older(self) -> bool:
        return self._counted > self.cap


@dataclass
class Listing:
    """One page of a list, numbered or after a cursor, as the list template shows it."""

    articles: list
    page: Page | None = None
    older: str = ""  # the cursor of the page after this one, when the list goes on

    def __iter__(self):
        return iter(self.articles)


def listing(articles: QuerySet, params, name: str = "") -> Listing:
    """The page of ``articles`` (newest first) that the query ``params`` ask for; ``name``
    identifies the list (its count is shared by its pages for a while)."""
    ordered = articles.order_by("-published_at", "-id")
    cursor = parse_cursor(params.get("before", ""))
    if cursor is not None:
        published, pk = cursor
        rows = list(ordered.filter(Q(published_at__lt=published) | Q(published_at=published, id__lt=pk))
                    [: PAGE_SIZE + 1])
        return Listing(rows[:PAGE_SIZE], older=_cursor(rows[PAGE_SIZE - 1]) if len(rows) > PAGE_SIZE else "")
    paginator = CappedPaginator(ordered, PAGE_SIZE, count_key=name)
    page = paginator.get_page(params.get("page"))
    rows = list(page.object_list)
    last_page = page.number == paginator.num_pages
    older = _cursor(rows[-1]) if rows and last_page and paginator.has_older else ""
    return Listing(rows, page=page, older=older)


def _cursor(article) -> str:
    delta = article.published_at - _EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return f"{micros}-{article.pk}"


def parse_cursor(raw: str) -> tuple[datetime, int] | None:
    """``<microseconds since 1970>-<id>`` as (time, id); None for anything else."""
    micros, _, pk = raw.partition("-")
    if not (micros.isdigit() and pk.isdigit()):
        return None
    return _EPOCH + timedelta(microseconds=int(micros)), int(pk)
