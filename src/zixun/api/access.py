"""Who may call the API and how often: keys, per-address and per-key limits, and CORS.

The middleware sits above the page cache, so an answer served from the cache is still counted
against its caller and still carries the caller's limits and CORS headers. Limits are fixed
one-minute windows counted in the site's cache: exact across web processes with Redis
(ZIXUN_CACHE_URL), per process with the local-memory cache. A key's quota replaces the
address's limit. Unknown keys are answered 401, counted against the address they came from,
so guessing keys is as slow as any other request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from ninja.security import APIKeyHeader

from zixun.api.models import ApiKey, token_digest
from zixun.api.responses import ApiError, error_response

PREFIX = "/api/"
KEY_HEADER = "X-Api-Key"
WINDOW_SECONDS = 60
# A key found once is remembered this long, so most requests do not look it up; a key turned
# off in the admin stops working within this time.
KEY_CACHE_SECONDS = 30
PREFLIGHT_MAX_AGE = 600
ALLOWED_METHODS = "GET, HEAD, POST, PATCH, OPTIONS"
ALLOWED_HEADERS = "Content-Type, X-Api-Key, If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = ("ETag, Last-Modified, Retry-After, RateLimit-Limit, RateLimit-Remaining, "
                   "RateLimit-Reset")


@dataclass(frozen=True)
class Allowance:
    """Where a caller stands in the current window."""

    limit: int
    used: int
    reset: int  # seconds until the window ends

    @property
    def exceeded(self) -> bool:
        return self.used > self.limit

    def headers(self) -> dict[str, str]:
        return {"RateLimit-Limit": str(self.limit),
                "RateLimit-Remaining": str(max(0, self.limit - self.used)),
                "RateLimit-Reset": str(self.reset)}


def count_request(caller: str, limit: int, now: float | None = None) -> Allowance:
    """Count one request of ``caller`` in the current window."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    key = f"api-rate:{caller}:{window}"
    cache.add(key, 0, WINDOW_SECONDS + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS + 5)
        used = 1
    reset = WINDOW_SECONDS - int(now % WINDOW_SECONDS)
    return Allowance(limit, used, reset)


def _key_cache(token: str) -> str:
    return "api-key:" + token_digest(token)


def find_key(token: str) -> ApiKey | None:
    """The active key of ``token``, remembered for KEY_CACHE_SECONDS (absence too)."""
    found = cache.get(_key_cache(token))
    if found is None:
        key = ApiKey.for_token(token)
        found = key or False
        cache.set(_key_cache(token), found, KEY_CACHE_SECONDS)
    return found or None


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


class ApiAccessMiddleware:
    """CORS, keys and rate limits for every request under PREFIX; other paths pass untouched."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        origin = _allowed_origin(request)
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            return _with_cors(HttpResponse(status=204), origin, preflight=True)
        head = request.method == "HEAD"
        if head:
            # The routes answer GET; HEAD is the same answer without its body.
            request.method = "GET"
        response = self._answer(request)
        if response.status_code in (500, 503) and "json" not in response.get("Content-Type", ""):
            response = _as_json_error(response)
        if head:
            request.method = "HEAD"
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        if (request.method in ("GET", "HEAD") and response.status_code in (200, 304)
                and "Cache-Control" not in response):
            # Also restores it on the page cache's copies, which keep only their validators.
            keyed = getattr(request, "api_key", None) is not None
            response["Cache-Control"] = ("private" if keyed else "public") + ", max-age=60"
        return _with_cors(response, origin)

    def _answer(self, request: HttpRequest) -> HttpResponse:
        token = request.headers.get(KEY_HEADER, "").strip()
        key = find_key(token) if token else None
        request.api_key = key
        if key is not None:
            allowance = count_request(f"key:{key.pk}", key.quota_per_minute)
        else:
            allowance = count_request(f"ip:{client_address(request)}", settings.API_RATE)
        if allowance.exceeded:
            response = error_response(429, "rate_limited",
                                      f"请求过于频繁：每分钟最多 {allowance.limit} 次，"
                                      f"请 {allowance.reset} 秒后再试", None)
            response["Retry-After"] = str(allowance.reset)
        elif token and key is None:
            response = error_response(401, "invalid_key", "API 密钥无效或已停用，请检查 X-Api-Key",
                                      KEY_HEADER)
        else:
            if key is not None and key.note_use():
                cache.set(_key_cache(token), key, KEY_CACHE_SECONDS)  # the remembered copy too
            response = self.get_response(request)
        for name, value in allowance.headers().items():
            response[name] = value
        return response


def _as_json_error(page: HttpResponse) -> HttpResponse:
    """The site's 500 or 503 page (a fault, or the database out of reach) as the API's JSON."""
    if page.status_code == 503:
        response = error_response(503, "unavailable", "服务暂时不可用（数据库无法连接），请稍后再试")
        for header in ("Retry-After", "Cache-Control"):
            if header in page:
                response[header] = page[header]
        return response
    return error_response(500, "server_error", "服务器内部错误，请稍后再试")


def _allowed_origin(request: HttpRequest) -> str | None:
    origin = request.headers.get("Origin", "")
    return origin if origin and origin.lower() in settings.CORS_ORIGINS else None


def _with_cors(response: HttpResponse, origin: str | None, preflight: bool = False) -> HttpResponse:
    """Echo the origin only when it is one of ZIXUN_CORS_ORIGINS; answers vary by it."""
    patch_vary_headers(response, ["Origin"])
    if origin:
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if preflight:
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response


class WriteKey(APIKeyHeader):
    """The write routes' guard: 401 without a key, 403 with a read-only one."""

    param_name = KEY_HEADER

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiKey | None:
        found = getattr(request, "api_key", None)
        if found is None and key:  # called without the middleware (it resolves keys once)
            found = find_key(key)
        if found is None:
            return None  # ninja answers 401
        if not found.can_write:
            raise ApiError(403, "forbidden", "这个密钥只能读取；写入需要 write 权限的密钥",
                           KEY_HEADER)
        return found
