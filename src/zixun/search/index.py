"""Search index upkeep: one entry per article, changed in the same transaction as the article.

``zixun.articles.ingest.store`` runs ``index_stored`` (registered as its "search" step) inside
its transaction; the signal
handlers in ``zixun.search.signals`` do the same for saves, tag edits and deletes made anywhere
else (the admin, the shell). Whether an article is shown (status, publish time, channel, story)
is read from the article row at query time, so hiding or unpublishing needs no index write.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace

from django.db import connection, transaction

from zixun.articles.ingest import Outcome
from zixun.articles.models import Article
from zixun.extract.draft import ArticleDraft
from zixun.search.analysis import index_text
from zixun.search.backends import Document, backend

log = logging.getLogger("zixun.search")

REBUILD_BATCH = 500
# The name of this package's ingest step, and of its value in ``ArticleDraft.prepared``.
STEP = "search"


def document_for(article: Article, tag_names: Iterable[str] | None = None) -> Document:
    """The tokens an article is found by: title, tags with keywords, and body."""
    if tag_names is None:
        tag_names = article.tags.values_list("name", flat=True) if article.pk else []
    return document_of(article.title, tag_names, article.keywords or [],
                       article.body_text or article.summary or "", article.pk)


def document_of(
    title: str, tag_names: Iterable[str], keywords: Iterable[str], body: str,
    article_id: int | None = None,
) -> Document:
    """The document of an article's parts; pure, so the ingest text stage makes it beforehand."""
    # Sorted: the digest must not depend on the order the database lists an article's tags in.
    tags = " ".join(dict.fromkeys([*sorted(map(str, tag_names)), *map(str, keywords)]))
    digest = hashlib.sha1(
        "\x00".join((title, tags, body)).encode("utf-8"), usedforsecurity=False
    ).hexdigest()
    return Document(
        article_id=article_id,
        digest=digest,
        title=index_text(title),
        tags=index_text(tags),
        body=index_text(body),
    )


def index_article(article: Article, document: Document | None = None, new: bool = False) -> None:
    """Update the search index entry of ``article`` inside the caller's transaction.

    ``document``: its tokens, worked out beforehand (by the ingest text stage); ``new``: the
    article was created in this transaction, so it has no entry to compare with.
    """
    if article.pk is None:
        return
    doc = _document(article, document)
    engine = backend()
    with connection.cursor() as cursor:
        if not new and engine.stored_digest(cursor, article.pk) == doc.digest:
            return
        engine.write(cursor, [doc], new=new)


def index_stored(
    article: Article, draft: ArticleDraft, outcome: Outcome, pending: list | None = None
) -> None:
    """The ingest step: index a stored article, or leave it in ``pending`` for `index_articles`."""
    # A new article has no entry yet, and its tags are exactly the draft's, so the document the
    # text stage made holds; a changed one is worked out again.
    created = outcome == Outcome.CREATED
    entry = (article, draft.prepared.get(STEP) if created else None, created)
    if pending is None:
        index_article(*entry)
    else:
        pending.append(entry)


def _document(article: Article, document: Document | None) -> Document:
    """The article's document: the one made beforehand, with its id, or worked out now."""
    return document_for(article) if document is None else replace(document, article_id=article.pk)


def index_articles(entries: Iterable[tuple[Article, Document | None, bool]]) -> None:
    """``index_article`` for many (article, document, new) at once, in the caller's
    transaction; an article listed twice is indexed as its last entry says."""
    latest = {article.pk: (article, document, new) for article, document, new in entries
              if article.pk is not None}
    if not latest:
        return
    engine = backend()
    fresh, changed = [], []
    with connection.cursor() as cursor:
        for article, document, new in latest.values():
            doc = _document(article, document)
            if new:
                fresh.append(doc)
            elif engine.stored_digest(cursor, article.pk) != doc.digest:
                changed.append(doc)
        if fresh:
            engine.write(cursor, fresh, new=True)
        if changed:
            engine.write(cursor, changed)


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
            engine.write(cursor, docs, new=True)  # the index was just cleared
            count += len(docs)
            if progress:
                progress(len(docs))
        if hasattr(engine, "optimize"):
            engine.optimize(cursor)
        engine.ensure_indexes(cursor)
    log.info("search index rebuilt articles=%d", count)
    return count
