"""The API's shapes as OpenAPI documents them: every field in Chinese and English, with an example.

The views build their JSON in `present` (plain dicts, fast); tests validate real answers
against these models, so the documentation cannot drift from what is sent.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict


def doc(zh: str, en: str, example: Any, **kwargs: Any) -> Any:
    """A field described in both languages, with an example."""
    return Field(description=f"{zh} / {en}", examples=[example], **kwargs)


def opt(zh: str, en: str, example: Any) -> Any:
    return doc(zh, en, example, default=None)


WHEN = "2026-03-05T09:30:00+08:00"


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class ErrorOut(Strict):
    error: str = doc("错误代码，供程序判断", "error code for programs", "invalid")
    message: str = doc("给人看的中文说明", "what went wrong, in Chinese", "limit 不能大于 100")
    field: str | None = doc("出错的参数或字段，没有时为 null", "the parameter or field at fault",
                            "limit")


class ChannelOut(Strict):
    id: int = doc("频道编号", "channel id", 3)
    name: str = doc("频道名称", "channel name", "科技")
    slug: str = doc("频道标识，用于筛选", "channel slug, used by filters", "keji")
    url: str = doc("频道页面地址", "channel page URL", "https://news.example.com/channel/keji/")


class TagOut(Strict):
    id: int = doc("标签编号", "tag id", 12)
    name: str = doc("标签名称", "tag name", "人工智能")
    slug: str = doc("标签标识，用于筛选", "tag slug, used by filters", "人工智能")
    url: str = doc("标签页面地址", "tag page URL", "https://news.example.com/tag/人工智能/")


class SourceOut(Strict):
    id: int = doc("来源编号", "source id", 5)
    name: str = doc("来源（发布媒体）名称", "name of the outlet that publishes here", "新华社")
    slug: str = doc("来源标识，用于筛选", "source slug, used by filters", "xinhua")
    homepage: str = doc("来源主页", "the outlet's homepage", "https://www.news.cn/")
    url: str = doc("来源页面地址", "source page URL", "https://news.example.com/source/xinhua/")


class CreditOut(Strict):
    outlet: str = doc("首发媒体", "outlet that first published it", "人民日报")
    url: str = doc("首发地址，未知时为空", "address of the first publication, '' if unknown",
                   "https://paper.people.com.cn/…")


class StoryOriginalOut(Strict):
    id: int = doc("原文文章编号", "id of the original article", 101)
    title: str = doc("原文标题", "title of the original", "国务院常务会议部署…")
    url: str = doc("原文在本站的地址", "the original's page on this site",
                   "https://news.example.com/a/101/")
    outlet: str = doc("原文媒体", "the original's outlet", "新华社")


class StoryRefOut(Strict):
    id: int = doc("报道编号（同一新闻的原文与转载）", "story id (an original and its reposts)", 42)
    original: StoryOriginalOut | None = doc("原文，未公开或未知时为 null",
                                            "the original, null if unknown or not public", None)
    reposts_count: int = doc("转载篇数（不含原文）", "number of reposts, the original excluded", 4)


class CoverOut(Strict):
    image: str = doc("封面图地址", "cover image URL", "https://img.example.com/cover.jpg")
    caption: str = doc("封面图说", "cover caption", "会议现场。新华社记者 摄")


class ArticleOut(Strict):
    """An article; lists leave out body_html/body_text unless asked (fields= or include=body)."""

    id: int = doc("文章编号", "article id", 101)
    url: str | None = opt("规范地址（本站文章页）", "canonical URL (the article's page here)",
                          "https://news.example.com/a/101/")
    title: str | None = opt("标题", "title", "国务院常务会议部署推动经济持续回升向好")
    summary: str | None = opt("摘要", "summary", "会议指出……")
    published_at: datetime | None = opt("发布时间", "publication time", WHEN)
    updated_at: datetime | None = opt("最后修改时间", "time of the last change", WHEN)
    channel: ChannelOut | None = opt("频道，没有时为 null", "channel, null if none", None)
    tags: list[str] | list[TagOut] | None = opt(
        "标签：名称列表；include=tags 时为完整对象", "tags: names; full objects with include=tags",
        ["经济", "国务院"])
    keywords: list[str] | None = opt("关键词", "keywords", ["经济", "回升", "政策"])
    source: str | SourceOut | None = opt(
        "来源名称；include=source 时为完整对象", "source name; a full object with include=source",
        "新华社")
    account: str | None = opt("发布账号", "publishing account", "新华网")
    authors: list[str] | None = opt("作者", "authors", ["张三", "李四"])
    original_outlet: str | None = opt("原始来源（署名的首发媒体）", "original outlet as credited",
                                      "人民日报")
    original_title: str | None = opt("原标题", "original title", "经济回升向好")
    original_published_at: datetime | None = opt("原文发布时间", "original publication time", WHEN)
    original_url: str | None = opt("原文地址", "original URL", "https://www.news.cn/2026/…")
    credit: CreditOut | None = opt("转载出处，原创时为 null", "repost credit, null for an original",
                                   None)
    story: StoryRefOut | None = opt("所属报道，单篇时为 null", "the story, null for a lone article",
                                    None)
    cover: CoverOut | None = opt("封面图与图说，没有时为 null", "cover and caption, null if none",
                                 None)
    sponsored: bool | None = opt("是否推广内容", "whether it is sponsored", False)
    view_count: int | None = opt("浏览次数", "views", 1024)
    status: str | None = opt("状态（写入接口的回应，或 fields=status）",
                             "status (in write answers, or with fields=status)", "published")
    byline: dict | None = opt("署名信息（include=byline）", "byline details (include=byline)",
                              {"authors": ["张三"], "outlet": "新华社"})
    body_html: str | None = opt("正文 HTML（已清洗）", "body as sanitised HTML", "<p>会议指出……</p>")
    body_text: str | None = opt("正文纯文本", "body as plain text", "会议指出……")


class ArticlePageOut(Strict):
    items: list[ArticleOut] = doc("本页文章", "the articles of this page", [])
    next: str | None = doc("下一页地址；读到末尾时为 null（id、modified 排序始终给出，用于之后续读）",
                           "URL of the next page; null at the end (always given for the id and "
                           "modified orders, to poll later)", "https://news.example.com/api/v1/"
                           "articles?cursor=WyJuZXdlc3QiLC4uLl0&limit=20")
    has_more: bool = doc("此刻之后是否还有文章", "whether more articles follow right now", True)
    order: str = doc("排序", "order", "newest")


class SearchHitOut(Strict):
    article: ArticleOut = doc("命中的文章", "the article found", {})
    score: float = doc("相关度", "relevance score", 12.5)
    title_html: str = doc("标出命中词的标题（HTML）", "title with matches marked (HTML)",
                          "<mark>经济</mark>回升")
    snippet_html: str = doc("标出命中词的摘录（HTML）", "snippet with matches marked (HTML)",
                            "……<mark>经济</mark>持续回升……")


class SearchPageOut(Strict):
    items: list[SearchHitOut] = doc("本页结果", "results on this page", [])
    total: int = doc("结果总数（每个报道计一次）", "total results, one per story", 87)
    next: str | None = doc("下一页地址，没有时为 null", "URL of the next page, null at the end", None)
    message: str = doc("提示（例如筛选条件无效）", "a note, e.g. a filter that names nothing", "")
    suggestion: str = doc("无结果时建议的检索词", "suggested query when nothing was found", "")


class ListOut(Strict):
    next: str | None = doc("下一页地址，没有时为 null", "URL of the next page, null at the end", None)


class ChannelPageOut(ListOut):
    items: list[ChannelOut] = doc("频道", "channels", [])


class TagPageOut(ListOut):
    items: list[TagOut] = doc("标签", "tags", [])


class SourcePageOut(ListOut):
    items: list[SourceOut] = doc("来源", "sources", [])


class TopicSummaryOut(Strict):
    id: int = doc("专题编号", "topic id", 7)
    title: str = doc("专题标题", "topic title", "两会特别报道")
    slug: str = doc("专题标识", "topic slug", "lianghui-2026")
    description: str = doc("专题简介", "topic description", "2026 年全国两会的报道与解读。")
    cover: str = doc("封面图地址，没有时为空", "cover image URL, empty if none",
                     "https://img.example.com/lianghui.jpg")
    articles_count: int = doc("专题中公开文章的篇数", "number of public articles in the topic", 24)
    updated_at: datetime = doc("专题最后修改时间", "when the topic was last changed",
                               "2026-03-05T09:30:00+08:00")
    url: str = doc("专题页面地址", "topic page URL", "https://news.example.com/topic/lianghui-2026/")


class TopicPageOut(ListOut):
    items: list[TopicSummaryOut] = doc("专题", "topics", [])


class TopicOut(TopicSummaryOut):
    articles: list[ArticleOut] = doc("专题文章，按编辑排定的顺序", "the topic's articles, in the "
                                     "editor's order", [])


class StoryOut(Strict):
    id: int = doc("报道编号", "story id", 42)
    original: ArticleOut | None = doc("原文，未公开或未知时为 null", "the original, or null", None)
    reposts: list[ArticleOut] = doc("转载（按发布时间）", "reposts, by publication time", [])


class ArticleIn(Schema):
    """An article to create: the fields of an import record (`zixun import`)."""

    model_config = ConfigDict(extra="forbid")
    title: str = doc("标题（必填）", "title (required)", "新标题", min_length=1, max_length=300)
    body_html: str = doc("正文 HTML，保存前清洗", "body HTML, sanitised before it is stored",
                         "<p>正文……</p>", default="")
    body_text: str = doc("正文纯文本（没有 HTML 时）", "body text (when there is no HTML)", "",
                         default="")
    url: str = doc("原文地址，用于去重", "original URL, used to recognise the article again",
                   "https://example.com/a/1", default="")
    guid: str = doc("来源系统中的唯一编号，用于去重", "unique id in the sending system", "cms:1",
                    default="")
    published_at: datetime | None = opt("发布时间，缺省为现在", "publication time, default now",
                                        WHEN)
    author: str = doc("作者，多人用、分隔", "authors, joined by 、", "张三、李四", default="")
    source: str = doc("来源名称", "source (outlet) name", "本站", default="")
    channel: str | None = opt("频道名称；缺省自动分类，空字符串为无频道",
                              "channel name; omitted: classified, '': none", "科技")
    tags: list[str] | None = opt("标签；缺省取关键词", "tags; omitted: from the keywords",
                                 ["人工智能"])
    summary: str | None = opt("摘要；缺省自动生成", "summary; omitted: generated", None)
    cover_image: str = doc("封面图地址（http/https）", "cover image URL (http/https)", "",
                           default="")
    cover_caption: str = doc("封面图说", "cover caption", "", default="")
    status: Literal["published", "draft", "scheduled", "hidden"] = doc(
        "状态", "status", "draft", default="published")


class ArticlePatch(Schema):
    """Fields to change; those left out stay as they are."""

    model_config = ConfigDict(extra="forbid")
    title: str | None = opt("标题", "title", "改过的标题")
    summary: str | None = opt("摘要", "summary", "新的摘要")
    body_html: str | None = opt("正文 HTML，保存前清洗", "body HTML, sanitised", "<p>……</p>")
    published_at: datetime | None = opt("发布时间", "publication time", WHEN)
    channel: str | None = opt("频道标识，空字符串为无频道", "channel slug, '' for none", "keji")
    tags: list[str] | None = opt("标签名称（整体替换）", "tag names (replace all)", ["人工智能"])
    cover_image: str | None = opt("封面图地址", "cover image URL", "https://img.example.com/c.jpg")
    cover_caption: str | None = opt("封面图说", "cover caption", "图说")
    original_outlet: str | None = opt("原始来源", "original outlet", "人民日报")
    original_title: str | None = opt("原标题", "original title", "原标题")
    sponsored: bool | None = opt("是否推广内容", "whether sponsored", False)


class FeedIn(Schema):
    model_config = ConfigDict(extra="forbid")
    url: str = doc("订阅源或网站地址（网站页面会自动找到其订阅源）",
                   "feed or site address (a page's announced feed is found)",
                   "https://example.com/rss.xml", min_length=1, max_length=1000)
    channel: str = doc("归入的频道名称", "channel name to file it under", "科技", default="")
    source: str = doc("来源名称，缺省取订阅源标题", "source name; default the feed's title", "示例网",
                      default="")
    interval: int = doc("检查间隔（分钟）", "minutes between checks", 30, default=30, ge=1,
                        le=24 * 60)


class FeedOut(Strict):
    id: int = doc("订阅源编号", "feed id", 7)
    url: str = doc("订阅地址", "feed URL", "https://example.com/rss.xml")
    title: str = doc("标题", "title", "示例网")
    source: str = doc("来源名称", "source name", "示例网")
    channel: str | None = doc("频道名称", "channel name", "科技")
    status: str = doc("状态：new/ok/error/fetching/paused", "state: new/ok/error/fetching/paused",
                      "new")


class CountsOut(Strict):
    created: int = doc("新建文章数", "articles created", 12)
    updated: int = doc("更新文章数", "articles updated", 1)
    unchanged: int = doc("未变文章数", "articles unchanged", 3)
    skipped: int = doc("跳过的条目数", "entries skipped", 0)
    failed: int = doc("失败的条目数", "entries that failed", 0)
    failures: list[str] = doc("失败原因（最多 20 条）", "failure reasons (at most 20)", [])


class FetchOut(CountsOut):
    feed: FeedOut = doc("抓取的订阅源", "the feed fetched", {})
