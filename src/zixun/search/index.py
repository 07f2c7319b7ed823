"""Search index upkeep: one entry per article, changed in the same transaction as the article.

``zixun.articles.ingest.store`` calls ``index_article`` inside its transaction; the signal
handlers in ``zixun.search.signals`` do the same for saves, tag edits and deletes made anywhere
else (the admin, the shell). Whether an article is shown (status, publish time, channel, story)
is read from the article row at query time, so hiding or unpublishing needs no index write.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator

from django.db import connection, transaction

from zixun.articles.models import Article
from zixun.search.analysis import index_tokens
from zixun.search.backends import Document, backend

log = logging.getLogger("zixun.search")

REBUILD_BATCH = 500


def _tag_text(article: Article, tag_names: Iterable[str] | None = None) -> str:
    if tag_names is None:
        tag_names = article.tags.values_list("name", flat=True) if article.pk else []
    names = list(dict.fromkeys([*tag_names, *(article.keywords or [])]))
    return " ".join(str(n) for n in names)


def document_for(article: Article, tag_names: Iterable[str] | None = None) -> Document:
    """The tokens an article is found by: title, tags with keywords, and body."""
    tags = _tag_text(article, tag_names)
    body = article.body_text or article.summary or ""
    digest = hashlib.sha1(
        "\x00".join((article.title, tags, body)).encode("utf-8"), usedforsecurity=False
    ).hexdigest()
    return Document(
        article_id=article.pk,
        digest=digest,
        title=" ".join(index_tokens(article.title)),
        tags=" ".join(index_tokens(tags)),
        body=" ".join(index_tokens(body)),
    )


def index_article(article: Article) -> None:
    """Update the search index entry of ``article`` inside the caller's transaction."""
    if article.pk is None:
        return
    doc = document_for(article)
    engine = backend()
    with connection.cursor() as cursor:
        if engine.stored_digest(cursor, article.pk) == doc.digest:
            return
        engine.write(cursor, [doc])


def remove_article(article_id: int) -> None:
    """Drop an article's entry, e.g. when it is deleted."""
    with connection.cursor() as cursor:
        backend().delete(cursor, [article_id])


def _batches(batch_size: int) -> Iterator[list[Document]]:
    articles = Article.objects.only("id", "title", "body_text", "summary", "keywords").order_by("id")
    last_id = 0
    while True:
        chunk = list(articles.filter(id__gt=last_id).prefetch_related("tags")[:batch_size])
        if not chunk:
            return
        last_id = chunk[-1].pk
        yield [document_for(a, [t.name for t in a.tags.all()]) for a in chunk]


def rebuild(batch_size: int = REBUILD_BATCH, progress=None) -> int:
    """Re-index every article from scratch in one transaction; return how many were indexed."""
    engine = backend()
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        engine.clear(cursor)
        for docs in _batches(batch_size):
            engine.write(cursor, docs)
            count += len(docs)
            if progress:
                progress(len(docs))
        if hasattr(engine, "optimize"):
            engine.optimize(cursor)
        engine.ensure_indexes(cursor)
    log.info("search index rebuilt articles=%d", count)
    return count
