"""The reader's pages: thin views over models and the ranking module."""

from __future__ import annotations

import sys
from functools import partial

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from zixun.articles.models import Article, Channel, Tag
from zixun.dedup.stories import story_view
from zixun.newsroom.front import front_page
from zixun.newsroom.models import Topic
from zixun.ranking import hot
from zixun.ranking.related import related_articles
from zixun.search.query import SearchRequest
from zixun.search.query import search as run_search
from zixun.sources.models import Source
from zixun.web import csp, feeds, outage, sitemaps
from zixun.web.links import site_root
from zixun.web.paging import Listing, listing
from zixun.web.structured import article_card


def _page(request: HttpRequest, articles: QuerySet, name: str) -> Listing:
    # A list shows titles and summaries: the bodies are the bulk of a row and are left unread.
    shown = articles.select_related("channel", "source").defer("body_html", "body_text", "byline", "keywords")
    return listing(shown, request.GET, name)


def home(request: HttpRequest) -> HttpResponse:
    page = _page(request, Article.objects.listed(), "home")
    # The editors' arrangement heads the first page only; the later pages are the latest alone.
    front = front_page() if page.page is not None and page.page.number == 1 else None
    return render(request, "web/home.html", {"page": page, "front": front, **_hot()})


def article(request: HttpRequest, pk: int) -> HttpResponse:
    story = get_object_or_404(Article.objects.select_related("channel", "source"), pk=pk)
    if story.status == Article.Status.HIDDEN:
        # Gone on purpose, and said so: 410 tells search engines to drop the address. Never
        # stored by the page cache (a 200 only), whose older copies a take-down drops.
        return render(request, "web/withdrawn.html", {"reason": story.status_reason}, status=410)
    if not story.is_public:
        raise Http404("文章不存在或未发布")
    # zixun.ranking.middleware counts this view once the page is sent; show the count with it.
    story.view_count += 1
    return _article_page(request, story)


def preview(request: HttpRequest, token: str) -> HttpResponse:
    """An unpublished article as it will look, for whoever holds an editor's preview link:
    never cached, never indexed, never counted as a view."""
    story = Article.from_preview_token(token)
    if story is None:
        response = render(request, "web/preview_expired.html", status=404)
    else:
        response = _article_page(request, story, preview=True)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _article_page(request: HttpRequest, story: Article, preview: bool = False) -> HttpResponse:
    root = site_root(request)
    context = {
        "preview": preview,
        "article": story,
        # Lazy too: the head's JSON-LD and share tags are cached with the article's edit time.
        "card": partial(article_card, story, root),
        "site_root": root,
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


# A topic's page shows at most this many articles: a collection, not an archive.
TOPIC_MOST_SHOWN = 200


def topic(request: HttpRequest, slug: str) -> HttpResponse:
    """专题: its articles in the order the editor gave them."""
    chosen = get_object_or_404(Topic, slug=slug, published=True)
    articles = chosen.articles().select_related("channel", "source").defer(
        "body_html", "body_text", "byline", "keywords")[:TOPIC_MOST_SHOWN]
    # One page, so the list shows no page links.
    page = Paginator(list(articles), TOPIC_MOST_SHOWN).page(1)
    return render(request, "web/topic.html", {"topic": chosen, "page": Listing(page.object_list, page),
                                              **_hot()})


# The lists with feeds of their own, by the first part of their address: model, kind and the
# article field that files an article under one.
FEED_LISTS = {"channel": (Channel, "频道", "channel"), "tag": (Tag, "标签", "tags"),
              "source": (Source, "来源", "source")}


def home_feed(request: HttpRequest, file_name: str) -> HttpResponse:
    return feeds.respond(request, feeds.site_list(settings.SITE_NAME), file_name)


def list_feed(request: HttpRequest, kind: str, slug: str, file_name: str) -> HttpResponse:
    model, label, field = FEED_LISTS[kind]
    named = get_object_or_404(model, slug=slug)
    articles = Article.objects.listed().filter(**{field: named})
    return feeds.respond(request, feeds.named_list(named.name, label, named.get_absolute_url(),
                                                   articles), file_name)


def topic_feed(request: HttpRequest, slug: str, file_name: str) -> HttpResponse:
    chosen = get_object_or_404(Topic, slug=slug, published=True)
    return feeds.respond(request, feeds.named_list(chosen.title, "专题", chosen.get_absolute_url(),
                                                   chosen.articles()), file_name)


def search_feed(request: HttpRequest, file_name: str) -> HttpResponse:
    return feeds.respond(request, feeds.search_list(request.GET), file_name)


def robots(request: HttpRequest) -> HttpResponse:
    lines = sitemaps.robots_lines(site_root(request))
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def indexnow_key(request: HttpRequest) -> HttpResponse:
    """The key IndexNow asks a site to serve, proving the pushed addresses are the site's own."""
    key = settings.ANNOUNCE.indexnow_key
    if not key:
        raise Http404("IndexNow 未启用")
    return HttpResponse(key, content_type="text/plain; charset=utf-8")


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
    # Called while the error is being handled, so it is still the current exception.
    if outage.database_unreachable(sys.exc_info()[1]):
        return outage.unavailable_response()
    # No context processors that touch the database: the database may be why we are here.
    return HttpResponse(loader.get_template("500.html").render({}), status=500)


def search(request: HttpRequest) -> HttpResponse:
    req = SearchRequest.from_params(request.GET)
    results = run_search(req) if req.q else None
    context = {"req": req, "results": results, "search_q": req.q, "channels": Channel.objects.all()}
    if req.q:
        feed = feeds.search_list(request.GET)
        context.update(feed_title=feed.title, feed_query=feed.query)
    return render(request, "web/search.html", context)


@csrf_exempt  # browsers send reports without a CSRF token; the view only logs them
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log the Content-Security-Policy violations a browser reports (zixun.web.csp)."""
    body = request.read(csp.REPORT_MAX_BYTES + 1)
    if len(body) > csp.REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    for report in csp.violations(body):
        csp.log_violation(report)
    return HttpResponse(status=204)
