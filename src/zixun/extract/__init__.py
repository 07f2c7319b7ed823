"""HTML → ArticleDraft: decode, find the body, read the metadata, sanitise. Pure functions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from zixun.extract.dom import parse
from zixun.extract.encoding import decode_html
from zixun.extract.main_text import extract_body
from zixun.extract.metadata import authors_from_credits, extract_metadata, split_names
from zixun.extract.sanitize import sanitize_html

if TYPE_CHECKING:
    from zixun.text import Byline

try:  # the byline parser of issue #3; extraction still works without it
    from zixun.text import parse_byline
except ImportError:  # pragma: no cover - only while zixun.text is being written
    parse_byline = None

__all__ = ["ArticleDraft", "Image", "extract", "decode_html", "sanitize_html"]


@dataclass
class Image:
    """A picture in the article, with the caption printed under it (if any)."""

    src: str
    caption: str = ""


@dataclass
class ArticleDraft:
    """What one page says about its article, before it is stored."""

    title: str = ""
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    published_at: datetime | None = None
    text: str = ""
    html: str = ""
    images: list[Image] = field(default_factory=list)
    url: str | None = None
    byline: Byline | None = None
    site_name: str | None = None
    description: str | None = None
    editors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``zixun extract --json``."""
        byline = self.byline.to_dict() if self.byline is not None else None
        return {
            "title": self.title,
            "authors": list(self.authors),
            "outlet": self.outlet,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "text": self.text,
            "html": self.html,
            "images": [{"src": image.src, "caption": image.caption} for image in self.images],
            "url": self.url,
            "byline": byline,
            "site_name": self.site_name,
            "description": self.description,
            "editors": list(self.editors),
        }


def extract(
    html: bytes | str,
    url: str | None = None,
    fetched_at: datetime | None = None,
    headers: dict | None = None,
) -> ArticleDraft:
    """Read an article page into an ArticleDraft; relative times count back from ``fetched_at``."""
    if isinstance(html, bytes):
        content_type = next(
            (v for k, v in (headers or {}).items() if k.lower() == "content-type"), None
        )
        html = decode_html(html, content_type)
    root = parse(html)
    meta = extract_metadata(root, url, fetched_at)
    body = extract_body(root, html, url, meta.title)
    lines = body.text.split("\n")
    authors = (
        meta.authors
        or authors_from_credits(lines[:8], body.credits, lines[-1])
        or meta.meta_authors
    )
    draft = ArticleDraft(
        title=meta.title,
        authors=authors,
        outlet=meta.outlet,
        published_at=meta.published_at,
        text=body.text,
        html=sanitize_html(body.html, meta.canonical_url or url),
        images=[Image(src, caption) for src, caption in body.images],
        url=meta.canonical_url,
        site_name=meta.site_name,
        description=meta.description,
        editors=meta.editors,
    )
    _apply_byline(draft, "\n".join([lines[0], *body.credits]), fetched_at)
    return draft


def _apply_byline(draft: ArticleDraft, credits: str, fetched_at: datetime | None) -> None:
    """#3's reading of the dateline and credit lines; it fills what the page rules left empty."""
    if parse_byline is None or not credits.strip():
        return
    moment = draft.published_at or fetched_at
    try:
        byline = parse_byline(credits, context_date=moment.date() if moment else None)
    except Exception:  # a parser bug must not lose the article
        return
    draft.byline = byline
    if not draft.authors and getattr(byline, "authors", None):
        draft.authors = split_names("、".join(byline.authors))
    if not draft.outlet and getattr(byline, "outlet", None):
        draft.outlet = byline.outlet
    if not draft.editors and getattr(byline, "editors", None):
        draft.editors = list(byline.editors)
