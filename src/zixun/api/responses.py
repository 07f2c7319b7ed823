"""How the API answers: JSON with validators (ETag, Last-Modified), 304s, and JSON errors."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

JSON = "application/json; charset=utf-8"


class ApiError(Exception):
    """An answer other than success: the status, a code for programs, a message for people
    (in Chinese) and the field at fault, if one is."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field

    def response(self) -> HttpResponse:
        return error_response(self.status, self.code, self.message, self.field)


def error_response(status: int, code: str, message: str, field: str | None = None) -> HttpResponse:
    body = {"error": code, "message": message, "field": field}
    response = HttpResponse(_dumps(body), status=status, content_type=JSON)
    response["Cache-Control"] = "no-store"
    return response


def not_found(what: str = "资源") -> ApiError:
    return ApiError(404, "not_found", f"{what}不存在或未公开")


def _dumps(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder,
                      separators=(",", ":")).encode("utf-8")


def respond(request: HttpRequest, data: object, last_modified: datetime | None = None,
            status: int = 200, cache_control: str | None = None) -> HttpResponse:
    """``data`` as JSON with an ETag (of the bytes) and Last-Modified, or 304 when the client
    already holds it. Without a time of its own, a resource is dated when it was answered."""
    body = _dumps(data)
    response = HttpResponse(body, status=status, content_type=JSON)
    if cache_control:
        response["Cache-Control"] = cache_control
    if request.method not in ("GET", "HEAD"):
        return response
    etag = '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
    moment = int((last_modified or timezone.now()).timestamp())
    response["ETag"] = etag
    response["Last-Modified"] = http_date(moment)
    return get_conditional_response(request, etag=etag, last_modified=moment, response=response)
