"""Story assignment for stored articles (issue #5 fills this in)."""

from __future__ import annotations


def assign_story(article, item, outcome) -> None:
    """Join ``article`` to the story of its near-duplicates, inside the store transaction."""
    return None
