"""The one module that writes articles: each incoming article is stored in one transaction.

Every way in — feeds, page fetches, bulk imports, the demo — ends here with an
``IncomingArticle``, a plain value made by the pipeline stages before it. Identity decides
between create, update and unchanged: the feed GUID first, then the canonical URL, then a hash
of the content; tombstones keep deleted articles deleted.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from zixun.articles.models import Article, Channel, Tag, Tombstone
from zixun.sources.models import Source

log = logging.getLogger("zixun.ingest")


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"


@dataclass
class IncomingArticle:
    """Everything the pipeline learnt about one article, ready to be stored."""

    title: str
    body_html: str
    body_text: str
    summary: str = ""
    published_at: datetime | None = None
    guid: str = ""
    url: str = ""
    account: str = ""
    source_name: str = ""
    author: str = ""
    original_outlet: str = ""
    original_title: str = ""
    original_published_at: datetime | None = None
    byline: dict = field(default_factory=dict)
    channel_name: str = ""
    tags: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    cover_image: str = ""
    cover_caption: str = ""
    sponsored: bool = False
    status: str = Article.Status.PUBLISHED
    view_count: int | None = None
    feed_id: int | None = None
    # When the article first entered zixun; an import of a zixun export keeps the original's.
    created_at: datetime | None = None

    def content_hash(self) -> str:
        """A fingerprint of the text alone, so the same article from two addresses is one."""
        basis = "".join((self.title + "\n" + self.body_text).split())
        return hashlib.sha256(basis.encode("utf-8")).hexdigest()


@dataclass
class StoreResult:
    outcome: Outcome
    article_id: int | None
    reason: str = ""


# The fields an update compares and copies; view counts and editorial status stay as they are.
UPDATABLE = [
    "title", "body_html", "body_text", "summary", "published_at", "account", "author",
    "original_outlet", "original_title", "original_published_at", "byline", "original_url",
    "keywords", "cover_image", "cover_caption", "sponsored", "content_hash",
]


def _is_tombstoned(item: IncomingArticle, digest: str) -> bool:
    match = Q(content_hash=digest)
    if item.guid:
        match |= Q(guid=item.guid)
    if item.url:
        match |= Q(original_url=item.url)
    return Tombstone.objects.filter(match).exists()


def find_existing(item: IncomingArticle, digest: str) -> Article | None:
    """The stored copy of this article: by GUID, then canonical URL, then content hash."""
    return match_existing(item, digest)[0]


def match_existing(item: IncomingArticle, digest: str) -> tuple[Article | None, str]:
    """The stored copy and what matched it: "guid", "url", "hash" or "" (none)."""
    # One query for all three keys (each has its index); the priority is applied here.
    match = Q(content_hash=digest)
    if item.guid:
        match |= Q(guid=item.guid)
    if item.url:
        match |= Q(original_url=item.url)
    candidates = list(Article.objects.filter(match).order_by("pk"))
    for kind, field_name, value in (("guid", "guid", item.guid), ("url", "original_url", item.url),
                                    ("hash", "content_hash", digest)):
        found = next((a for a in candidates if value and getattr(a, field_name) == value), None)
        if found:
            return found, kind
    return None, ""


def _get_or_create_named(model, name: str, **extra):
    name = name.strip()[: model._meta.get_field("name").max_length]
    if not name:
        return None
    obj = model.objects.filter(name=name).first()
    return obj or _create_named(model, name, **extra)


def _create_named(model, name: str, **extra):
    slug = slugify(name, allow_unicode=True) or hashlib.md5(name.encode()).hexdigest()[:10]
    slug = slug[: model._meta.get_field("slug").max_length]
    if model.objects.filter(slug=slug).exists():
        slug = f"{slug[:40]}-{hashlib.md5(name.encode()).hexdigest()[:8]}"
    obj, _ = model.objects.get_or_create(name=name, defaults={"slug": slug, **extra})
    return obj


def _values(item: IncomingArticle, digest: str, existing: Article | None) -> dict:
    # Without a date of its own an article keeps the one it was first stored with.
    published = item.published_at or (existing.published_at if existing else timezone.now())
    return {
        "title": item.title.strip()[:300],
        "body_html": item.body_html,
        "body_text": item.body_text,
        "summary": item.summary,
        "published_at": published,
        "account": item.account[:100],
        "author": item.author[:200],
        "original_outlet": item.original_outlet[:100],
        "original_title": item.original_title[:300],
        "original_published_at": item.original_published_at,
        "byline": item.byline,
        "original_url": item.url[:1000],
        "keywords": item.keywords,
        "cover_image": item.cover_image[:1000],
        "cover_caption": item.cover_caption[:300],
        "sponsored": item.sponsored,
        "content_hash": digest,
    }


def store(item: IncomingArticle) -> StoreResult:
    """Create, update or leave alone the article for ``item``, all in one transaction."""
    if not item.title.strip():
        return StoreResult(Outcome.SKIPPED, None, "没有标题")
    digest = item.content_hash()
    with transaction.atomic():
        if _is_tombstoned(item, digest):
            return StoreResult(Outcome.SKIPPED, None, "已删除的文章，不再导入")
        existing, matched_by = match_existing(item, digest)
        if matched_by == "hash":
            # Same text under another GUID/URL: a copy of an article we have. Its metadata must
            # not overwrite the first copy's, or two copies would flip it on every re-run.
            return StoreResult(Outcome.UNCHANGED, existing.pk, "内容与已有文章相同")
        values = _values(item, digest, existing)
        if existing is None:
            article = Article(
                **values,
                guid=item.guid[:1000],
                status=item.status,
                view_count=item.view_count or 0,
                feed_id=item.feed_id,
                created_at=item.created_at or timezone.now(),
                source=_get_or_create_named(Source, item.source_name),
                channel=_get_or_create_named(Channel, item.channel_name),
            )
            article.save()
            _set_tags(article, item.tags)
            after_store(article, item, Outcome.CREATED)
            return StoreResult(Outcome.CREATED, article.pk)
        changed = [name for name in UPDATABLE if getattr(existing, name) != values[name]]
        if not changed:
            return StoreResult(Outcome.UNCHANGED, existing.pk)
        for name in changed:
            setattr(existing, name, values[name])
        existing.save(update_fields=[*changed, "updated_at"])
        after_store(existing, item, Outcome.UPDATED)
        return StoreResult(Outcome.UPDATED, existing.pk)


def after_store(article: Article, item: IncomingArticle, outcome: Outcome) -> None:
    """The later pipeline stages that must change in the same transaction as the article:
    its story (near-duplicates) and its search index entry."""
    from zixun.dedup.stories import assign_story
    from zixun.search.index import index_article

    assign_story(article, item, outcome)
    index_article(article)


def _set_tags(article: Article, names: list[str]) -> None:
    limit = Tag._meta.get_field("name").max_length
    wanted = list(dict.fromkeys(n.strip()[:limit] for n in names if n.strip()))
    if not wanted:
        return
    # One query for the tags that exist; only new names cost more.
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=wanted)}
    for name in wanted:
        if name not in tags:
            tags[name] = _create_named(Tag, name)
    article.tags.add(*tags.values())


def delete_article(article: Article) -> None:
    """Delete an article and leave a tombstone so no later fetch or import brings it back."""
    with transaction.atomic():
        Tombstone.objects.create(
            guid=article.guid, original_url=article.original_url,
            content_hash=article.content_hash, title=article.title[:300],
        )
        article.delete()
