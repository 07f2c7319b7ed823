"""Who may do what, how often, and from which browser origins."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from zixun.api import access
from zixun.api.models import ApiKey, token_digest

pytestmark = pytest.mark.django_db


def write_operations(client) -> list[tuple[str, str]]:
    """(method, path) of every route the schema says changes something, ids filled in."""
    schema = client.get("/api/v1/openapi.json").json()
    found = []
    for path, operations in schema["paths"].items():
        for method in operations:
            if method in ("post", "patch", "put", "delete"):
                found.append((method, re.sub(r"\{\w+\}", "1", path)))
    return found


def test_the_schema_lists_the_write_routes(client):
    assert len(write_operations(client)) >= 7


def test_every_write_route_answers_401_without_a_key_and_403_with_a_read_only_one(
        client, read_token):
    for method, path in write_operations(client):
        call = getattr(client, method)
        anonymous = call(path, data="{}", content_type="application/json")
        assert anonymous.status_code == 401, (method, path)
        assert anonymous.json()["field"] == "X-Api-Key"
        read_only = call(path, data="{}", content_type="application/json",
                         HTTP_X_API_KEY=read_token)
        assert read_only.status_code == 403, (method, path)
        assert read_only.json()["error"] == "forbidden"


def test_an_unknown_or_revoked_key_is_a_401_even_for_a_public_read(client, read_token):
    assert client.get("/api/v1/channels", HTTP_X_API_KEY="zx_wrong").status_code == 401
    ApiKey.objects.update(active=False)
    access.cache.clear()  # the key is remembered for a few seconds
    assert client.get("/api/v1/channels", HTTP_X_API_KEY=read_token).status_code == 401


def test_keys_are_stored_only_as_digests(read_token):
    key = ApiKey.objects.get()
    assert read_token not in {key.digest, key.prefix, key.name}
    assert key.digest == token_digest(read_token)


def test_the_command_creates_a_key_whose_token_works(client, capsys):
    call_command("apikey", "create", "--scope", "write", "--name", "小程序", "--quota", "5")
    token = capsys.readouterr().out.strip()
    key = ApiKey.objects.get()
    assert (key.name, key.scope, key.quota_per_minute) == ("小程序", "write", 5)
    response = client.get("/api/v1/channels", HTTP_X_API_KEY=token)
    assert response.status_code == 200 and response["RateLimit-Limit"] == "5"
    assert response["Cache-Control"] == "private, max-age=60"


def test_an_address_over_its_limit_gets_429_with_retry_after(client, settings):
    settings.API_RATE = 3
    answers = [client.get("/api/v1/channels") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a["RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    over = answers[-1]
    assert over.json()["error"] == "rate_limited"
    assert 1 <= int(over["Retry-After"]) <= 60 and over["RateLimit-Reset"] == over["Retry-After"]
    # Another address still has its own allowance.
    assert client.get("/api/v1/channels", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_a_key_has_its_own_quota_apart_from_its_address(client, settings):
    settings.API_RATE = 1
    _, token = ApiKey.issue("app", quota_per_minute=2)
    assert client.get("/api/v1/channels").status_code == 200
    assert client.get("/api/v1/channels").status_code == 429
    keyed = [client.get("/api/v1/channels", HTTP_X_API_KEY=token).status_code for _ in range(3)]
    assert keyed == [200, 200, 429]


def test_the_window_starts_afresh_each_minute():
    first = access.count_request("test", 1, now=120.0)
    second = access.count_request("test", 1, now=150.0)
    fresh = access.count_request("test", 1, now=181.0)
    assert (first.exceeded, second.exceeded, fresh.exceeded) == (False, True, False)
    assert second.reset == 30


def test_cors_echoes_only_the_configured_origins(client, settings):
    settings.CORS_ORIGINS = ("https://app.example.com",)
    allowed = client.get("/api/v1/channels", HTTP_ORIGIN="https://app.example.com")
    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "RateLimit-Remaining" in allowed["Access-Control-Expose-Headers"]
    assert "Origin" in allowed["Vary"]
    other = client.get("/api/v1/channels", HTTP_ORIGIN="https://evil.example.net")
    assert other.status_code == 200 and "Access-Control-Allow-Origin" not in other
    assert "Origin" in other["Vary"]


def test_a_preflight_from_an_allowed_origin_permits_the_key_header(client, settings):
    settings.CORS_ORIGINS = ("https://app.example.com",)
    preflight = client.options("/api/v1/articles", HTTP_ORIGIN="https://app.example.com",
                               HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
                               HTTP_ACCESS_CONTROL_REQUEST_HEADERS="x-api-key, content-type")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "X-Api-Key" in preflight["Access-Control-Allow-Headers"]
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    refused = client.options("/api/v1/articles", HTTP_ORIGIN="https://evil.example.net",
                             HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert "Access-Control-Allow-Origin" not in refused


def test_cors_headers_reach_answers_served_from_the_page_cache(client, settings):
    settings.CORS_ORIGINS = ("https://app.example.com",)
    client.get("/api/v1/channels")
    hit = client.get("/api/v1/channels", HTTP_ORIGIN="https://app.example.com")
    assert hit["X-Zixun-Cache"] == "hit"
    assert hit["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert hit["Cache-Control"] == "public, max-age=60" and "RateLimit-Limit" in hit


def test_the_api_settings_are_read_and_checked_from_the_environment():
    from zixun import config

    loaded = config.load({"ZIXUN_DATA_DIR": "/tmp/apihelper-config", "ZIXUN_API_RATE": "30",
                          "ZIXUN_CORS_ORIGINS": "https://a.example.com, http://localhost:3000"})
    assert loaded.api_rate == 30
    assert loaded.cors_origins == ("https://a.example.com", "http://localhost:3000")
    with pytest.raises(config.ConfigError, match="ZIXUN_CORS_ORIGINS"):
        config.load({"ZIXUN_DATA_DIR": "/tmp/apihelper-config",
                     "ZIXUN_CORS_ORIGINS": "https://a.example.com/app"})
    with pytest.raises(config.ConfigError, match="ZIXUN_API_RATE"):
        config.load({"ZIXUN_DATA_DIR": "/tmp/apihelper-config", "ZIXUN_API_RATE": "0"})


def test_a_key_notes_its_use_once_an_hour_not_on_every_request(client, read_token):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/api/v1/channels", HTTP_X_API_KEY=read_token)
    first = ApiKey.objects.get().last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/tags", HTTP_X_API_KEY=read_token)
    assert not [q for q in queries if "api_apikey" in q["sql"]]
    assert ApiKey.objects.get().last_used_at == first


def test_a_key_made_in_the_admin_shows_its_token_once(admin_client):
    response = admin_client.post("/admin/api/apikey/add/", {
        "name": "合作网站", "scope": "read", "quota_per_minute": "100", "active": "on"},
        follow=True)
    shown = [str(m) for m in response.context["messages"]]
    token = next(found for m in shown for found in re.findall(r"zx_[\w-]+", m))
    key = ApiKey.objects.get()
    assert key.digest == token_digest(token) and key.prefix == token[:12]
    listing = admin_client.get("/admin/api/apikey/").content.decode()
    assert token not in listing and key.prefix in listing


def test_the_command_lists_keys_without_tokens_and_revokes_one(client, capsys):
    key, token = ApiKey.issue("合作网站", ApiKey.Scope.READ)
    call_command("apikey", "list")
    listed = capsys.readouterr().out
    assert "合作网站" in listed and key.prefix in listed and token not in listed
    call_command("apikey", "revoke", str(key.pk))
    access.cache.clear()
    assert client.get("/api/v1/channels", HTTP_X_API_KEY=token).status_code == 401
