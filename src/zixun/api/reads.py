"""The read routes: public, limited per address (or per key), cacheable, with validators."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Literal
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Schema

from zixun.api import cursor as paging
from zixun.api import present, schemas
from zixun.api.responses import ApiError, not_found, respond
from zixun.api.router import READ, router
from zixun.articles.models import Article, Channel, Story, Tag
from zixun.dedup.stories import story_view
from zixun.ranking import hot
from zixun.ranking.related import related_articles
from zixun.search.query import MAX_PAGE, SearchRequest
from zixun.search.query import search as run_search
from zixun.sources.models import Source
from zixun.web.links import site_root

ERRORS = {400: schemas.ErrorOut, 404: schemas.ErrorOut, 422: schemas.ErrorOut,
          429: schemas.ErrorOut}
DEFAULT_LIMIT = 20
doc = schemas.doc


def _limit(default: int = DEFAULT_LIMIT):
    return Field(default, ge=1, le=paging.MAX_LIMIT, description=(
        f"每页条数，1 到 {paging.MAX_LIMIT} / items per page, 1 to {paging.MAX_LIMIT}"),
        examples=[default])


class Shaping(Schema):
    fields: str | None = doc("只返回这些字段，逗号分隔（id 总是返回）",
                             "only these fields, comma-separated (id always)",
                             "title,url,published_at", default=None)
    include: str | None = doc("嵌入：byline,tags,source,body（body 为列表加上正文）",
                              "embed: byline,tags,source,body (body adds the text to lists)",
                              "tags,source", default=None)


class ArticleFilters(Shaping):
    channel: str | None = doc("频道标识", "channel slug", "keji", default=None)
    tag: str | None = doc("标签标识", "tag slug", "人工智能", default=None)
    source: str | None = doc("来源标识", "source slug", "xinhua", default=None)
    story: int | None = doc("报道编号：只看这条新闻的原文与转载", "story id: its original and reposts",
                            42, default=None)
    since: date | datetime | None = doc("发布时间不早于（日期或时间）", "published at or after",
                                        "2026-03-01", default=None)
    until: date | datetime | None = doc("发布时间早于（日期含当天）", "published before (a date: "
                                        "through that day)", "2026-03-31", default=None)
    modified_since: datetime | None = doc("最后修改时间不早于", "changed at or after",
                                          "2026-03-05T00:00:00+08:00", default=None)
    q: str | None = doc("中文检索（与站内搜索相同，按相关度排序；可与 channel、source、since、until 同用）",
                        "Chinese search as on the site, by relevance (combines with channel, "
                        "source, since, until)", "经济 发展", default=None)
    originals_only: bool = doc("每条新闻只列一篇（原文），与网站列表相同",
                               "one article per story (its original), as the site's lists",
                               False, default=False)
    order: Literal["newest", "id", "modified"] = doc(
        "排序：newest 最新在前（阅读）；id 按入库顺序（同步全部，翻页期间新增的也恰好看到一次）；"
        "modified 按最后修改（增量同步）",
        "newest first (reading); id: storage order (copy all: articles added while paging are "
        "seen exactly once); modified: by last change (incremental sync)", "newest",
        default="newest")
    cursor: str | None = doc("上一页回应中的 next 所带的游标", "the cursor from the previous "
                             "page's next", None, default=None)
    limit: int = _limit()


def shape_of(params: Shaping, with_body: bool) -> present.Shape:
    fields = None
    if params.fields:
        fields = {name.strip() for name in params.fields.split(",") if name.strip()}
        unknown = sorted(fields - set(present.ARTICLE_FIELDS))
        if unknown:
            raise ApiError(422, "invalid", f"没有字段 {', '.join(unknown)}；可用："
                           + ", ".join(present.ARTICLE_FIELDS), "fields")
    include = {name.strip() for name in (params.include or "").split(",") if name.strip()}
    unknown = sorted(include - present.INCLUDES)
    if unknown:
        raise ApiError(422, "invalid", f"不能嵌入 {', '.join(unknown)}；可用："
                       + ", ".join(sorted(present.INCLUDES)), "include")
    return present.Shape(fields=fields, include=include, with_body=with_body)


def next_url(request: HttpRequest, **changes) -> str:
    params = {key: value for key, value in request.GET.items() if key not in changes}
    params.update({key: value for key, value in changes.items() if value is not None})
    return f"{site_root(request)}{request.path}?{urlencode(params)}"


def _moment(value: datetime | date, end: bool = False) -> datetime:
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    day = timezone.make_aware(datetime.combine(value, time.min))
    return day + timedelta(days=1) if end else day


def _named(model, slug: str, what: str, field: str):
    found = model.objects.filter(slug=slug).first()
    if found is None:
        raise ApiError(404, "not_found", f"没有标识为“{slug}”的{what}", field)
    return found


def published_by_id() -> QuerySet:
    """`Article.objects.published()` for a walk in id order. Its status is compared through an
    expression: SQLite, without statistics, would otherwise read every published row through
    the (status, published_at) index and sort them, where walking ids reads one page's worth."""
    return (Article.objects.alias(shown_status=Lower("status"))
            .filter(shown_status=Article.Status.PUBLISHED, published_at__lte=timezone.now()))


