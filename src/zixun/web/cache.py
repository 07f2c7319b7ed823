"""Whole pages for anonymous readers, kept for a short time in the site's cache.

Most readers are anonymous and ask for the same few pages, so a page rendered for one of them
serves the others for PAGE_CACHE_SECONDS (ZIXUN_PAGE_CACHE_SECONDS, 30 by default). Editors carry a session cookie and always get a fresh page.
The middleware sits below the view counter (zixun.ranking.middleware), so a page served from
here still counts its view, and above sessions and authentication, so a hit touches neither.
A published or edited article shows on every page within that time plus the hot list's own
caches (see zixun.ranking.hot.HOT_CACHE_SECONDS). An article that leaves the site (taken down,
sent back to draft) drops every stored page at once (`drop_pages`): any of them may show or
list it. So does a front-page flag set, moved or removed (zixun.web.apps); one that expires
leaves within the time. A drop reaches every web process: through a file in the data folder
for the processes of one machine, each with its own local-memory cache, and through the cache
itself when several machines share it (ZIXUN_CACHE_URL).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path

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
# The generation stored pages belong to; a page of another generation is stale (`drop_pages`).
GENERATION_KEY = "page:generation"
# The file in the data folder whose modification time says when pages were last dropped.
DROP_MARKER = "pages-dropped"


class AnonymousPageCacheMiddleware:
    """Serve a GET an anonymous reader made in the last PAGE_CACHE_SECONDS from the cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PAGE_CACHE_SECONDS or not _shareable(request):
            return self.get_response(request)
        key = _key(request)
        # One round trip for the page and the generation it must belong to.
        found = cache.get_many([key, GENERATION_KEY])
        generation = (found.get(GENERATION_KEY, 0), _dropped_at())
        stored = found.get(key)
        if stored is not None and stored[0] == generation:
            _generation, status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response = _conditional(request, response)
            response[CACHE_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if _storable(response):
            headers = [(name, response[name]) for name in KEPT_HEADERS if name in response]
            cache.set(key, (generation, response.status_code, headers, response.content),
                      settings.PAGE_CACHE_SECONDS)
            response[CACHE_HEADER] = "miss"
        return response


def drop_pages() -> None:
    """Make every stored page stale, in every web process: the next reader of each gets a fresh one."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or evicted): any other value differs from the pages'
        cache.set(GENERATION_KEY, time.time_ns(), None)
    marker = _marker()
    marker.touch()
    # Strictly later than the last drop, even within the file system's clock resolution.
    stamp = max(time.time_ns(), _dropped_at() + 1)
    os.utime(marker, ns=(stamp, stamp))


def _marker() -> Path:
    return Path(settings.DATA_DIR) / DROP_MARKER


def _dropped_at() -> int:
    """When pages were last dropped on this machine: one stat, cheap beside the cache lookup."""
    try:
        return _marker().stat().st_mtime_ns
    except FileNotFoundError:
        return 0


def on_status_changed(sender, article, change, **kwargs) -> None:
    """An article that was public and is no longer must not be served from a stored page."""
    if change.from_status == "published":
        drop_pages()


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
