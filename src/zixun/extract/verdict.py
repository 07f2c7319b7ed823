"""Whether a page holds an article at all: an index, a 404 page or a login wall does not.

Each verdict reads the page's own structure, never its address: a 404 page says so in its
title or heading and carries little text; a login wall asks for a password and shows little
beside the form; an index page is links with no story between them. "Little text" is measured
on the body the extractor found, so a long article whose headline mentions 404 stays an article.
"""

from __future__ import annotations

import re

import lxml.html

from zixun.extract.dom import squash

NOT_FOUND = re.compile(
    r"\b404\b|not\s*found|页面(?:不存在|未找到|找不到|已删除|走丢)|找不到(?:该|此|您要的|你要的)?(?:页面|网页|文章)"
    r"|(?:文章|内容|页面|信息|帖子|主题)(?:已被?(?:删除|屏蔽|下线)|不存在)|无法找到(?:该|此)?页面",
    re.IGNORECASE,
)
LOGIN_WORDS = re.compile(r"登录后(?:查看|阅读|可见|继续)|请(?:先)?登录|登录(?:即可|以)(?:查看|阅读)"
                         r"|(?:sign|log)\s*in to (?:continue|read|view)", re.IGNORECASE)
# Prose punctuation: a story has it even when short; a list of headlines has next to none.
PROSE_MARKS = re.compile(r"[，。！？；]")
# Below these sizes (non-space characters of the extracted body) a page is too thin to be a
# story once it also looks like one of the three non-articles.
THIN_NOT_FOUND = 400
THIN_LOGIN = 300
THIN_INDEX = 150
MANY_LINKS = 20


def not_article_reason(
    root: lxml.html.HtmlElement, title: str, body_text: str, body_html: str, dated: bool
) -> str:
    """A few words on why the page is not an article, or "" when it is one.

    ``dated``: the page prints or declares a publish time. Articles almost always do and
    index, error and login pages almost never, so a dated page needs stronger evidence.
    """
    size = len(re.sub(r"\s+", "", body_text))
    page_title = squash(root.findtext(".//title"))
    headings = " ".join(squash(h.text_content()) for h in root.iter("h1", "h2"))[:400]
    if size < THIN_NOT_FOUND and NOT_FOUND.search(f"{page_title} {title} {headings} {body_text[:200]}"):
        return "page not found (404)"
    if size == 0:
        return "no text found on the page"
    if size < THIN_LOGIN and LOGIN_WORDS.search(body_text[:300]):
        return "login required to read this page"
    if dated:
        return ""
    asks_password = bool(root.xpath("//input[@type='password' or @type='PASSWORD']"))
    if size < THIN_INDEX // 2 and asks_password:
        return "login required to read this page"  # the form is most of what the page shows
    link_texts = {squash(a.text_content()) for a in root.iter("a")} - {""}
    code = "<pre>" in body_html  # a short post around a code block is a technical answer
    if len(link_texts) < MANY_LINKS or code:
        return ""
    # What the extractor took for a body may be the list itself: then it is mostly link text.
    squashed = re.sub(r"\s+", "", body_text)
    linked = sum(len(re.sub(r"\s+", "", t)) for t in link_texts if t in body_text)
    few_marks = len(PROSE_MARKS.findall(body_text)) < 2
    if (size < THIN_INDEX and few_marks) or linked > 0.6 * len(squashed):
        return f"an index page: {len(link_texts)} links and no story"
    return ""
