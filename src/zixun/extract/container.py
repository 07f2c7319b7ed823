"""Find the element that holds the article body, by where the prose is densest.

Chinese portals surround a story with headline lists, comment threads and recommendation
walls that are text-heavy too; what sets the story apart is many sentence-punctuated
paragraphs under one parent, with few links. Each paragraph gives its weight to its parent
and half to its grandparent (as Readability does), and the best-scoring element wins.
"""

from __future__ import annotations

import re
from collections import defaultdict

import lxml.html

from zixun.extract.dom import INVISIBLE_TAGS, is_hidden
from zixun.lib.html import BLOCK_TAGS

SENTENCE_MARKS = re.compile(r"[，。！？；：、,.!?;]")
PARAGRAPH_TAGS = frozenset({"p", "pre", "blockquote", "section", "div", "td", "li", "span",
                            "font", "article"})
# Containers whose name says they are not the story (comments, recommendations, share bars).
BOILERPLATE = re.compile(
    r"comment|reply|recommend|related|relate|share|social|footer|sidebar|side-|aside|nav|menu"
    r"|breadcrumb|advert|\bad\b|ad[-_]|banner|sponsor|promo|qrcode|hot|rank|tie-|tag|keyword"
    r"|copyright|statement|disclaimer|login|toolbar|more-|pager|page-nav|subscribe|reward"
    r"|author-card|profile|search|popup|modal|dialog|tips",
    re.IGNORECASE,
)
BODY_HINT = re.compile(r"article|content|post|text|main|detail|body|story|正文", re.IGNORECASE)
# Names that mark reader comments and recommendations even inside "post"/"content" wrappers.
NEVER_BODY = re.compile(r"comment|reply|recommend|related|\btie-", re.IGNORECASE)


def own_text(element: lxml.html.HtmlElement) -> str:
    """Text of the element outside links and nested blocks: one paragraph's words."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag and tag not in BLOCK_TAGS and tag != "a" and tag not in INVISIBLE_TAGS:
            parts.append(own_text(child))
        parts.append(child.tail or "")
    return "".join(parts).strip()


def link_density(element: lxml.html.HtmlElement) -> float:
    """Share of the element's text that sits inside links."""
    total = len("".join(element.itertext()).strip())
    if not total:
        return 0.0
    linked = sum(len("".join(a.itertext()).strip()) for a in element.iter("a"))
    return linked / total


def is_boilerplate(element: lxml.html.HtmlElement) -> bool:
    """A container named or shaped like page furniture rather than story."""
    name = f"{element.get('class', '')} {element.get('id', '')}"
    if not name.strip():
        return False
    if NEVER_BODY.search(name):
        return True
    return bool(BOILERPLATE.search(name)) and not BODY_HINT.search(name)


def in_boilerplate(element: lxml.html.HtmlElement, depth: int = 3) -> bool:
    """The element or one of its nearest ancestors is page furniture (comments, related)."""
    for level, node in enumerate((element, *element.iterancestors())):
        if level > depth:
            return False
        if is_boilerplate(node):
            return True
    return False


def find_container(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The element holding the story's paragraphs, or None on pages without prose."""
    scores: dict[lxml.html.HtmlElement, float] = defaultdict(float)
    for element in root.iter(*PARAGRAPH_TAGS):
        text = own_text(element)
        if len(text) < 8 or _skipped(element):
            continue
        weight = 1 + len(SENTENCE_MARKS.findall(text)) + min(len(text), 400) / 40
        parent = element.getparent()
        if parent is None:
            continue
        scores[parent] += weight
        grand = parent.getparent()
        if grand is not None:
            scores[grand] += weight / 2
    best, best_score = None, 0.0
    for element, score in scores.items():
        adjusted = score * (1 - min(link_density(element), 0.9))
        if in_boilerplate(element):
            adjusted *= 0.3
        if adjusted > best_score:
            best, best_score = element, adjusted
    return best


def _skipped(element: lxml.html.HtmlElement) -> bool:
    for node in (element, *element.iterancestors()):
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in INVISIBLE_TAGS or tag == "a" or is_hidden(node):
            return True
    return False
