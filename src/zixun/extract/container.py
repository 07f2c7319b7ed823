"""Find the element that holds the article body, by where the prose is densest.

Chinese portals surround a story with headline lists, comment threads and recommendation
walls that are text-heavy too; what sets the story apart is many sentence-punctuated
paragraphs under one parent, with few links. Each paragraph gives its weight to its parent
and half to its grandparent (as Readability does), and the best-scoring element wins.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import islice

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
# Links, and HTML5's own furniture: a post's footer quotes the replies, an aside recommends.
NOT_STORY_TAGS = frozenset({"a", "footer", "aside", "nav"})
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
        if tag in INVISIBLE_TAGS or tag in NOT_STORY_TAGS or is_hidden(node):
            return True
    return False


# A post's own stamp: a time of day or a relative time. Story paragraphs cite dates, seldom
# clock times, and are <p>s rather than repeated blocks that each carry one.
POST_STAMP = re.compile(r"\d{1,2}[:：]\d{2}|\d+\s*(?:秒|分钟|小时|天)前|刚刚|昨天|前天")
POST_TAGS = frozenset({"div", "li", "article", "section", "table", "tr", "dl"})
MIN_POSTS = 3
# Where a post names its writer.
POSTER_CLASS = re.compile(r"author|user|poster|nick|uname", re.IGNORECASE)


def thread_posts(container: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """On a forum thread or Q&A page, the posts that ``container`` spans, in order; else [].

    A thread shows itself as at least three sibling blocks of one tag and class that each open
    with a time stamp and name their writer.
    """
    # The densest text may be one post's body (then the thread is a few levels up) or the
    # whole thread (then the posts are below).
    ancestors = [a for a in islice(container.iterancestors(), 4) if a.tag != "body"]
    for parent in (*ancestors, container, *container.iterdescendants(*POST_TAGS)):
        groups: dict[tuple[str, str], list[lxml.html.HtmlElement]] = defaultdict(list)
        for child in parent:
            if isinstance(child.tag, str) and child.tag in POST_TAGS and child.get("class"):
                groups[(child.tag, child.get("class", ""))].append(child)
        for members in groups.values():
            if len(members) < MIN_POSTS:
                continue
            posts = [m for m in members if _looks_like_post(m)]
            if len(posts) >= MIN_POSTS and len(posts) * 2 >= len(members):
                return members
    return []


def _looks_like_post(element: lxml.html.HtmlElement) -> bool:
    """A block that opens with a time stamp and names who wrote it."""
    if not len(element):
        return False
    head = re.sub(r"\s+", "", element.text_content())[:300]
    if not POST_STAMP.search(head):
        return False
    return any(POSTER_CLASS.search(f"{e.get('class', '')} {e.get('id', '')}")
               for e in element.iter() if isinstance(e.tag, str))


def is_reply(element: lxml.html.HtmlElement) -> bool:
    """Named as a reply or comment: never the story, even when it is the densest text."""
    return bool(NEVER_BODY.search(f"{element.get('class', '')} {element.get('id', '')}"))
