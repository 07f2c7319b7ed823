"""Every saved text of an article is kept as a numbered revision, and any one can be restored.

A revision is written when an article's title, summary or body changes:

- on every ``Article.save()`` (the admin, restoring a revision, any code that saves the model),
  by the ``pre_save``/``post_save`` handlers that `NewsroomConfig.ready` connects;
- on an update by the store (a feed or import bringing a changed text), by the store's
  ``updating`` hook (`zixun.articles.ingest.Step`), since the store writes with ``update()``
  and no model signal fires.

The store's creations keep no revision: a bulk import would write every body twice, and most
imported articles are never edited. Revision 1 is written lazily instead: the first change of
an article without revisions first keeps the text it is about to replace (read from the row in
the same transaction), so nothing that was ever shown is lost. An article made in the admin
keeps its first text at once, as revision 1.

Who made a change is taken from `edited_by`, which the admin wraps around its saves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zixun.articles.models import Article
from zixun.newsroom.models import TEXT_FIELDS, Revision

STEP = "newsroom.revisions"
FIRST_NOTE = "最初版本"
SOURCE_NOTE = "来源更新"


@dataclass(frozen=True)
class Editing:
    """Who is saving, and why (a note such as 恢复自第 3 版); None for the system."""

    user: object | None = None
    note: str = ""


_editing: ContextVar[Editing | None] = ContextVar("newsroom_editing", default=None)


def editing() -> Editing:
    """Who is saving now, as `edited_by` said; the system when nobody did."""
    return _editing.get() or Editing()


@contextmanager
def edited_by(user, note: str = "") -> Iterator[None]:
    """Revisions written inside this block name ``user`` (an anonymous user counts as none)."""
    known = user if user is not None and user.is_authenticated else None
    token = _editing.set(Editing(known, note))
    try:
        yield
    finally:
        _editing.reset(token)


def text_of(article: Article) -> tuple[str, ...]:
    return tuple(getattr(article, name) for name in TEXT_FIELDS)


def record(article: Article, text: tuple[str, ...], replaced: dict | None = None) -> Revision:
    """Keep ``text`` as the article's next revision; ``replaced`` (the stored text and its
    ``updated_at``) becomes revision 1 first when the article has none yet."""
    now = editing()
    with transaction.atomic():
        # Two saves of one article number their revisions one after the other (PostgreSQL;
        # SQLite has one writer at a time anyway).
        list(Article.objects.select_for_update().filter(pk=article.pk).values_list("pk"))
        last = Revision.objects.filter(article=article).aggregate(last=Max("number"))["last"] or 0
        rows = []
        if last == 0 and replaced is not None:
            rows.append(Revision(article=article, number=1, note=FIRST_NOTE,
                                 created_at=replaced.get("updated_at") or timezone.now(),
                                 **{name: replaced[name] for name in TEXT_FIELDS}))
            last = 1
        rows.append(Revision(article=article, number=last + 1, created_by=now.user,
                             note=now.note, **dict(zip(TEXT_FIELDS, text, strict=True))))
        Revision.objects.bulk_create(rows)
    return rows[-1]


def before_save(sender, instance: Article, raw: bool = False, update_fields=None, **kwargs) -> None:
    """Read the stored text of an article about to be saved (one query, updates only)."""
    instance._newsroom_replaced = None
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(TEXT_FIELDS):
        return
    instance._newsroom_replaced = (Article.objects.filter(pk=instance.pk)
                                   .values(*TEXT_FIELDS, "updated_at").first())


def after_save(sender, instance: Article, created: bool, raw: bool = False, **kwargs) -> None:
    """Keep the saved text as a revision when it is new or differs from the stored one."""
    replaced = instance.__dict__.pop("_newsroom_replaced", None)
    if raw:
        return
    text = text_of(instance)
    if replaced is None:
        if created:
            record(instance, text)
        return
    if tuple(replaced[name] for name in TEXT_FIELDS) != text:
        record(instance, text, replaced)


def updating(article: Article, changes: dict) -> None:
    """The store's hook before it writes ``changes`` over ``article`` (still as stored)."""
    if not changes.keys() & set(TEXT_FIELDS):
        return
    stored = {name: getattr(article, name) for name in (*TEXT_FIELDS, "updated_at")}
    text = tuple(changes.get(name, stored[name]) for name in TEXT_FIELDS)
    if text == tuple(stored[name] for name in TEXT_FIELDS):
        return
    now = editing()
    with edited_by(now.user, now.note or SOURCE_NOTE):
        record(article, text, stored)


def stored(article, draft, outcome, pending) -> None:
    """Nothing after a store: creations keep no revision (see the module's docstring)."""


def restore(revision: Revision, user) -> Revision | None:
    """Put ``revision``'s text back on its article, itself a new revision; None if the article
    already has that text."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=revision.article_id)
        if text_of(article) == revision.text():
            return None
        for name in TEXT_FIELDS:
            setattr(article, name, getattr(revision, name))
        with edited_by(user, f"恢复自第 {revision.number} 版"):
            article.save(update_fields=[*TEXT_FIELDS, "updated_at"])
        return Revision.objects.filter(article=article).order_by("-number").first()
