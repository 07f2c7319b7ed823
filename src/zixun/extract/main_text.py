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

from zixun.extract.container import (
    NOT_STORY_TAGS,
    POSTER_CLASS,
    find_container,
    is_boilerplate,
    is_reply,
    link_density,
    thread_posts,
)
from zixun.extract.dom import INVISIBLE_TAGS, is_hidden, squash
from zixun.extract.script import simplified
from zixun.lib.html import BLOCK_TAGS
from zixun.lib.urls import clean_url
from zixun.text import is_credit_line, is_editor_credit_line, is_photo_caption

# Lines at the top or bottom of a body that promote, disclaim or navigate rather than report.
# (Lines that credit are cut too: zixun.text.is_credit_line says which.)
EDGE_NOISE = re.compile(
    r"^摘要[:：]|^返回.{0,8}首页|^本文为.{0,20}(?:原创|版权)|^(?:图片|信息|内容)(?:均)?来(?:自|源于)网络"
    r"|^(?:点击|扫码|长按|关注|扫描).{0,40}$|^延伸阅读|^相关(?:新闻|阅读|推荐|资讯)"
    r"|^(?:网友)?评论仅供|^声明[:：]|^【?免责声明|^划重点|^分享到|^\d+/\d+$|^您所在的位置"
    r"|^(?:上一页|下一页|展开全文|阅读原文|阅读全文)|^视频[-—]"
    r"|^此前报道[:：]|^点击进入专题|^[（(]?完[）)]?$|【点击[^】]{0,8}】|下载客户端|^自动播放"
    r"|^\S{1,3}$|版权所有|(?:禁止|严禁|不得).{0,30}(?:转载|转贴|引用)",
)
# Where the story is over: the editor's sign-off (zixun.text.is_editor_credit_line), or one of
# these headings over what the page recommends next.
END_HEADING = re.compile(
    r"^(?:热门推荐|相关阅读|相关新闻|延伸阅读|推荐阅读|猜你喜欢"
    r"|热点推荐|相关推荐|相关文章|为您推荐|为你推荐|精彩推荐|更多精彩|大家都在看|分享到?"
    # where an encyclopedia or a paper ends its text and lists its sources
    r"|参考(?:文献|资料|来源)|外部链接|参见)\s*(?:\[编辑\])?\s*[:：]?$"
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
    poster: str = ""  # on a forum thread, who wrote the first post


@dataclass
class Block:
    """One paragraph, heading, code block or picture of the body, in reading order."""

    kind: str  # "p", "h", "pre", "img"
    text: str = ""
    src: str = ""


def extract_body(root: lxml.html.HtmlElement, html: str, url: str | None, title: str) -> Body:
    """Main text of the page, with credit lines and the repeated headline removed."""
    post = _first_post_container(root)
    # Inside a thread's post, names such as "CommentPost" mark the post itself, not furniture.
    blocks = read_blocks(post.container, url, by_name=not post.thread) \
        if post.container is not None else []
    size = sum(len(b.text) for b in blocks if b.kind != "img")
    # A first post may be short; trafilatura on the whole thread would bring the replies in.
    if size < 60 and not (post.thread and size):
        blocks = _trafilatura_blocks(html, url)
    credits = _cut_after_end(blocks) + _trim_edges(blocks, title)
    body = _assemble(blocks, credits)
    body.poster = post.poster
    return body


@dataclass
class Post:
    """Where the body is read from; on a thread, the first post and who wrote it."""

    container: lxml.html.HtmlElement | None
    thread: bool = False
    poster: str = ""


PROSE = re.compile(r"[，。！？；,.!?]")


def _first_post_container(root: lxml.html.HtmlElement) -> Post:
    """The densest prose container; on a thread, the first post only (replies never count)."""
    container = find_container(root)
    for _ in range(3):  # a page may hold a list of replies and a list of comments
        posts = thread_posts(container) if container is not None else []
        if not posts:
            return Post(container)
        if not is_reply(posts[0]):
            inner = find_container(posts[0])  # the post's text, not its header and footer
            if inner is None or not PROSE.search(inner.text_content()):
                inner = posts[0]  # a one-line post: read it whole, header and footer skipped
            return Post(inner, True, _poster(posts[0]))
        for reply in posts:  # the densest text was the replies: the post is elsewhere
            reply.drop_tree()
        container = find_container(root)
    return Post(container)


def _poster(post: lxml.html.HtmlElement) -> str:
    """The name a post shows in its author or user element, outside its footer; the innermost
    such element (the name, not the box that also holds an avatar's initial)."""
    chosen = None
    for element in post.iter():
        if not isinstance(element.tag, str) or element.tag in ("img", "i"):
            continue
        if any(a.tag in NOT_STORY_TAGS and a.tag != "a" for a in element.iterancestors()):
            continue  # a footer quotes the replies' authors
        name = f"{element.get('class', '')} {element.get('id', '')}".lower()
        if not POSTER_CLASS.search(name) or "avatar" in name:
            continue
        text = squash(element.text_content())
        if not 2 <= len(text) <= 20 or re.search(r"\d{2}|[，。：:]", text):
            continue
        if chosen is None or chosen in element.iterancestors():
            chosen = element
        elif chosen is not None:
            break
    return squash(chosen.text_content()) if chosen is not None else ""


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
    text = simplified(text)
    return is_editor_credit_line(text) or END_HEADING.search(text) is not None


def read_blocks(
    container: lxml.html.HtmlElement, url: str | None, by_name: bool = True
) -> list[Block]:
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
        if not top and _furniture(element, tag, by_name):
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


def _furniture(element: lxml.html.HtmlElement, tag: str, by_name: bool = True) -> bool:
    if tag in NOT_STORY_TAGS and tag != "a":
        return True
    if tag not in BLOCK_TAGS and tag not in ("span", "a"):
        return False
    if by_name and is_boilerplate(element):
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
    text, headline = simplified(text), simplified(headline)
    if not text or text == headline:
        return True
    if headline and text.endswith(headline) and len(text) < len(headline) + 6:
        return True  # "原创" badge + headline
    if not top and re.fullmatch(r"[（(]?完[）)]?", text):
        return False
    if re.fullmatch(r".{1,5}[，。！？]", text):
        return False  # a short sentence ("下周一，") is still story
    if not top and len(text) <= 12 and is_photo_caption(text):
        return True  # a bare photo credit ("王煌忠摄") left under the story, its picture gone
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
