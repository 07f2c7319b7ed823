"""Feeds out: the newest articles of a list as RSS 2.0, Atom 1.0 or JSON Feed 1.1.

Every list has them at its own address plus ``rss.xml``, ``atom.xml`` or ``feed.json`` (the
home page at ``/rss.xml``; a search at ``/search/rss.xml?q=…``). Items carry the full sanitised
text unless ``?summary=1`` asks for excerpts. A reader's conditional GET is answered from the
list's ids and edit times alone (one small query), before any body is read.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.encoding import iri_to_uri
from django.utils.html import escape
from django.utils.http import http_date, quote_etag

from zixun.articles.models import Article, Credit
from zixun.search.query import SearchRequest, search
from zixun.web import feedformats
from zixun.web.feedformats import Item
from zixun.web.links import absolute, logo_url, site_root

FEED_ITEMS = 30
# How long a made item is kept. An edit makes a new item at once (the key holds the edit time);
# what the key does not hold (a renamed tag, a story's newly chosen original) shows within this.
ITEM_SECONDS = 600
# Formats a page announces with <link rel="alternate">: file name, MIME type, label.
ALTERNATES = (
    ("rss.xml", "application/rss+xml", "RSS"),
    ("atom.xml", "application/atom+xml", "Atom"),
    ("feed.json", "application/feed+json", "JSON Feed"),
)


@dataclass
class FeedList:
    """What a feed lists: its name, its page and either a list of articles or a search."""

    title: str
    description: str
    page_path: str  # the list's page, e.g. /channel/科技/
    feed_path: str  # where its feeds are: feed_path + "rss.xml"
    articles: QuerySet | None = None
    search: SearchRequest | None = None
    query: str = ""  # the search's parameters, carried into the feeds' own addresses

    def newest(self) -> list[tuple[int, datetime]]:
        """(id, updated_at) of the articles the feed shows, in the feed's order."""
        if self.search is None:
            ordered = self.articles.order_by("-published_at", "-id")
            return list(ordered.values_list("id", "updated_at")[:FEED_ITEMS])
        return [(hit.article.pk, hit.article.updated_at) for hit in search(self.search).hits]


def site_list(site_name: str) -> FeedList:
    return FeedList(site_name, f"{site_name}的最新资讯", "/", "/", Article.objects.listed())


def named_list(name: str, kind: str, page_path: str, articles: QuerySet) -> FeedList:
    """A channel's, tag's or source's list, by its name and kind (频道, 标签, 来源)."""
    site_name = settings.SITE_NAME
    return FeedList(f"{name} - {site_name}", f"{site_name}{kind}「{name}」的最新资讯", page_path,
                    page_path, articles)


def search_list(params) -> FeedList:
    """The newest matches of a search (by time unless ``sort`` says otherwise)."""
    request = SearchRequest.from_params(params)
    if "sort" not in params:
        request.sort = "time"
    request.page, request.per_page = 1, FEED_ITEMS
    kept = {key: params[key] for key in ("q", "channel", "source", "since", "until", "sort")
            if params.get(key)}
    title = f"搜索：{request.q} - {settings.SITE_NAME}"
    return FeedList(title, f"{settings.SITE_NAME}上与「{request.q}」相关的最新文章",
                     "/search?" + urlencode(kept), "/search/", search=request,
                     query=urlencode(kept))


def respond(request: HttpRequest, feed: FeedList, file_name: str) -> HttpResponse:
    """The feed in the format ``file_name`` names, or 304 when the reader's copy is current."""
    write, content_type = feedformats.FORMATS[file_name]
    summary_only = request.GET.get("summary") == "1"
    root = site_root(request)
    newest = feed.newest()
    hub = settings.ANNOUNCE.websub_hub
    state = repr((file_name, summary_only, root, hub, feed.title, newest)).encode("utf-8")
    etag = quote_etag(hashlib.sha256(state).hexdigest()[:32])
    changed = max((moment for _pk, moment in newest), default=None)
    last_modified = int(changed.timestamp()) if changed else None
    unchanged = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if unchanged is not None:
        return _validated(unchanged, etag, last_modified)
    suffix = "?" + "&".join(p for p in (feed.query, "summary=1" if summary_only else "") if p)
    channel = feedformats.FeedHead(
        title=feed.title, description=feed.description, page_url=absolute(root, feed.page_path),
        feed_url=absolute(root, feed.feed_path + file_name) + suffix.rstrip("?"),
        logo_url=logo_url(root), site_name=settings.SITE_NAME, hub=hub,
    )
    items = _items(newest, root, summary_only)
    return _validated(HttpResponse(write(channel, items), content_type=content_type), etag,
                      last_modified)


