"""Announcing newly published articles: a WebSub hub, Baidu's URL push and IndexNow.

Each is off until its setting is given (ZIXUN_WEBSUB_HUB, ZIXUN_BAIDU_PUSH_TOKEN,
ZIXUN_INDEXNOW_KEY, with ZIXUN_SITE_URL naming the site). `zixun.articles.publishing` calls
`announce` after the commit that made articles public, from the store or the admin. Every
call goes through `zixun.lib.http`; what an endpoint answers (Baidu's remaining daily quota,
an error) is logged, and a failure never reaches the store.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import urlencode, urlsplit

from django.conf import settings

from zixun.articles.models import Article
from zixun.lib.http import FetchError, FetchResult, default_policy, post
from zixun.web.feedformats import FORMATS

log = logging.getLogger("zixun.push")

TIMEOUT_SECONDS = 10.0
BAIDU_BATCH = 2_000  # addresses per Baidu call
INDEXNOW_BATCH = 10_000  # IndexNow's limit per call
INDEXNOW_KEY_PATH = "/indexnow-key.txt"


def announce(article_ids: list[int]) -> None:
    """Tell every configured endpoint about these newly public articles."""
    config = settings.ANNOUNCE
    if not config.enabled or not article_ids:
        return
    articles = list(Article.objects.filter(pk__in=article_ids).select_related("channel")
                    .only("id", "channel__slug"))
    root = config.site_url
    urls = [root + article.get_absolute_url() for article in articles]
    if config.websub_hub:
        ping_hub(config.websub_hub, topics(root, articles))
    if config.baidu_token:
        push_baidu(config.baidu_endpoint, root, config.baidu_token, urls)
    if config.indexnow_key:
        push_indexnow(config.indexnow_endpoint, root, config.indexnow_key, urls)


def topics(root: str, articles: list[Article]) -> list[str]:
    """The feeds that changed: the home page's, and each of the articles' channels'."""
    lists = ["/"] + sorted({article.channel.get_absolute_url() for article in articles
                            if article.channel_id})
    return [root + path + name for path in lists for name in FORMATS]


def _batches(urls: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(urls), size):
        yield urls[start:start + size]


def _call(endpoint: str, body: bytes, content_type: str, what: str) -> FetchResult | None:
    # An API answers calls, it is not a site being crawled: no pause between them.
    policy = replace(default_policy(), per_host_interval=0.0)
    try:
        return post(endpoint, body, content_type, policy=policy, timeout=TIMEOUT_SECONDS)
    except FetchError as exc:
        log.warning("%s failed url=%s error=%s", what, endpoint, exc)
        return None


def ping_hub(hub: str, feeds: list[str]) -> None:
    """WebSub: tell the hub these topics have new entries (hub.mode=publish)."""
    body = urlencode([("hub.mode", "publish"), *(("hub.url", feed) for feed in feeds)])
    result = _call(hub, body.encode("ascii"), "application/x-www-form-urlencoded", "websub ping")
    if result is None:
        return
    if 200 <= result.status < 300:
        log.info("websub ping hub=%s topics=%d status=%d", hub, len(feeds), result.status)
    else:
        log.warning("websub ping refused hub=%s status=%d answer=%s", hub, result.status,
                    result.content[:200].decode("utf-8", "replace"))


def push_baidu(endpoint: str, root: str, token: str, urls: list[str]) -> None:
    """Baidu's URL submission: addresses one a line; it answers with the day's quota left."""
    address = f"{endpoint}?{urlencode({'site': root, 'token': token})}"
    for batch in _batches(urls, BAIDU_BATCH):
        result = _call(address, "\n".join(batch).encode("utf-8"), "text/plain", "baidu push")
        if result is None:
            return
        try:
            answer = json.loads(result.content.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            answer = {}
        if result.status == 200 and isinstance(answer, dict) and "success" in answer:
            log.info("baidu push sent=%d success=%s remain=%s", len(batch), answer.get("success"),
                     answer.get("remain"))
            if answer.get("remain") == 0:
                log.warning("baidu push quota used up for today; the rest waits for tomorrow's "
                            "sitemap crawl")
                return
        else:
            message = answer.get("message") if isinstance(answer, dict) else None
            log.warning("baidu push refused status=%d message=%s", result.status,
                        message or result.content[:200].decode("utf-8", "replace"))
            return


# IndexNow's answers, in words for the log.
INDEXNOW_STATUS = {
    400: "bad request", 403: "key not valid: is /indexnow-key.txt reachable?",
    422: "addresses do not belong to the host", 429: "too many requests",
}


def push_indexnow(endpoint: str, root: str, key: str, urls: list[str]) -> None:
    """IndexNow: the addresses as JSON, with the key the site serves to prove they are its."""
    host = urlsplit(root).hostname or ""
    for batch in _batches(urls, INDEXNOW_BATCH):
        body = json.dumps({"host": host, "key": key, "keyLocation": root + INDEXNOW_KEY_PATH,
                           "urlList": batch}).encode("utf-8")
        result = _call(endpoint, body, "application/json; charset=utf-8", "indexnow push")
        if result is None:
            return
        if result.status in (200, 202):
            log.info("indexnow push sent=%d status=%d", len(batch), result.status)
        else:
            log.warning("indexnow push refused status=%d reason=%s", result.status,
                        INDEXNOW_STATUS.get(result.status, "unexpected answer"))
            return
