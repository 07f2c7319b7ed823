"""The one article in flight: from the first stage that sees it to the store.

Every way in makes an `ArticleDraft`: extraction from a page, a feed entry, a record of an
import file, the demo. The text stage fills in what the draft leaves open and the store
(`zixun.articles.ingest`) writes it. Fields carry the names of `zixun.articles.models.Article`,
so a name means the same thing at every stage: ``source`` is the outlet that publishes the
article here (a Source, by name), ``original_outlet`` the outlet it credits as the first to
publish it, ``author`` the writers joined by 、.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Image:
    """A picture in the article, with the caption printed under it (if any)."""

    src: str
    caption: str = ""


@dataclass
class ArticleDraft:
    """One article on its way to the store; None in a field means "the text stage decides"."""

    title: str = ""
    body_html: str = ""
    body_text: str = ""
    original_url: str = ""
    guid: str = ""
    published_at: datetime | None = None
    author: str = ""
    source: str = ""
    account: str = ""
    # The text stage reads these from the body's credit lines and analysis when they are None;
    # a zixun export carries them, so an export imported again changes nothing.
    summary: str | None = None
    keywords: list[str] | None = None
    byline: dict | None = None
    original_outlet: str | None = None
    original_title: str | None = None
    original_published_at: datetime | None = None
    # None: the channel classifier chooses; "": deliberately no channel.
    channel: str | None = None
    # None: the article's first keywords become its tags.
    tags: list[str] | None = None
    cover_image: str = ""
    cover_caption: str = ""
    sponsored: bool = False
    status: str = "published"
    # Why the article arrives held ("review") or taken down: shown to editors (Article.status_reason).
    status_reason: str = ""
    view_count: int | None = None
    feed_id: int | None = None
    # When the article first entered zixun; an import of a zixun export keeps the original's.
    created_at: datetime | None = None
    # What only an article page tells: all its pictures, its editors, the site's own words.
    images: list[Image] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    site_name: str | None = None
    description: str | None = None
    # Why the page holds no article at all (an index, a 404, a login wall), in a few words;
    # empty for an article. A page's draft with a reason is not to be stored.
    not_article: str = ""
    # Pure results of the steps that run after a store, worked out beforehand by the text stage
    # (in worker processes, so the single writer need not): step name → that step's value.
    prepared: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def authors(self) -> list[str]:
        """The writers, one name each."""
        return [name for name in self.author.split("、") if name]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``zixun extract --json``."""
        return {
            "title": self.title,
            "author": self.author,
            "authors": self.authors,
            "original_outlet": self.original_outlet,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "body_text": self.body_text,
            "body_html": self.body_html,
            "images": [{"src": image.src, "caption": image.caption} for image in self.images],
            "original_url": self.original_url or None,
            "byline": self.byline,
            "site_name": self.site_name,
            "description": self.description,
            "editors": list(self.editors),
            **({"not_article": self.not_article} if self.not_article else {}),
        }
