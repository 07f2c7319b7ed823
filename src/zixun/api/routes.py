"""The API's route table: /api/v1/ with its reads, writes, schema and docs page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from zixun.api import reads, topics, writes  # noqa: F401  (their routes join the router)
from zixun.api.responses import ApiError, error_response
from zixun.api.router import router

DESCRIPTION = """资讯的开放接口：文章、报道、频道、标签、来源、搜索、相关内容与热门，以及带密钥的写入。

- 公开读取按来访地址限流，带 `X-Api-Key` 的请求按密钥的额度限流；每个回应都带 `RateLimit-*` 头，超限回 429 和 `Retry-After`。
- 每个 GET 带 `ETag` 与 `Last-Modified`，`If-None-Match` / `If-Modified-Since` 未变时回 304。
- 列表用游标翻页：把回应里的 `next` 原样请求即可，`limit` 最大 100。`order=id` 在翻页期间有新文章入库时也不重复、不遗漏。
- 出错时回 JSON：`{"error": 代码, "message": 中文说明, "field": 出错的参数}`。

zixun's open API: articles, stories, channels, tags, sources, search, related and hot lists, and
writes with a key. Public reads are limited per address, keyed requests per key; lists are
cursor-paged; every GET has validators; errors are JSON.
"""

api = NinjaAPI(title="资讯 API", version="1.0.0", description=DESCRIPTION,
               urls_namespace="api-v1")
api.add_router("/", router)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return exc.response()


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Ninja's validation errors in the API's shape: the first problem, named by its field."""
    first = exc.errors[0] if exc.errors else {}
    where = [str(part) for part in first.get("loc", ()) if part not in ("query", "body", "path",
                                                                        "payload", "params")]
    field = where[0] if where else None  # the parameter; later parts name union members
    return error_response(422, "invalid", _message(first, field), field)


def _message(problem: dict, field: str | None) -> str:
    kind = problem.get("type", "")
    context = problem.get("ctx") or {}
    name = f"{field} " if field else ""
    if kind == "less_than_equal":
        return f"{name}不能大于 {context.get('le')}"
    if kind == "greater_than_equal":
        return f"{name}不能小于 {context.get('ge')}"
    if kind == "missing":
        return f"缺少必填项 {name}".strip()
    if kind == "extra_forbidden":
        return f"不认识的字段 {name}".strip()
    if kind.startswith(("datetime", "date")):
        return f"{name}不是有效的日期或时间，请用 2026-03-05 或 2026-03-05T09:30:00+08:00"
    if kind.startswith("int"):
        return f"{name}须为整数"
    if kind.startswith("string_too"):
        return f"{name}长度不合要求"
    if kind == "literal_error":
        return f"{name}只能是 {context.get('expected')}"
    return f"{name}无效：{problem.get('msg', '')}"


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(401, "unauthorized", "需要 write 权限的 API 密钥：请在 X-Api-Key 头中提供",
                          "X-Api-Key")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Ninja raises these for bodies it cannot read (malformed JSON, a wrong content type).
    return error_response(exc.status_code, "bad_request", f"请求无法解析：{exc}")


@api.exception_handler(Http404)
def _missing(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, "not_found", "没有这个资源")


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under /api/v1/: a JSON 404, not the site's HTML page."""
    return error_response(404, "not_found", f"没有这个接口：/api/v1/{rest}；接口列表见 /api/v1/docs")