def filtered(params: ArticleFilters) -> QuerySet:
    if params.originals_only:
        articles = Article.objects.listed()
    elif params.order == "id":
        articles = published_by_id()
    else:
        articles = Article.objects.published()
    if params.channel:
        articles = articles.filter(channel=_named(Channel, params.channel, "频道", "channel"))
    if params.tag:
        articles = articles.filter(tags=_named(Tag, params.tag, "标签", "tag"))
    if params.source:
        articles = articles.filter(source=_named(Source, params.source, "来源", "source"))
    if params.story is not None:
        articles = articles.filter(story_id=params.story)
    if params.since:
        articles = articles.filter(published_at__gte=_moment(params.since))
    if params.until:
        articles = articles.filter(published_at__lt=_moment(params.until, end=True))
    if params.modified_since:
        articles = articles.filter(updated_at__gte=_moment(params.modified_since))
    return articles


def newest_change(rows: list[Article]) -> datetime | None:
    return max((a.updated_at for a in rows), default=None)


@router.get("/articles", response={200: schemas.ArticlePageOut, **ERRORS},
            summary="文章列表 / list articles", tags=READ)
def list_articles(request: HttpRequest, params: Query[ArticleFilters]) -> HttpResponse:
    """文章列表，游标翻页，不含正文（除非 fields= 或 include=body）。
    Articles, cursor-paged; bodies only when asked."""
    shape = shape_of(params, with_body=False)
    if params.q:
        return _searched_articles(request, params, shape)
    page = paging.paginate(present.articles_query(filtered(params), shape), params.order,
                           params.cursor, params.limit)
    root = site_root(request)
    body = {"items": present.articles_json(page.rows, shape, root),
            "next": next_url(request, cursor=page.next_cursor) if page.next_cursor else None,
            "has_more": page.has_more, "order": params.order}
    # The growing end of a walk in storage order is never served stale from a cache.
    fresh = "private, no-cache" if not page.has_more and params.order in paging.FOLLOWING else None
    return respond(request, body, newest_change(page.rows), cache_control=fresh)


def _searched_articles(request: HttpRequest, params: ArticleFilters, shape) -> HttpResponse:
    if params.tag or params.story is not None or params.modified_since or params.order != "newest":
        raise ApiError(400, "unsupported", "q 只能与 channel、source、since、until 同用，"
                       "不能与 tag、story、modified_since 或 order 同用", "q")
    hits, number, more = _search(params.q, params.channel, params.source, params.since,
                                 params.until, "relevance", params.cursor, params.limit)
    rows = reloaded([hit.article.pk for hit in hits.hits], shape)
    body = {"items": present.articles_json(rows, shape, site_root(request)),
            "next": _search_next(request, number, more), "has_more": more, "order": "relevance"}
    return respond(request, body, newest_change(rows))


def _search(q: str, channel, source, since, until, sort: str, cursor: str | None, limit: int):
    number = 1
    if cursor:
        number = paging.decode_page(cursor)
    req = SearchRequest(q=q.strip(), channel=channel or "", source=source or "",
                        since=since.date() if isinstance(since, datetime) else since,
                        until=until.date() if isinstance(until, datetime) else until,
                        sort=sort, page=number, per_page=limit)
    found = run_search(req)
    more = number < min(MAX_PAGE, found.num_pages)
    return found, number, more


