"""Parsing helpers shared by the extraction stages: the DOM, meta tags, JSON-LD, visible text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import lxml.html
from lxml import etree

_SPACE = re.compile(r"\s+")
INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "head"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def squash(text: str | None) -> str:
    """Whitespace runs folded to one space, ends trimmed."""
    return _SPACE.sub(" ", text or "").strip()


def parse(html: str) -> lxml.html.HtmlElement:
    """An lxml tree for ``html``; an empty document rather than an error for junk input."""
    # Encoding declarations inside a str upset lxml; the text is already decoded.
    cleaned = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    try:
        root = lxml.html.document_fromstring(cleaned or "<html></html>")
    except (etree.ParserError, ValueError):
        root = lxml.html.document_fromstring("<html></html>")
    return root


def meta_map(root: lxml.html.HtmlElement) -> dict[str, str]:
    """<meta> name/property/itemprop (lower-cased, trimmed) to content; the first one wins."""
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        content = squash(meta.get("content"))
        if not content:
            continue
        for attr in ("name", "property", "itemprop", "http-equiv"):
            key = (meta.get(attr) or "").strip().lower()
            if key and key not in found:
                found[key] = content
    return found


def json_ld(root: lxml.html.HtmlElement) -> list[dict]:
    """Every JSON-LD object on the page (graphs flattened); broken blocks are skipped."""
    objects: list[dict] = []
    for script in root.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                objects.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return objects


def is_hidden(element: lxml.html.HtmlElement) -> bool:
    """True when the element is hidden by an inline style or the hidden attribute."""
    return element.get("hidden") is not None or bool(_HIDDEN_STYLE.search(element.get("style", "")))


def visible_chunks(root: lxml.html.HtmlElement) -> Iterator[tuple[lxml.html.HtmlElement, str]]:
    """(element, text) pairs of the page's visible text in reading order."""
    body = root.find("body")
    if body is None:
        body = root

    def walk(element: lxml.html.HtmlElement) -> Iterator[tuple[lxml.html.HtmlElement, str]]:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.lower() in INVISIBLE_TAGS or not tag or is_hidden(element):
            return
        if element.text and element.text.strip():
            yield element, element.text
        for child in element:
            yield from walk(child)
            if child.tail and child.tail.strip():
                yield element, child.tail

    yield from walk(body)


def visible_text(root: lxml.html.HtmlElement) -> str:
    """All visible text of the page, pieces joined by single spaces."""
    return " ".join(squash(text) for _, text in visible_chunks(root))
