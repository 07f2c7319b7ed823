"""HTML fragments to plain text and back: one paragraph per line."""

from __future__ import annotations

import re
from html import escape

import lxml.html
from lxml import etree

# Elements that stand as blocks of their own: text inside one never runs on into the next.
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "pre", "blockquote", "ul", "ol", "li", "table", "tr", "td",
    "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "center", "dl", "dd", "dt", "main",
    "header", "footer",
})
# Where plain text starts a new line: after every block, except that the cells of a table row
# stay on the row's line, and at line and rule breaks.
LINE_END_TAGS = (BLOCK_TAGS - {"td"}) | {"br", "hr"}
# Characters XML (and so lxml) refuses in text: C0 controls but tab and line ends, lone
# surrogates (JSON can carry them), and the two non-characters U+FFFE/U+FFFF.
NOT_XML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def html_to_text(html: str) -> str:
    """The text of an HTML fragment, one paragraph per line."""
    if not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(NOT_XML_TEXT.sub("", html), create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in LINE_END_TAGS:
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def text_to_html(body: str) -> str:
    """Plain paragraphs as escaped `<p>` elements."""
    return "\n".join(f"<p>{escape(p)}</p>" for p in body.split("\n") if p.strip())
