"""The article body: the densest prose container, read block by block, credit lines trimmed.

On Chinese portals trafilatura on the whole page often takes a comment thread or a headline
wall for the article, and even on the container we pick it did worse than reading the blocks
ourselves, and more slowly (docs/benchmarks.md has the scores). So we read the container here
and call trafilatura only when no container stands out (pages without paragraph markup).
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field

import lxml.html
import trafilatura

from zixun.extract.container import find_container, is_boilerplate, link_density
from zixun.extract.dom import INVISIBLE_TAGS, is_hidden, squash
from zixun.lib.html import BLOCK_TAGS
from zixun.lib.urls import clean_url
from zixun.text import is_credit_line, is_editor_credit_line

# Lines at the top or bottom of a body that promote, disclaim or navigate rather than report.
# (Lines that credit are cut too: zixun.text.is_credit_line says which.)
EDGE_NOISE = re.compile(
    r"^摘要[:：]|^返回.{0,8}首页|^本文为.{0,20}(?:原创|版权)|^(?:图片|信息|内容)(?:均)?来(?:自|源于)网络"
    r"|^(?:点击|扫码|长按|关注|扫描).{0,40}$|^延伸阅读|^相关(?:新闻|阅读|推荐|资讯)"
    r"|^(?:网友)?评论仅供|^声明[:：]|^【?免责声明|^划重点|^分享到|^\d+/\d+$|^您所在的位置"
    r"|^(?:上一页|下一页|展开全文|阅读原文|阅读全文)|^视频[-—]"
    r"|^此前报道[:：]|^点击进入专题|^[（(]?完[）)]?$|【点击[^】]{0,8}】|下载客户端|^自动播放"
    r"|^\S{1,3}$",
)
# Where the story is over: the editor's sign-off (zixun.text.is_editor_credit_line), or one of
# these headings over what the page recommends next.
END_HEADING = re.compile(
    r"^(?:热门推荐|相关阅读|相关新闻|延伸阅读|推荐阅读|猜你喜欢"
    r"|热点推荐|相关推荐|相关文章|为您推荐|为你推荐|精彩推荐|更多精彩|大家都在看|分享到?)\s*[:：]?$"
)
TRAILING_LINK = re.compile(r"\s*返回.{0,8}首页\s*>*\s*$")
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass
class Body:
    """The main text as plain paragraphs and as simple HTML, with its images and credits."""

    text: str = ""
    html: str = ""
    images: list[tuple[str, str]] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)


@dataclass
class Block:
    """One paragraph, heading, code block or picture of the body, in reading order."""

    kind: str  # "p", "h", "pre", "img"
    text: str = ""
    src: str = ""


def extract_body(root: lxml.html.HtmlElement, html: str, url: str | None, title: str) -> Body:
    """Main text of the page, with credit lines and the repeated headline removed."""
    container = find_container(root)
    blocks = read_blocks(container, url) if container is not None else []
    if sum(len(b.text) for b in blocks if b.kind != "img") < 60:
        blocks = _trafilatura_blocks(html, url)
    credits = _cut_after_end(blocks) + _trim_edges(blocks, title)
    return _assemble(blocks, credits)


def _cut_after_end(blocks: list[Block]) -> list[str]:
    """Drop everything from the editor credit or a "相关阅读"-style heading onwards."""
    seen = 0
    for index, block in enumerate(blocks):
        # Only once some story has gone by: a "相关新闻" box can also sit above the story.
        if seen >= 150 and block.kind != "img" and _ends_story(block.text):
            cut = [b.text for b in blocks[index:] if b.kind != "img"][:3]
            del blocks[index:]
            return cut
        seen += len(block.text) if block.kind != "img" else 0
    return []


def _ends_story(text: str) -> bool:
    """True for the editor's sign-off or a heading over what the page recommends next."""
    return is_editor_credit_line(text) or END_HEADING.search(text) is not None


def read_blocks(container: lxml.html.HtmlElement, url: str | None) -> list[Block]:
    """The container's content as blocks in reading order, page furniture skipped."""
    blocks: list[Block] = []
    line: list[str] = []

    def flush(kind: str = "p") -> None:
        text = squash("".join(line))
        line.clear()
        if text:
            blocks.append(Block(kind, text))

    def walk(element: lxml.html.HtmlElement, top: bool = False) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or tag in INVISIBLE_TAGS or is_hidden(element):
            if not top:
                line.append(element.tail or "")
            return
        if not top and _furniture(element, tag):
            line.append(element.tail or "")
            return
        block = tag in BLOCK_TAGS or tag == "br"
        if block:
            flush()
        if tag == "img":
            src = _image_src(element)
            if src:
                flush()
                blocks.append(Block("img", squash(element.get("alt") or element.get("title")),
                                    clean_url(src, url)))
        elif tag == "pre":
            blocks.append(Block("pre", "".join(element.itertext()).strip("\n")))
            line.append(element.tail or "")
            return
        line.append(element.text or "")
        for child in element:
            walk(child)
        if block:
            flush("h" if tag in HEADING_TAGS else "p")
        if not top:
            line.append(element.tail or "")

    walk(container, top=True)
    flush()
    return blocks


