"""HTML → ArticleDraft: decode, find the body, read the metadata, sanitise. Pure functions."""

from __future__ import annotations

import codecs
from datetime import datetime

from zixun.extract.dom import parse
from zixun.extract.draft import ArticleDraft, Image
from zixun.extract.metadata import extract_metadata
from zixun.extract.sanitize import sanitize_html
from zixun.extract.script import names_as_published, simplified
from zixun.extract.verdict import not_article_reason
from zixun.lib.encoding import decode_html
from zixun.text import (
    authors_in_credit_lines,
    labelled_editors,
    parse_byline,
    signature_authors,
    slash_credit_authors,
)

__all__ = ["ArticleDraft", "Image", "extract", "decode_html", "sanitize_html"]


def extract(
    html: bytes | str,
    url: str | None = None,
    fetched_at: datetime | None = None,
    headers: dict | None = None,
) -> ArticleDraft:
    """Read an article page into an ArticleDraft; relative times count back from ``fetched_at``."""
    unreadable = not_a_page_reason(html)
    if unreadable:
        return ArticleDraft(not_article=unreadable)
    if isinstance(html, bytes):
        content_type = next(
            (v for k, v in (headers or {}).items() if k.lower() == "content-type"), None
        )
        html = decode_html(html, content_type)
    root = parse(html)
    meta = extract_metadata(root, url, fetched_at)
    # Imported here: trafilatura and its helpers weigh on every process that merely names
    # ArticleDraft (a web worker), and only extraction needs them.
    from zixun.extract.main_text import extract_body

    body = extract_body(root, html, url, meta.title)
    text = simplified(body.text)  # the credit rules read Simplified; names keep the page's script
    lines = text.split("\n")
    credits = [simplified(line) for line in body.credits]
    credit_text = "\n".join(credits)
    authors = (
        meta.authors  # 作者：X under the headline
        or ([body.poster] if body.poster else [])  # a thread's first poster
        or authors_in_credit_lines([*lines[:8], *credits])  # the dateline, cut credit lines
        or signature_authors(lines[-1])  # a closing （李楠）
        or slash_credit_authors("\n".join([*lines[:2], *lines[-2:], *credits]))  # （王煌忠／台中報導）
        or meta.meta_authors
    )
    authors = names_as_published(authors, text, body.text)
    draft = ArticleDraft(
        title=meta.title,
        author="、".join(authors),
        original_outlet=meta.original_outlet,
        published_at=meta.published_at,
        body_text=body.text,
        body_html=sanitize_html(body.html, meta.canonical_url or url),
        images=[Image(src, caption) for src, caption in body.images],
        original_url=meta.canonical_url or "",
        site_name=meta.site_name,
        description=meta.description,
        # The sign-off cut from the story's foot names the editor alone on its line; the page's
        # text runs the editor into whatever follows it.
        editors=names_as_published(labelled_editors(credit_text), credit_text, "\n".join(body.credits))
        or meta.editors,
        not_article=not_article_reason(
            root, meta.title, body.text, body.html, dated=meta.published_at is not None),
    )
    _apply_byline(draft, "\n".join([lines[0], *body.credits]), fetched_at)
    return draft


# Bytes that begin a UTF-16 page, whose text is full of NUL bytes.
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# How much of the start is read to tell a binary file (an image, a PDF, an archive) from a page.
_SNIFF_BYTES = 4096


def not_a_page_reason(content: bytes | str) -> str:
    """Why ``content`` is no page at all (empty, or binary data), or "" when it may be one."""
    if not content.strip():
        return "the document is empty"
    head = content[:_SNIFF_BYTES]
    if isinstance(head, bytes) and not head.startswith(_UTF16_BOMS) and b"\x00" in head:
        return "binary data, not an HTML page"
    return ""


def _apply_byline(draft: ArticleDraft, credits: str, fetched_at: datetime | None) -> None:
    """The text package's reading of the dateline and credit lines; it fills what the page
    rules left empty."""
    if not credits.strip():
        return
    moment = draft.published_at or fetched_at
    try:
        byline = parse_byline(credits, context_date=moment.date() if moment else None)
    except Exception:  # a parser bug must not lose the article
        return
    draft.byline = byline.to_dict()
    if not draft.author and byline.authors:
        draft.author = "、".join(byline.authors)
    if not draft.original_outlet and byline.outlet:
        draft.original_outlet = byline.outlet
    if not draft.editors and byline.editors:
        draft.editors = list(byline.editors)
