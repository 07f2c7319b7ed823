"""The write routes: each needs a key with the write scope (401 without one, 403 read-only).

They reuse the site's own ways in: a new article goes through the text stage and the store
like an imported record, an edit through the model as an editor's in the admin, publish and
hide through the article's status moves, feeds through `pipeline.subscribe`, a fetch through
the worker and a file through the importer.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import File, Schema
from ninja.files import UploadedFile

from zixun.api import present, schemas
from zixun.api.access import WriteKey
from zixun.api.responses import ApiError, not_found, respond
from zixun.api.router import WRITE, router
from zixun.articles.ingest import Outcome, store
from zixun.articles.models import Article, Channel, MoveRefused, Tag, Tombstone
from zixun.lib.http import FetchError
from zixun.lib.slugs import get_or_create_named
from zixun.pipeline.counts import Counts
from zixun.pipeline.importer import import_file
from zixun.pipeline.prepare import prepare
from zixun.pipeline.records import RecordError, draft_from_mapping
from zixun.pipeline.subscribe import add_feed
from zixun.pipeline.worker import Worker
from zixun.sources.discovery import DiscoveryError
from zixun.sources.models import Feed
from zixun.web.links import site_root

ERRORS = {400: schemas.ErrorOut, 401: schemas.ErrorOut, 403: schemas.ErrorOut,
          404: schemas.ErrorOut, 409: schemas.ErrorOut, 422: schemas.ErrorOut,
          429: schemas.ErrorOut}
# An uploaded import file larger than this is refused unread (413).
IMPORT_MAX_BYTES = 50 * 1024 * 1024
# Failure reasons an import or fetch answer lists; the counts cover the rest.
SHOWN_FAILURES = 20
PRIVATE = "no-store"


def _article_answer(request: HttpRequest, article_id: int, status: int = 200) -> HttpResponse:
    shape = present.Shape(fields=set(present.ARTICLE_FIELDS))
    article = present.articles_query(Article.objects.all(), shape).get(pk=article_id)
    body = present.articles_json([article], shape, site_root(request))[0]
    return respond(request, body, article.updated_at, status=status, cache_control=PRIVATE)


def _existing(guid: str, url: str) -> tuple[str, str] | None:
    """(field, message) when an article, or a deleted one, already has this guid or address."""
    for name, value, column in (("guid", guid, "guid"), ("url", url, "original_url")):
        if not value:
            continue
        found = Article.objects.filter(**{column: value}).values_list("pk", flat=True).first()
        if found:
            return name, f"已有相同 {name} 的文章（编号 {found}）；修改请用 PATCH /articles/{found}"
        if Tombstone.objects.filter(**{column: value}).exists():
            return name, f"相同 {name} 的文章已被删除；要恢复请在后台的“已删除文章记录”中操作"
    return None


@router.post("/articles", response={201: schemas.ArticleOut, **ERRORS},
             summary="新建文章 / create an article", tags=WRITE, auth=WriteKey())
def create_article(request: HttpRequest, payload: schemas.ArticleIn) -> HttpResponse:
    """与导入的记录相同：自动摘要、关键词、频道、标签、去重与索引。
    Like an imported record: summary, keywords, channel, tags, stories and search done for it."""
    row = payload.model_dump(exclude_unset=True)
    if row.get("published_at"):
        row["published_at"] = row["published_at"].isoformat()
    conflict = _existing(payload.guid.strip(), payload.url.strip())
    if conflict:
        raise ApiError(409, "conflict", conflict[1], conflict[0])
    try:
        draft = draft_from_mapping(row)
    except RecordError as exc:
        raise ApiError(422, "invalid", str(exc)) from None
    result = store(prepare(draft))
    if result.outcome == Outcome.SKIPPED:
        raise ApiError(409, "conflict", f"没有保存：{result.reason}")
    if result.outcome != Outcome.CREATED:
        raise ApiError(409, "conflict", f"内容相同的文章已存在（编号 {result.article_id}）")
    return _article_answer(request, result.article_id, status=201)


@router.patch("/articles/{int:article_id}", response={200: schemas.ArticleOut, **ERRORS},
              summary="修改文章 / update an article", tags=WRITE, auth=WriteKey())
def update_article(request: HttpRequest, article_id: int,
                   payload: schemas.ArticlePatch) -> HttpResponse:
    """只改给出的字段，如同编辑在后台修改。Changes only the fields given, as an editor would."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        raise not_found("文章")
    changes = payload.model_dump(exclude_unset=True)
    tags = changes.pop("tags", None)
    if "channel" in changes:
        slug = changes.pop("channel") or ""
        article.channel = Channel.objects.filter(slug=slug).first() if slug else None
        if slug and article.channel is None:
            raise ApiError(422, "invalid", f"没有标识为“{slug}”的频道", "channel")
    for name, value in changes.items():
        if value is None:
            raise ApiError(422, "invalid", f"{name} 不能为 null", name)
        setattr(article, name, value)
    if not article.title.strip():
        raise ApiError(422, "invalid", "标题不能为空", "title")
    try:
        article.clean()
    except ValidationError as exc:
        name, messages = next(iter(exc.message_dict.items()))
        raise ApiError(422, "invalid", messages[0], name) from None
    with transaction.atomic():
        article.save()
        if tags is not None:
            names = [name.strip()[:50] for name in tags if name.strip()]
            article.tags.set([get_or_create_named(Tag, name) for name in names])
    return _article_answer(request, article.pk)


