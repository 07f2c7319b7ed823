"""Search index upkeep for stored articles (issue #6 fills this in)."""

from __future__ import annotations


def index_article(article) -> None:
    """Update the search index entry of ``article`` inside the store transaction."""
    return None