def _search_next(request: HttpRequest, number: int, more: bool) -> str | None:
    return next_url(request, cursor=paging.encode("search", [number + 1])) if more else None


def reloaded(ids: list[int], shape: present.Shape) -> list[Article]:
    """Articles by id in the given order, with what the shape shows (three queries)."""
    found = present.articles_query(Article.objects.filter(pk__in=ids), shape).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


@router.get("/articles/{int:article_id}", response={200: schemas.ArticleOut, **ERRORS},
            summary="文章详情 / one article", tags=READ)
def get_article(request: HttpRequest, article_id: int, params: Query[Shaping]) -> HttpResponse:
    """一篇文章，含正文与全部字段。One article with its body and every field."""
    shape = shape_of(params, with_body=True)
    shown = present.articles_query(Article.objects.published(), shape)
    article = shown.filter(pk=article_id).first()
    if article is None:
        raise not_found("文章")
    return respond(request, present.articles_json([article], shape, site_root(request))[0],
                   article.updated_at)


def _public_article(article_id: int) -> Article:
    article = Article.objects.published().filter(pk=article_id).first()
    if article is None:
        raise not_found("文章")
    return article


class Listing(Shaping):
    limit: int = _limit()


@router.get("/articles/{int:article_id}/related", response={200: schemas.ArticlePageOut, **ERRORS},
            summary="相关内容 / related articles", tags=READ)
def related(request: HttpRequest, article_id: int, params: Query[Listing]) -> HttpResponse:
    """与网站“相关内容”相同的列表。The article page's related list."""
    shape = shape_of(params, with_body=False)
    ids = [a.pk for a in related_articles(_public_article(article_id))][: params.limit]
    rows = reloaded(ids, shape)
    body = {"items": present.articles_json(rows, shape, site_root(request)), "next": None,
            "has_more": False, "order": "related"}
    return respond(request, body, newest_change(rows))


class HotParams(Listing):
    channel: str | None = doc("频道标识：该频道的热门", "channel slug: that channel's list", "keji",
                              default=None)
    limit: int = Field(hot.HOT_SIZE, ge=1, le=hot.HOT_SIZE, examples=[10], description=(
        f"条数，1 到 {hot.HOT_SIZE} / how many, 1 to {hot.HOT_SIZE}"))


@router.get("/hot", response={200: schemas.ArticlePageOut, **ERRORS},
            summary="热门资讯 / hot articles", tags=READ)
def hot_list(request: HttpRequest, params: Query[HotParams]) -> HttpResponse:
    """网站的热门资讯（可按频道）。The site's hot list, optionally of one channel."""
    shape = shape_of(params, with_body=False)
    channel = _named(Channel, params.channel, "频道", "channel") if params.channel else None
    ids = [a.pk for a in hot.hot_articles(params.limit, channel=channel)]
    rows = reloaded(ids, shape)
    body = {"items": present.articles_json(rows, shape, site_root(request)), "next": None,
            "has_more": False, "order": "hot"}
    return respond(request, body, newest_change(rows))


@router.get("/stories/{int:story_id}", response={200: schemas.StoryOut, **ERRORS},
            summary="报道：原文与转载 / a story: original and reposts", tags=READ)
def get_story(request: HttpRequest, story_id: int, params: Query[Shaping]) -> HttpResponse:
    """同一新闻的原文与全部转载。An original and all its reposts."""
    story = Story.objects.filter(pk=story_id).first()
    copies = Article.objects.published().filter(story_id=story_id)
    lead = None
    if story is not None:
        lead = (copies.filter(pk=story.original_id).first() if story.original_id else None) \
            or copies.order_by("published_at", "pk").first()
    if lead is None:
        raise not_found("报道")
    view = story_view(lead)
    original_id = lead.pk if lead.pk == story.original_id else None
    repost_ids = [a.pk for a in view.reposts] if view.original is None else []
    if original_id is None:
        repost_ids = [lead.pk, *repost_ids]
    shape = shape_of(params, with_body=False)
    rows = reloaded([pk for pk in [original_id, *repost_ids] if pk], shape)
    shown = present.articles_json(rows, shape, site_root(request))
    by_id = {item["id"]: item for item in shown}
    body = {"id": story_id, "original": by_id.get(original_id),
            "reposts": [by_id[pk] for pk in repost_ids if pk in by_id]}
    return respond(request, body, newest_change(rows))


