"""Whole pages for anonymous readers, kept for a short time in the site's cache.

Most readers are anonymous and ask for the same few pages, so a page rendered for one of them
serves the others for PAGE_CACHE_SECONDS (ZIXUN_PAGE_CACHE_SECONDS, 30 by default). Editors carry a session cookie and always get a fresh page.
The middleware sits below the view counter (zixun.ranking.middleware), so a page served from
here still counts its view, and above sessions and authentication, so a hit touches neither.
Nothing is invalidated: a published, edited or hidden article shows on every page within
that time plus the hot list's own caches (see zixun.ranking.hot.HOT_CACHE_SECONDS).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

# Pages that are never shared: the admin, and static files (whitenoise answers those first).
PRIVATE_PREFIXES = ("/admin/", "/static/")
# Headers a cached page keeps; the others are worked out again for each response.
KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Frame-Options", "Referrer-Policy",
                "Cross-Origin-Opener-Policy", "X-Content-Type-Options", "Vary",
                # A feed's validators: a hit answers a reader's conditional GET with 304.
                "ETag", "Last-Modified")
CACHE_HEADER = "X-Zixun-Cache"


class AnonymousPageCacheMiddleware:
    """Serve a GET an anonymous reader made in the last PAGE_CACHE_SECONDS from the cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PAGE_CACHE_SECONDS or not _shareable(request):
            return self.get_response(request)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response = _conditional(request, response)
            response[CACHE_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if _storable(response):
            headers = [(name, response[name]) for name in KEPT_HEADERS if name in response]
            cache.set(key, (response.status_code, headers, response.content),
                      settings.PAGE_CACHE_SECONDS)
            response[CACHE_HEADER] = "miss"
        return response


def _shareable(request: HttpRequest) -> bool:
    """A request whose page is the same for every anonymous reader."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(PRIVATE_PREFIXES)
    )


def _storable(response: HttpResponse) -> bool:
    """A page fit to share: a plain 200, setting no cookie, not marked private."""
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in control
        and "no-store" not in control
    )


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The stored page, or 304 Not Modified when the reader holds the same version of it."""
    if "ETag" not in response and "Last-Modified" not in response:
        return response
    modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(request, etag=response.get("ETag"), last_modified=modified,
                                    response=response)


def _key(request: HttpRequest) -> str:
    # The host too: feeds, sitemaps and share cards name the site by the address it was asked at.
    address = request.get_host() + request.get_full_path()
    digest = hashlib.sha256(address.encode("utf-8")).hexdigest()
    return f"page:{request.method}:{digest}"