def _furniture(element: lxml.html.HtmlElement, tag: str) -> bool:
    if tag not in BLOCK_TAGS and tag not in ("span", "a"):
        return False
    if is_boilerplate(element):
        return True
    if tag in BLOCK_TAGS and link_density(element) > 0.6:
        text = squash(element.text_content())
        return len(text) > 0 and not element.xpath(".//img")
    return False


def _image_src(element: lxml.html.HtmlElement) -> str:
    # Lazy-loading pages keep the real picture in data-* attributes and a placeholder in src.
    for attr in ("data-original", "data-src", "data-actualsrc", "data-url", "src"):
        value = (element.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            return value
    return ""


def _trafilatura_blocks(html: str, url: str | None) -> list[Block]:
    document = trafilatura.bare_extraction(
        html, url=url, include_images=True, include_comments=False, include_tables=True,
        with_metadata=False,
    )
    if document is None or document.body is None:
        return []
    blocks: list[Block] = []
    for element in document.body.iter():
        if element.tag == "graphic" and element.get("src"):
            src = clean_url(element.get("src"), url)
            blocks.append(Block("img", squash(element.get("alt")), src))
        elif element.tag in ("p", "head", "item", "quote", "code"):
            text = squash("".join(element.itertext()))
            if text:
                blocks.append(Block("h" if element.tag == "head" else "p", text))
    return blocks


def _trim_edges(blocks: list[Block], title: str) -> list[str]:
    """Remove credit/boilerplate lines at both ends, keeping pictures (the lines are returned:
    they name authors and editors)."""
    credits: list[str] = []
    headline = squash(title)
    for top in (True, False):
        doomed = []
        for index in range(len(blocks)) if top else range(len(blocks) - 1, -1, -1):
            block = blocks[index]
            if block.kind == "img":
                continue
            if not _is_edge(block.text, headline, top=top):
                break
            doomed.append(index)
            credits.append(block.text)
        for index in sorted(doomed, reverse=True):
            del blocks[index]
    while blocks and blocks[-1].kind == "img":
        blocks.pop()  # after the last line come logos, QR codes and "next page" buttons
    texts = [b for b in blocks if b.kind != "img"]
    if texts:
        texts[-1].text = TRAILING_LINK.sub("", texts[-1].text)
    return credits


def _is_edge(text: str, headline: str, top: bool) -> bool:
    if not text or text == headline:
        return True
    if headline and text.endswith(headline) and len(text) < len(headline) + 6:
        return True  # "原创" badge + headline
    if not top and re.fullmatch(r"[（(]?完[）)]?", text):
        return False
    if re.fullmatch(r".{1,5}[，。！？]", text):
        return False  # a short sentence ("下周一，") is still story
    return is_credit_line(text) or EDGE_NOISE.search(text) is not None


def _assemble(blocks: list[Block], credits: list[str]) -> Body:
    lines: list[str] = []
    markup: list[str] = []
    images: list[tuple[str, str]] = []
    for index, block in enumerate(blocks):
        if block.kind == "img":
            caption = _caption_after(blocks, index) or block.text
            images.append((block.src, caption))
            src, alt = htmllib.escape(block.src), htmllib.escape(caption)
            figcaption = f"<figcaption>{alt}</figcaption>" if caption else ""
            markup.append(f'<figure><img src="{src}" alt="{alt}">{figcaption}</figure>')
            continue
        lines.append(block.text)
        escaped = htmllib.escape(block.text)
        if block.kind == "h":
            markup.append(f"<h3>{escaped}</h3>")
        elif block.kind == "pre":
            markup.append(f"<pre>{escaped}</pre>")
        else:
            markup.append(f"<p>{escaped}</p>")
    return Body(text="\n".join(lines), html="\n".join(markup), images=images, credits=credits)


def _caption_after(blocks: list[Block], index: int) -> str:
    """A short line right under a picture is its caption on most Chinese portals."""
    if index + 1 < len(blocks) and blocks[index + 1].kind == "p":
        text = blocks[index + 1].text
        if len(text) <= 60 and not re.search(r"[。！？]$", text):
            return text
    return ""
