"""Chinese full-text search: one interface, SQLite FTS5 or PostgreSQL tsvector underneath.

    from zixun.search import SearchRequest, search, more_like_this
    page = search(SearchRequest(q='"安装简单" -广告', channel="科技", sort="time"))
    ids = more_like_this(["新能源", "汽车"], exclude_story_ids=[story_id], limit=10)

The index is kept by ``zixun.search.index`` (``index_article``, ``rebuild``).
"""

from __future__ import annotations

__all__ = ["SearchPage", "SearchRequest", "more_like_this", "search"]


def __getattr__(name: str):
    # Lazy: this package is also a Django app, imported before models may be loaded.
    if name in __all__:
        from zixun.search import query

        return getattr(query, name)
    raise AttributeError(f"module 'zixun.search' has no attribute {name!r}")