class MoveIn(Schema):
    reason: str = schemas.doc("原因（撤下时必填）", "reason (required to hide)", "与事实不符",
                              default="", max_length=300)


def _move(request: HttpRequest, article_id: int, status: str, reason: str) -> HttpResponse:
    article = Article.objects.select_related("channel").filter(pk=article_id).first()
    if article is None:
        raise not_found("文章")
    key = request.auth
    noted = f"{reason.strip()}（API 密钥「{key.name}」）" if reason.strip() else ""
    try:
        # The key is no person: the move is zixun's own, bound by the table of moves.
        article.move_to(status, by=None, reason=noted)
    except MoveRefused as exc:
        raise ApiError(409, "conflict", str(exc), "reason" if "原因" in str(exc) else None) from None
    return _article_answer(request, article.pk)


@router.post("/articles/{int:article_id}/publish", response={200: schemas.ArticleOut, **ERRORS},
             summary="发布文章 / publish an article", tags=WRITE, auth=WriteKey())
def publish_article(request: HttpRequest, article_id: int,
                    payload: MoveIn | None = None) -> HttpResponse:
    """草稿、待审、定时或已撤下的文章立即发布。Publishes a draft, held, scheduled or hidden article now."""
    return _move(request, article_id, Article.Status.PUBLISHED, payload.reason if payload else "")


@router.post("/articles/{int:article_id}/hide", response={200: schemas.ArticleOut, **ERRORS},
             summary="撤下文章 / hide an article", tags=WRITE, auth=WriteKey())
def hide_article(request: HttpRequest, article_id: int, payload: MoveIn) -> HttpResponse:
    """撤下文章，须说明原因。Takes an article down; a reason is required."""
    return _move(request, article_id, Article.Status.HIDDEN, payload.reason)


def feed_json(feed: Feed) -> dict:
    return {"id": feed.pk, "url": feed.url, "title": feed.title, "source": feed.source.name,
            "channel": feed.channel.name if feed.channel_id else None, "status": feed.status()}


@router.post("/feeds", response={201: schemas.FeedOut, **ERRORS},
             summary="订阅 / subscribe to a feed", tags=WRITE, auth=WriteKey())
def subscribe(request: HttpRequest, payload: schemas.FeedIn) -> HttpResponse:
    """订阅一个订阅源（或网站页面所指的订阅源），之后由工作进程定时抓取。
    Subscribes to a feed (or the one a page announces); the worker polls it from then on."""
    try:
        feed, created = add_feed(payload.url.strip(), channel=payload.channel,
                                 source=payload.source, interval=payload.interval)
    except (FetchError, DiscoveryError) as exc:
        raise ApiError(422, "unreachable", f"无法订阅：{exc}", "url") from None
    if not created:
        raise ApiError(409, "conflict", f"已订阅这个地址（订阅源编号 {feed.pk}）", "url")
    return respond(request, feed_json(feed), status=201, cache_control=PRIVATE)


def counts_json(counts: Counts) -> dict:
    return {"created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged,
            "skipped": counts.skipped, "failed": counts.failed,
            "failures": [f"{f.where}: {f.reason}" for f in counts.failures[:SHOWN_FAILURES]]}


@router.post("/feeds/{int:feed_id}/fetch", response={200: schemas.FetchOut, **ERRORS},
             summary="立即抓取 / fetch a feed now", tags=WRITE, auth=WriteKey())
def fetch_now(request: HttpRequest, feed_id: int) -> HttpResponse:
    """立即抓取一个订阅源（到期与否），返回新建、更新等计数。
    Fetches one feed now, due or not, and answers with what it stored."""
    feed = Feed.objects.select_related("source", "channel").filter(pk=feed_id).first()
    if feed is None:
        raise not_found("订阅源")
    # In this process, one feed: no pools of threads or processes for a single request.
    worker = Worker(concurrency=1, jobs=0)
    if not worker.run_pass(feed_ids=[feed.pk]):
        raise ApiError(409, "conflict", "这个订阅源正由工作进程抓取，或已停用")
    feed.refresh_from_db()
    return respond(request, {**counts_json(worker.counts), "feed": feed_json(feed)},
                   cache_control=PRIVATE)


@router.post("/imports", response={200: schemas.CountsOut, **ERRORS},
             summary="导入文件 / import a file", tags=WRITE, auth=WriteKey())
def import_upload(request: HttpRequest, file: File[UploadedFile]) -> HttpResponse:
    """导入 JSON Lines、CSV 或 WordPress 导出文件（与 zixun import 相同，重复导入不会重复）。
    Imports a JSON Lines, CSV or WordPress (WXR) file, as `zixun import`; again changes nothing."""
    if file.size and file.size > IMPORT_MAX_BYTES:
        raise ApiError(413, "too_large", f"文件超过 {IMPORT_MAX_BYTES // (1024 * 1024)} MB；"
                       "大文件请在服务器上用 zixun import 导入", "file")
    suffix = Path(file.name or "upload").suffix[:10]
    with tempfile.TemporaryDirectory(prefix="zixun-api-import-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as out:
            for chunk in file.chunks():
                out.write(chunk)
        try:
            counts = import_file(path, jobs=0)
        except RecordError as exc:
            raise ApiError(422, "invalid", f"无法读取文件：{exc}", "file") from None
    return respond(request, counts_json(counts), cache_control=PRIVATE)