class SearchParams(Shaping):
    q: str = doc("检索词（中文分词，与站内搜索相同）", "query words (Chinese, as on the site)",
                 "经济 发展", min_length=1, max_length=200)
    channel: str | None = doc("频道标识", "channel slug", "keji", default=None)
    source: str | None = doc("来源标识", "source slug", "xinhua", default=None)
    since: date | None = doc("发布日期不早于", "published on or after", "2026-03-01", default=None)
    until: date | None = doc("发布日期不晚于", "published on or before", "2026-03-31", default=None)
    sort: Literal["relevance", "time"] = doc("排序：relevance 相关度，time 时间",
                                             "order: relevance or time", "relevance",
                                             default="relevance")
    cursor: str | None = doc("上一页回应中 next 所带的游标", "cursor from the previous next", None,
                             default=None)
    limit: int = _limit()


@router.get("/search", response={200: schemas.SearchPageOut, **ERRORS},
            summary="搜索 / search", tags=READ)
def search(request: HttpRequest, params: Query[SearchParams]) -> HttpResponse:
    """站内搜索：标出命中词，每条新闻一篇。The site's search, matches marked, one per story."""
    shape = shape_of(params, with_body=False)
    found, number, more = _search(params.q, params.channel, params.source, params.since,
                                  params.until, params.sort, params.cursor, params.limit)
    rows = {a.pk: a for a in reloaded([hit.article.pk for hit in found.hits], shape)}
    shown = {item["id"]: item for item in present.articles_json(list(rows.values()), shape,
                                                                 site_root(request))}
    items = [{"article": shown[hit.article.pk], "score": round(hit.score, 4),
              "title_html": str(hit.title_html), "snippet_html": str(hit.snippet_html)}
             for hit in found.hits if hit.article.pk in shown]
    body = {"items": items, "total": found.total, "message": found.message,
            "suggestion": found.suggestion,
            "next": _search_next(request, number, more)}
    return respond(request, body, newest_change(list(rows.values())))


@router.get("/channels", response={200: schemas.ChannelPageOut, **ERRORS},
            summary="频道 / channels", tags=READ)
def channels(request: HttpRequest) -> HttpResponse:
    """全部频道，按网站的顺序。Every channel, in the site's order."""
    root = site_root(request)
    items = [present.channel_json(channel, root) for channel in Channel.objects.all()]
    return respond(request, {"items": items, "next": None})


class NamedListing(Schema):
    cursor: str | None = doc("上一页回应中 next 所带的游标", "cursor from the previous next", None,
                             default=None)
    limit: int = _limit(100)


def named_page(request: HttpRequest, queryset: QuerySet, params: NamedListing,
                render) -> HttpResponse:
    page = paging.paginate(queryset, "id", params.cursor, params.limit)
    root = site_root(request)
    body = {"items": [render(row, root) for row in page.rows],
            "next": next_url(request, cursor=page.next_cursor) if page.has_more else None}
    return respond(request, body)


@router.get("/tags", response={200: schemas.TagPageOut, **ERRORS}, summary="标签 / tags", tags=READ)
def tags(request: HttpRequest, params: Query[NamedListing]) -> HttpResponse:
    """全部标签，按创建顺序翻页。Every tag, paged in creation order."""
    return named_page(request, Tag.objects.all(), params, present.tag_json)


@router.get("/sources", response={200: schemas.SourcePageOut, **ERRORS}, summary="来源 / sources",
            tags=READ)
def sources(request: HttpRequest, params: Query[NamedListing]) -> HttpResponse:
    """全部来源（发布媒体），按创建顺序翻页。Every source (outlet), paged in creation order."""
    return named_page(request, Source.objects.all(), params, present.source_json)
