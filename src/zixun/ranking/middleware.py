"""Count article views in a middleware that runs before the page cache.

Why a middleware and not a beacon: the count must move for every reader, with or without
JavaScript, and the page itself shows it (浏览次数), as the reference page does. A middleware
placed above django.middleware.cache.FetchFromCacheMiddleware sees every request, including
the ones the cache answers without calling the view, so a cached page loses no views; a beacon
would lose readers who block scripts and add a second request per page. The limit: a cache
outside Django (a CDN, nginx proxy_cache) must not cache /a/… pages, or it must forward them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone

from zixun.ranking.readers import is_bot, is_prefetch, reader_key
from zixun.ranking.tally import TALLY

log = logging.getLogger("zixun.ranking")
ARTICLE_ROUTE = "article"


class ViewCountingMiddleware:
    """Count each successful GET of an article page: raw views, and new readers for 热门资讯."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        article_id = _article_id(request)
        response = self.get_response(request)
        # Only a page the reader actually got counts: not a 404, not a redirect, not a bot.
        if article_id is not None and response.status_code == 200 and _is_reader(request):
            user_agent = request.headers.get("User-Agent", "")
            address = request.META.get("REMOTE_ADDR", "")
            now = timezone.now()
            TALLY.add(article_id, reader_key(address, user_agent, timezone.localdate(now)), now)
        return response


def _article_id(request: HttpRequest) -> int | None:
    if request.method != "GET":
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.url_name != ARTICLE_ROUTE:
        return None
    return int(match.kwargs["pk"])


def _is_reader(request: HttpRequest) -> bool:
    return not is_bot(request.headers.get("User-Agent", "")) and not is_prefetch(request.headers)