def _validated(response: HttpResponse, etag: str, last_modified: int | None) -> HttpResponse:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return response


def _items(newest: list[tuple[int, datetime]], root: str, summary_only: bool) -> list[Item]:
    """The feed's items, each made once per edit of its article and kept in the site's cache:
    the same article stands in the home feed and its channel's, tags' and source's feeds."""
    keys = {pk: f"feed-item:{pk}:{moment.timestamp()}:{int(summary_only)}:{root}"
            for pk, moment in newest}
    found = cache.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        names = tag_names(missing)
        made = {keys[article.pk]: feed_item(article, root, names.get(article.pk, []), summary_only)
                for article in _articles(missing)}
        cache.set_many(made, ITEM_SECONDS)
        found.update(made)
    return [found[keys[pk]] for pk, _moment in newest if keys[pk] in found]


def _articles(ids: list[int]) -> list[Article]:
    # The plain text is as long as the HTML and a feed never shows it. A story's original is
    # read only for a copy that is not it (a repost, in a search's feed).
    found = (Article.objects.filter(pk__in=ids).select_related("channel", "source", "story")
             .defer("body_text", "keywords", "byline").in_bulk())
    return [found[pk] for pk in ids if pk in found]


def tag_names(ids: list[int]) -> dict[int, list[str]]:
    """Each article's tag names, in one query of (article, name) pairs."""
    names: dict[int, list[str]] = {}
    pairs = (Article.tags.through.objects.filter(article_id__in=ids).order_by("tag__name")
             .values_list("article_id", "tag__name"))
    for article_id, name in pairs:
        names.setdefault(article_id, []).append(name)
    return names


def feed_item(article: Article, root: str, tags: list[str], summary_only: bool = False) -> Item:
    """One article as a feed item: full text (with its credit line) unless ``summary_only``."""
    link = absolute(root, article.get_absolute_url())
    credit = article.repost_credit()
    content = ""
    if not summary_only:
        content = article.body_html + credit_line(article, credit, link)
    categories = ([article.channel.name] if article.channel_id else [])
    categories += tags
    image = article.cover_src
    return Item(
        guid=link, link=link, title=article.title, summary=article.summary,
        published=article.published_at if article.date_known else None,
        updated=article.updated_at, content_html=content,
        authors=article.authors, categories=categories, image=image,
        image_type=(mimetypes.guess_type(image.split("?", 1)[0])[0] or "image/jpeg") if image else "",
        credit=credit,
    )


def credit_line(article: Article, credit: Credit | None, link: str) -> str:
    """The closing line of an item's text: who published it first, or who published it here.

    Whoever copies the item (another aggregator, or zixun reading its own feed) keeps the
    credit with the text, and its own byline rules find the outlet there."""
    if credit is not None:
        line = f"原文来源：{escape(credit.outlet)}"
        url = credit.url
    else:
        line = f"来源：{escape(article.source.name if article.source_id else settings.SITE_NAME)}"
        url = article.original_href or link
    if url:
        line += f'　<a href="{escape(url)}">查看原文</a>'
    return f"<p>{line}</p>"


def alternates(feed_path: str, title: str, query: str = "") -> list[dict[str, str]]:
    """The <link rel="alternate"> entries of a page for the feeds at ``feed_path``."""
    suffix = f"?{query}" if query else ""
    where = iri_to_uri(feed_path)
    return [{"type": mime, "title": f"{title} ({label})", "href": where + name + suffix}
            for name, mime, label in ALTERNATES]
