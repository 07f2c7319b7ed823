"""The one module that writes articles: each incoming article is stored all-or-nothing.

Every way in — feeds, page fetches, bulk imports, the demo — ends here with an
``ArticleDraft`` (``zixun.extract.draft``), the one value the pipeline stages pass along. Identity decides
between create, update and unchanged: the feed GUID first, then the canonical URL, then a hash
of the content; tombstones keep deleted articles deleted.

`store()` writes one article in one transaction. `store_many()` writes a batch in one
transaction with a savepoint per article, so each article is still all-or-nothing, and asks
the database once per batch (not once per article) who already exists and which outlets,
channels and tags are known: that is what makes a bulk import fast. Articles are written with
plain INSERTs and ``update()``, so no model signal fires: the steps that run after a store
(stories, the search index) are registered here by their apps (`register_step`) and run once
per article, after its tags are set, in its transaction; a step may hold its writes until the
batch's last article (see `_store_in_savepoints`).
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, time
from enum import StrEnum

from django.db import InterfaceError, OperationalError, connection, models, transaction
from django.utils import timezone

from zixun.articles.models import HELD, Article, Channel, Tag, Tombstone
from zixun.extract.draft import ArticleDraft
from zixun.lib.slugs import get_or_create_named, slug_for, with_suffix
from zixun.lib.urls import web_address
from zixun.sources.models import Source

log = logging.getLogger("zixun.ingest")

# Articles per transaction in `store_many`: large enough that per-commit costs (the pages of
# every index and the search index written out) mostly vanish, small enough that another
# writer's wait for the SQLite write lock stays short (readers never wait, in WAL mode) and
# that a kill loses little work (a rerun redoes it).
BATCH_SIZE = 500
# Article.title's length: longer titles are cut.
TITLE_CHARS = 300
# Values per IN (…) list: under SQLite's old 999-parameter limit with room to spare.
IN_CHUNK = 300


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    # Only from `store_many`, which reports a failed article instead of raising.
    FAILED = "failed"


def content_hash(draft: ArticleDraft) -> str:
    """A fingerprint of the text alone, so the same article from two addresses is one."""
    basis = "".join((draft.title + "\n" + draft.body_text).split())
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
    "keywords", "cover_image", "cover_caption", "sponsored", "content_hash", "date_known",
]
# Why an article from an outlet not marked trusted waits in review.
UNTRUSTED_REASON = "来源未设为可信，须编辑审核"
# Identity keys in priority order: (what matched, Article field).
IDENTITY = (("guid", "guid"), ("url", "original_url"), ("hash", "content_hash"))


@dataclass(frozen=True)
class Step:
    """A stage that runs after each stored article, inside the article's transaction.

    ``stored(article, draft, outcome, pending)`` does the step's work for one article; when
    ``pending`` is a list (a batch is being stored) it may leave its writes there instead, and
    ``flush(pending)`` writes them after the batch's last article, still in its transaction.
    A step's pure work may be done beforehand by the text stage, in ``draft.prepared[name]``.
    ``updating(article, changes)``, if given, runs before an update writes ``changes`` over
    the stored ``article``: the one moment the replaced values can still be read.
    """

    name: str
    stored: Callable[[Article, ArticleDraft, Outcome, list | None], None]
    flush: Callable[[list], None] | None = None
    updating: Callable[[Article, dict], None] | None = None


_steps: dict[str, Step] = {}


def register_step(step: Step) -> None:
    """Run ``step`` after every store from now on (apps call this in ``ready()``)."""
    _steps[step.name] = step


def registered_steps() -> list[Step]:
    """The steps run after a store, in the order they were registered."""
    return list(_steps.values())


def store(item: ArticleDraft) -> StoreResult:
    """Create, update or leave alone the article for ``item``, all in one transaction."""
    if not item.title.strip():
        return StoreResult(Outcome.SKIPPED, None, "没有标题")
    item = with_web_addresses(item)
    digest = content_hash(item)
    with transaction.atomic():
        return _Batch([item], [digest]).write(item, digest)


# The database itself failing (disk full, connection lost, locked past the timeout) is no
# article's fault: the store stops there, its open transaction rolled back, instead of failing
# every article after it one by one.
DATABASE_DOWN = (OperationalError, InterfaceError)


def store_many(items: Sequence[ArticleDraft]) -> list[StoreResult]:
    """Store ``items`` in order, as `store()` would one by one, in one transaction.

    Each article has its own savepoint: one that fails is rolled back alone and reported as
    FAILED with its reason, the others are kept. If the batch cannot commit at all (a
    constraint checked at commit), the articles are stored again one transaction each.
    """
    items = [with_web_addresses(item) for item in items]
    try:
        with transaction.atomic():
            return _store_in_savepoints(items)
    except DATABASE_DOWN:
        raise
    except Exception:
        if len(items) == 1:
            return [_store_alone(items[0])]
        log.exception("batch of %d failed to commit; storing one by one", len(items))
        return [_store_alone(item) for item in items]


# The draft's fields that hold an address a page links to or loads (lib.urls policy).
ADDRESS_FIELDS = ("original_url", "cover_image")


def with_web_addresses(item: ArticleDraft) -> ArticleDraft:
    """``item`` with every address that is not an absolute http(s) one left empty.

    Before identity is read, so a refused address neither matches nor is stored; the article
    itself is kept. Every way in passes here, so a ``javascript:`` or ``data:`` address from a
    file, a feed or a page never reaches a page's ``href``.
    """
    checked = {name: web_address(getattr(item, name)) for name in ADDRESS_FIELDS}
    changed = {name: value for name, value in checked.items() if value != getattr(item, name)}
    if not changed:
        return item
    for name, value in changed.items():
        if not value:
            log.warning("address refused field=%s url=%r guid=%s", name,
                        getattr(item, name)[:200], item.guid)
    return replace(item, **changed)


def _store_alone(item: ArticleDraft) -> StoreResult:
    try:
        return store(item)
    except DATABASE_DOWN:
        raise
    except Exception as exc:
        log.exception("store failed url=%s", item.original_url)
        return StoreResult(Outcome.FAILED, None, f"保存出错：{type(exc).__name__}: {exc}")


def _store_in_savepoints(items: Sequence[ArticleDraft]) -> list[StoreResult]:
    titled = [item for item in items if item.title.strip()]
    digests = {id(item): content_hash(item) for item in titled}
    batch = _Batch(titled, list(digests.values()))
    results = []
    # What the steps hold back until the batch's last article (the search index: SQLite's FTS5
    # writes out its pending terms at every savepoint, so an entry per savepoint costs a
    # segment per article and their merging). Still in the batch's transaction, so an article
    # and its step writes commit together.
    pending: dict[str, list] = {step.name: [] for step in registered_steps() if step.flush}
    with connection.cursor() as cursor:
        for item in items:
            if id(item) not in digests:
                results.append(StoreResult(Outcome.SKIPPED, None, "没有标题"))
                continue
            held_before = {name: len(held) for name, held in pending.items()}
            try:
                with _savepoint(cursor):
                    results.append(batch.write(item, digests[id(item)], pending))
            except DATABASE_DOWN:
                raise
            except Exception as exc:
                log.exception("store failed url=%s", item.original_url)
                batch.forget_item()
                for name, count in held_before.items():
                    del pending[name][count:]
                results.append(
                    StoreResult(Outcome.FAILED, None, f"保存出错：{type(exc).__name__}: {exc}"))
    for step in registered_steps():
        if step.flush and pending.get(step.name):
            step.flush(pending[step.name])
    return results


@contextmanager
def _savepoint(cursor) -> Iterator[None]:
    """One article's savepoint inside the batch transaction, in plain SQL.

    ``transaction.atomic()`` does the same with bookkeeping that costs a large share of storing
    one article. Nested ``atomic()`` blocks inside still work: they make their own
    savepoints. A failure rolls back to this one, and the batch goes on with the next article.
    """
    cursor.execute("SAVEPOINT zixun_article")
    try:
        yield
    except BaseException:
        cursor.execute("ROLLBACK TO SAVEPOINT zixun_article")
        cursor.execute("RELEASE SAVEPOINT zixun_article")
        raise
    cursor.execute("RELEASE SAVEPOINT zixun_article")


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    values = list(values)
    for start in range(0, len(values), IN_CHUNK):
        yield values[start:start + IN_CHUNK]


def _matching(model, guids: set[str], urls: set[str], hashes: set[str]):
    """Rows of ``model`` (Article or Tombstone) that share any of these identity keys."""
    for name, values in (("guid", guids), ("original_url", urls), ("content_hash", hashes)):
        # One IN list per key, so each query uses its own index.
        for chunk in _chunks(values):
            yield from model.objects.filter(**{f"{name}__in": chunk})


class _Batch:
    """What a batch of stores knows from a few queries: which articles exist under the batch's
    identity keys, which keys are tombstoned, and the ids of outlet, channel and tag names.

    Lives inside one transaction and is kept up to date by its own writes, so an item that
    repeats an earlier item of the same batch is matched just as if it came in a later batch.
    """

    def __init__(self, items: Sequence[ArticleDraft], digests: Sequence[str]) -> None:
        guids = {i.guid for i in items if i.guid}
        urls = {i.original_url for i in items if i.original_url}
        hashes = set(digests)
        self.tombstoned = {
            (name, getattr(stone, name)) for stone in _matching(Tombstone, guids, urls, hashes)
            for _kind, name in IDENTITY if getattr(stone, name)
        }
        self.articles: dict[int, Article] = {}
        self.keys: dict[tuple[str, str], set[int]] = {}
        for article in _matching(Article, guids, urls, hashes):
            self._remember(article)
        self.names = {
            Source: _ids_by_name(Source, (i.source for i in items)),
            Channel: _ids_by_name(Channel, (i.channel or "" for i in items)),
            Tag: _ids_by_name(Tag, (name for i in items for name in tag_names(i.tags or []))),
        }
        # Tags new to the articles this batch will create, made in three statements for the
        # batch instead of three per article. If one of those articles then fails, its new
        # tags stay, unused: a tag without articles, never part of an article.
        new_tags = self._new_tags(items, digests)
        if new_tags:
            self.names[Tag].update(_create_tags(new_tags))
        self._new_names: list[tuple[type, str]] = []
        self._pending: dict[str, list] | None = None
        # Outlets whose new articles wait in review (Source.trusted): few, read once a batch.
        self.untrusted = set(Source.objects.filter(trusted=False).values_list("pk", flat=True))

    def write(
        self, item: ArticleDraft, digest: str, pending: dict[str, list] | None = None
    ) -> StoreResult:
        """Store one item; the caller holds the transaction (or savepoint) around it.

        ``pending``: per step, where a step may leave its writes for the caller to flush; by
        default every step writes at once."""
        self._pending = pending
        self._new_names = []
        if self._is_tombstoned(item, digest):
            return StoreResult(Outcome.SKIPPED, None, "已删除的文章，不再导入")
        existing, matched_by = self.find(item, digest)
        if matched_by == "hash":
            # Same text under another GUID/URL: a copy of an article we have. Its metadata must
            # not overwrite the first copy's, or two copies would flip it on every re-run.
            return StoreResult(Outcome.UNCHANGED, existing.pk, "内容与已有文章相同")
        values = _values(item, digest, existing)
        if existing is None:
            return self._create(item, values)
        changed = [name for name in UPDATABLE if getattr(existing, name) != values[name]]
        if not changed:
            return StoreResult(Outcome.UNCHANGED, existing.pk)
        return self._update(existing.pk, item, {name: values[name] for name in changed})

    def _new_tags(self, items: Sequence[ArticleDraft], digests: Sequence[str]) -> list[str]:
        known, claimed, wanted = self.names[Tag], set(), {}
        for item, digest in zip(items, digests, strict=True):
            keys = {(kind, value) for kind, value in
                    (("guid", item.guid), ("url", item.original_url), ("hash", digest)) if value}
            if keys & claimed or self._is_tombstoned(item, digest) or self.find(item, digest)[1]:
                continue  # not a creation: a copy, an update or a deleted article
            claimed |= keys
            wanted.update(dict.fromkeys(n for n in tag_names(item.tags or []) if n not in known))
        return list(wanted)

    def forget_item(self) -> None:
        """Drop the names the last item created: its savepoint rolled them back."""
        for model, name in self._new_names:
            self.names[model].pop(name, None)
        self._new_names = []

    def find(self, item: ArticleDraft, digest: str) -> tuple[Article | None, str]:
        """The stored copy and what matched it: "guid", "url", "hash" or "" (none)."""
        for kind, field_name in IDENTITY:
            value = digest if kind == "hash" else getattr(item, field_name)
            found = self.keys.get((field_name, value)) if value else None
            if found:
                return self.articles[min(found)], kind  # the oldest copy, as before batching
        return None, ""

    def _is_tombstoned(self, item: ArticleDraft, digest: str) -> bool:
        keys = (("guid", item.guid), ("original_url", item.original_url), ("content_hash", digest))
        return any(value and (name, value) in self.tombstoned for name, value in keys)

    def _remember(self, article: Article) -> None:
        old = self.articles.get(article.pk)
        for _kind, name in IDENTITY:
            if old is not None and getattr(old, name):
                self.keys[(name, getattr(old, name))].discard(old.pk)
            if getattr(article, name):
                self.keys.setdefault((name, getattr(article, name)), set()).add(article.pk)
        self.articles[article.pk] = article

    def _create(self, item: ArticleDraft, values: dict) -> StoreResult:
        source_id = self._name_id(Source, item.source)
        status, reason = item.status, item.status_reason
        if status == Article.Status.PUBLISHED and source_id in self.untrusted:
            status, reason = Article.Status.REVIEW, UNTRUSTED_REASON
        article = Article(
            **values,
            guid=item.guid[:1000],
            status=status,
            status_reason=reason[:300] if status in HELD else "",
            view_count=item.view_count or 0,
            feed_id=item.feed_id,
            created_at=item.created_at or timezone.now(),
            source_id=source_id,
            channel_id=self._name_id(Channel, item.channel or ""),
        )
        _insert(article)
        if status != Article.Status.PUBLISHED:
            # A held or unpublished arrival starts its history; the news that goes live at once
            # (nearly all of it) has nothing to record beyond its creation time.
            article.record_creation(reason=reason)
        _insert_tags(article.pk, self._tag_ids(item.tags or []))
        run_steps(article, item, Outcome.CREATED, self._pending)
        self._remember(article)
        return StoreResult(Outcome.CREATED, article.pk)

    def _update(self, pk: int, item: ArticleDraft, changes: dict) -> StoreResult:
        # Read again: since the batch read it, another article's story hook may have changed it.
        article = Article.objects.get(pk=pk)
        changes["updated_at"] = timezone.now()
        for step in _steps.values():
            if step.updating is not None:
                step.updating(article, changes)
        Article.objects.filter(pk=pk).update(**changes)
        for name, value in changes.items():
            setattr(article, name, value)
        run_steps(article, item, Outcome.UPDATED, self._pending)
        self._remember(article)
        return StoreResult(Outcome.UPDATED, pk)

    def _name_id(self, model: type, name: str) -> int | None:
        name = name.strip()[: model._meta.get_field("name").max_length]
        if not name:
            return None
        known = self.names[model]
        if name not in known:
            known[name] = get_or_create_named(model, name).pk
            self._new_names.append((model, name))
        return known[name]

    def _tag_ids(self, names: list[str]) -> list[int]:
        wanted = tag_names(names)
        known = self.names[Tag]
        missing = [name for name in wanted if name not in known]
        if missing:
            known.update(_create_tags(missing))
            self._new_names += [(Tag, name) for name in missing]
        return [known[name] for name in wanted]


def _insert(article: Article) -> None:
    """INSERT one new article and set its id; no model signal fires (see the module docstring).

    Plain SQL built once: composing the statement through the ORM for every article cost more
    than running it. Each value is what its field's ``get_db_prep_save`` gives, so rows are
    exactly what ``save()`` would write; for a plain string, number or flag that is the value
    itself, so only dates and JSON go through the field.
    """
    if not connection.features.can_return_columns_from_insert:
        Article.objects.bulk_create([article])  # old SQLite (< 3.35): let the ORM get the id
        return
    sql, plan = _insert_plan(connection.vendor)
    values = []
    for model_field, attname, passes in plan:
        value = getattr(article, attname) if passes else model_field.pre_save(article, add=True)
        if passes is None or type(value) not in passes:
            value = model_field.get_db_prep_save(value, connection)
        values.append(value)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        article.pk = cursor.fetchone()[0]
    article._state.adding = False
    article._state.db = connection.alias


# Field classes whose get_db_prep_save returns a value of these types unchanged.
_PASSING = (
    ((models.CharField, models.TextField), (str,)),
    ((models.BooleanField,), (bool,)),
    ((models.IntegerField, models.ForeignKey), (int, type(None))),
)


@functools.cache
def _insert_plan(vendor: str) -> tuple[str, list[tuple]]:
    """The INSERT statement and, per column, (field, attname, value types passed as they are);
    None for a field that sets its own value on save (``auto_now``) or converts every value."""
    fields = [f for f in Article._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(Article._meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
        f" VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {quote(Article._meta.pk.column)}"
    )
    plan = []
    for f in fields:
        passes = next((types for classes, types in _PASSING if isinstance(f, classes)), None)
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            passes = None
        plan.append((f, f.attname, passes))
    return sql, plan


def _insert_tags(article_id: int, tag_ids: list[int]) -> None:
    """Link the article to its tags in one statement, without the m2m_changed signal."""
    if not tag_ids:
        return
    through = Article.tags.through._meta
    quote = connection.ops.quote_name
    rows = ", ".join(["(%s, %s)"] * len(tag_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(through.db_table)} (article_id, tag_id) VALUES {rows}",
            [value for tag_id in tag_ids for value in (article_id, tag_id)],
        )


def tag_names(names: Iterable[str]) -> list[str]:
    """The tag names an article is stored with: stripped, cut to length, each once."""
    limit = Tag._meta.get_field("name").max_length
    return list(dict.fromkeys(n.strip()[:limit] for n in names if n.strip()))


def _ids_by_name(model: type, names: Iterable[str]) -> dict[str, int]:
    limit = model._meta.get_field("name").max_length
    wanted = {name.strip()[:limit] for name in names if name.strip()}
    found: dict[str, int] = {}
    for chunk in _chunks(wanted):
        found.update(model.objects.filter(name__in=chunk).values_list("name", "pk"))
    return found


def _create_tags(names: list[str]) -> dict[str, int]:
    """Create these tags (none exists yet) in two or three statements; returns name → id."""
    limit = Tag._meta.get_field("slug").max_length
    slugs = {name: slug_for(name, limit) for name in names}
    taken = set(Tag.objects.filter(slug__in=set(slugs.values())).values_list("slug", flat=True))
    rows = []
    for name, slug in slugs.items():
        if slug in taken:  # "AI" and "ai" slugify alike; the second gets a suffix
            slug = with_suffix(slug, name, limit)
        taken.add(slug)
        rows.append(Tag(name=name, slug=slug))
    # ignore_conflicts: a tag another writer created meanwhile is simply read back below.
    Tag.objects.bulk_create(rows, ignore_conflicts=True)
    created = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
    for name in names:
        if name not in created:  # its slug was taken by then: the careful path
            created[name] = get_or_create_named(Tag, name).pk
    return created


def arrival_day(arrived: datetime | None = None) -> datetime:
    """Where an article that came without a date is filed: the start of the day it arrived,
    in the site's time zone.

    Its arrival time is no publication time and must not pass for one (pages show 日期不详).
    Filed at the day's first instant, it sorts after every dated article of that day and
    before those of the day before, and among the undated of a day the newer id comes first,
    so they keep their order of arrival."""
    local = timezone.localtime(arrived or timezone.now())
    return timezone.make_aware(datetime.combine(local.date(), time.min))


def _values(item: ArticleDraft, digest: str, existing: Article | None) -> dict:
    # Without a date of its own an article keeps the one it was first stored with.
    if item.published_at is not None:
        published, date_known = item.published_at, True
    elif existing is not None:
        published, date_known = existing.published_at, existing.date_known
    else:
        # Filed by its arrival: now, or when it first entered zixun (an export imported again).
        published, date_known = arrival_day(item.created_at), False
    return {
        "title": item.title.strip()[:TITLE_CHARS],
        "body_html": item.body_html,
        "body_text": item.body_text,
        "summary": item.summary or "",
        "published_at": published,
        "account": item.account[:100],
        "author": item.author[:200],
        "original_outlet": (item.original_outlet or "")[:100],
        "original_title": (item.original_title or "")[:300],
        "original_published_at": item.original_published_at,
        "byline": item.byline or {},
        "original_url": item.original_url[:1000],
        "keywords": item.keywords or [],
        "cover_image": item.cover_image[:1000],
        "cover_caption": item.cover_caption[:300],
        "sponsored": item.sponsored,
        "content_hash": digest,
        "date_known": date_known,
    }


def restore(tombstone: Tombstone) -> StoreResult:
    """Store again the article ``tombstone`` keeps, and drop the tombstone, in one transaction.

    Through the store like any other article, so it rejoins its story and the search index; it
    gets a new id. ValueError when the tombstone keeps no snapshot or the store declines it.
    """
    draft = tombstone.draft()
    with transaction.atomic():
        tombstone.delete()
        result = store(draft)
        if result.outcome == Outcome.SKIPPED:
            raise ValueError(f"「{tombstone.title}」无法恢复：{result.reason}")
    return result


def run_steps(
    article: Article, item: ArticleDraft, outcome: Outcome, pending: dict[str, list] | None = None
) -> None:
    """The registered steps for one stored article, in the store's transaction."""
    for step in _steps.values():
        held = pending.get(step.name) if pending is not None else None
        step.stored(article, item, outcome, held)
