"""The reader's pages: thin views over models and the ranking module."""

from __future__ import annotations

from functools import partial

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader

from zixun.articles.models import Article, Channel, Tag
from zixun.dedup.stories import story_view
from zixun.ranking import hot
from zixun.ranking.related import related_articles
from zixun.search.query import SearchRequest
from zixun.search.query import search as run_search
from zixun.sources.models import Source
from zixun.web.paging import Listing, listing


def _page(request: HttpRequest, articles: QuerySet, name: str) -> Listing:
    # A list shows titles and summaries: the bodies are the bulk of a row and are left unread.
    shown = articles.select_related("channel", "source").defer("body_html", "body_text", "byline", "keywords")
    return listing(shown, request.GET, name)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"page": _page(request, Article.objects.listed(), "home"), **_hot()})


def article(request: HttpRequest, pk: int) -> HttpResponse:
    story = get_object_or_404(Article.objects.select_related("channel", "source"), pk=pk)
    if not story.is_public:
        raise Http404("文章不存在或未发布")
    # zixun.ranking.middleware counts this view once the page is sent; show the count with it.
    story.view_count += 1
    context = {
        "article": story,
        "story": story_view(story),
        # Lazy: the template calls these only when its fragment cache has no copy of the block.
        "related": partial(related_articles, story),
        **_hot(),
    }
    return render(request, "web/article.html", context)


def channel(request: HttpRequest, slug: str) -> HttpResponse:
    ch = get_object_or_404(Channel, slug=slug)
    page = _page(request, Article.objects.listed().filter(channel=ch), f"channel:{ch.pk}")
    return render(request, "web/list.html", {"heading": ch.name, "kind": "频道", "page": page, **_hot(ch)})


def tag(request: HttpRequest, slug: str) -> HttpResponse:
    tg = get_object_or_404(Tag, slug=slug)
    page = _page(request, Article.objects.listed().filter(tags=tg), f"tag:{tg.pk}")
    return render(request, "web/list.html", {"heading": tg.name, "kind": "标签", "page": page, **_hot()})


def source(request: HttpRequest, slug: str) -> HttpResponse:
    src = get_object_or_404(Source, slug=slug)
    page = _page(request, Article.objects.listed().filter(source=src), f"source:{src.pk}")
    return render(request, "web/list.html", {"heading": src.name, "kind": "来源", "page": page, **_hot()})


def _hot(channel: Channel | None = None) -> dict:
    """The hot list for a page, computed only if the template's cached copy has expired."""
    seconds = hot.HOT_CACHE_SECONDS
    if channel is None:
        return {"hot": hot.hot_articles, "hot_scope": "site", "hot_seconds": seconds}
    return {"hot": partial(hot.hot_articles, channel=channel), "hot_scope": f"channel:{channel.pk}",
            "hot_seconds": seconds}


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the database may be why we are here.
    return HttpResponse(loader.get_template("500.html").render({}), status=500)


def search(request: HttpRequest) -> HttpResponse:
    req = SearchRequest.from_params(request.GET)
    results = run_search(req) if req.q else None
    context = {"req": req, "results": results, "search_q": req.q, "channels": Channel.objects.all()}
    return render(request, "web/search.html", context)
