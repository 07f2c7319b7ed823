"""Stories: each stored article joins the story of its near-duplicates, and each story has an
original chosen from evidence (byline outlet, publication time, fetch time) or by an editor."""

from __future__ import annotations

import functools
import logging
import operator
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from zixun.articles.ingest import Outcome
from zixun.articles.models import Article, Story
from zixun.dedup.fingerprint import Fingerprint, comparable, fingerprint
from zixun.dedup.models import KEY_FIELDS, ArticleKeys, SentenceCount, sentence_key
from zixun.dedup.offline import common_segments, is_near_duplicate
from zixun.extract.draft import ArticleDraft
from zixun.sources.models import Source

log = logging.getLogger("zixun.dedup")
ARTICLES = Article._meta.db_table
# The name of this package's ingest step, and of its value in ``ArticleDraft.prepared``.
STEP = "dedup"
STORIES = Story._meta.db_table
SENTENCES = SentenceCount._meta.db_table
_QUOTED_KEY = '"key"'  # a keyword in both SQL dialects; double quotes serve both


def assign_story(
    article: Article, draft: ArticleDraft, outcome: Outcome, pending: list | None = None
) -> None:
    """Join ``article`` to the story of its near-duplicates, inside the store transaction.

    The ingest step of this package (registered in ``DedupConfig.ready``); it never defers.
    """
    if outcome not in (Outcome.CREATED, Outcome.UPDATED):
        return
    # The text stage fingerprints the draft's body in a worker process beforehand.
    found = draft.prepared.get(STEP)
    if found is None or draft.body_text != article.body_text:
        found = fingerprint(article.body_text)
    index_article(article, found, new=outcome == Outcome.CREATED)


def index_article(article: Article, found: Fingerprint | None = None, new: bool = False,
                  count: bool = True) -> int | None:
    """Replace the article's index keys, join it to its matches' story; returns the story id.

    ``new``: the article was created in this transaction, so it has no keys to replace yet; if
    it joins no story its opening and closing sentences are counted (``count``: unless a
    rebuild re-forms stories with counts already made).
    """
    whole = found or fingerprint(article.body_text)
    found = whole.without(_common(whole, article.source_id))
    _lock_keys(found.keys)
    shared = _replace_keys(article.pk, found.keys if found.canon else (), new)
    matches = _confirmed(found, [pk for pk, _ in shared], _identical(found, shared))
    if matches:
        _join(article, matches)
    elif article.story_id:
        choose_original(article.story_id)
    if new and count and not matches:
        count_sentences(whole, article.source_id)
    return article.story_id


def _common(found: Fingerprint, source_id: int | None) -> set[int]:
    """The keys of ``found``'s counted sentences that are boilerplate by their counts."""
    if not found.segments:
        return set()
    keys = sorted({key for key, _, _ in found.segments})
    scopes = [0, source_id] if source_id else [0]
    wanted = {sentence_key(scope, key): (scope, key) for scope in scopes for key in keys}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_QUOTED_KEY}, count FROM {SENTENCES} "
                       f"WHERE {_QUOTED_KEY} IN ({_marks(list(wanted))})", list(wanted))
        rows = [(*wanted[row_key], n) for row_key, n in cursor.fetchall()]
    collection = {key: n for scope, key, n in rows if scope == 0}
    own = {key: n for scope, key, n in rows if scope}
    return common_segments(found, collection, own)


def count_sentences(found: Fingerprint, source_id: int | None) -> None:
    """Count the opening and closing sentences of an article that joined no story, in the
    collection and in its source (see zixun.dedup.offline.count_segments)."""
    keys = sorted({key for key, _, _ in found.segments})
    if not keys:
        return
    scopes = [0, source_id] if source_id else [0]
    rows = [sentence_key(scope, key) for scope in scopes for key in keys]
    values = ", ".join(["(%s, 1)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {SENTENCES} ({_QUOTED_KEY}, count) VALUES {values} "
                       f"ON CONFLICT ({_QUOTED_KEY}) DO UPDATE SET count = {SENTENCES}.count + 1",
                       rows)


def _lock_keys(keys: tuple[int, ...]) -> None:
    """Serialise writers whose articles share a key, so two copies never start two stories.

    PostgreSQL only: SQLite writers already queue on BEGIN IMMEDIATE. Sorted, so two writers
    take shared keys in the same order and cannot deadlock; released at commit. One statement:
    unnest() yields the sorted array in order.
    """
    if connection.vendor != "postgresql" or not keys:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) AS k",
                       [sorted(set(keys))])


def _replace_keys(
    article_id: int, keys: tuple[int, ...], new: bool = False
) -> list[tuple[int, int]]:
    """Store the article's keys in place of its old ones; returns the other articles sharing
    one, with how many they share, most shared keys first.

    Three statements in raw SQL: this runs for every stored article, and building the same
    queries through the ORM cost more than running them.
    """
    table = connection.ops.quote_name(ArticleKeys._meta.db_table)
    names = KEY_FIELDS[: len(keys)]  # a short body has the exact key only
    with connection.cursor() as cursor:
        if not new:
            cursor.execute(f"DELETE FROM {table} WHERE article_id = %s", [article_id])
        if not keys:
            return []
        where = " OR ".join(f"{name} = %s" for name in names)
        cursor.execute(f"SELECT article_id, {', '.join(names)} FROM {table} WHERE {where}", keys)
        found = cursor.fetchall()
        marks = ", ".join(["%s"] * (len(keys) + 1))
        cursor.execute(f"INSERT INTO {table} (article_id, {', '.join(names)}) VALUES ({marks})",
                       [article_id, *keys])
    shared = Counter({row[0]: sum(map(operator.eq, row[1:], keys)) for row in found})
    return shared.most_common()


def _identical(found: Fingerprint, shared: list[tuple[int, int]]) -> set[int]:
    """The candidates with every key of ``found``: the exact key and all band keys.

    Equal band keys mean equal MinHash signatures, which a pair of texts with Jaccard J has
    with probability J^64 (0.001 at J = 0.9); with the exact key (a hash of the canonical
    text) equal too, the two bodies are the same text with certainty for any practical
    purpose, so they need no loading and comparing: the common repost, a verbatim copy.
    """
    if len(found.keys) != len(KEY_FIELDS):  # a short body has only the exact key: compare it
        return set()
    return {pk for pk, count in shared if count == len(KEY_FIELDS)}


def _confirmed(
    found: Fingerprint, candidates: list[int], identical: set[int] = frozenset()
) -> list[tuple[int, int | None]]:
    """(id, story id) of the candidates whose bodies are confirmed near-duplicates of ``found``.

    One confirmed copy is enough to join a story, so the other candidates of a story already
    joined are neither loaded nor fingerprinted: a repost of a story with a hundred copies
    costs about one comparison, not a hundred bodies. ``identical`` candidates are confirmed
    by their keys alone. Plain SQL, as in ``_replace_keys``.
    """
    if not candidates:
        return []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, story_id, source_id FROM {ARTICLES} "
                       f"WHERE id IN ({_marks(candidates)})", candidates)
        rows = cursor.fetchall()
        story_of = {pk: story_id for pk, story_id, _ in rows}
        source_of = {pk: source_id for pk, _, source_id in rows}
        matches: list[tuple[int, int | None]] = []
        joined: set[int] = set()
        for pk in (pk for pk in candidates if pk in story_of):
            story_id = story_of[pk]
            if story_id and story_id in joined:
                continue
            if pk in identical:
                same = True
            else:
                cursor.execute(f"SELECT body_text FROM {ARTICLES} WHERE id = %s", [pk])
                row = cursor.fetchone()
                if row is None:
                    continue
                other = _stored_fingerprint(pk, row[0])
                same = is_near_duplicate(found, other.without(_common(other, source_of[pk])))
            if same:
                matches.append((pk, story_id))
                if story_id:
                    joined.add(story_id)
    return matches


@functools.lru_cache(maxsize=1024)
def _stored_fingerprint(article_id: int, body: str) -> Fingerprint:
    """The fingerprint of a stored article's body, remembered for the articles met most often.

    Some articles are candidates for many others (a daily bulletin shares its template with
    every other day's), and fingerprinting is most of what confirming a candidate costs.
    Keyed on the body too, so an article edited elsewhere is never compared by its old text.
    """
    return comparable(body)


def _marks(values: list) -> str:
    return ", ".join(["%s"] * len(values))


def _join(article: Article, matches: list[tuple[int, int | None]]) -> None:
    """Put the article and its matches in one story, merging the stories they were in.

    A story an editor split out (kept_apart) is never merged with another: an article in one
    stays there, and a new copy matching both it and other stories joins the others.
    """
    story_ids = {story_id for _, story_id in matches if story_id}
    if article.story_id:
        story_ids.add(article.story_id)
    apart = set(Story.objects.filter(pk__in=story_ids, kept_apart=True).values_list("pk", flat=True))
    if apart:
        if article.story_id in apart:
            target = article.story_id
        else:
            target = min(story_ids - apart) if story_ids - apart else min(apart)
            _merge(target, story_ids - apart - {target})
        members = [pk for pk, story_id in matches if story_id is None] + [article.pk]
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {ARTICLES} SET story_id = %s WHERE id IN ({_marks(members)})",
                           [target, *members])
        article.story_id = target
        choose_original(target)
        return
    if story_ids:
        target = min(story_ids)  # the oldest story keeps its id and its editor's choice
        _merge(target, story_ids - {target})
    else:
        target = _new_story()
    members = [pk for pk, story_id in matches if story_id != target] + [article.pk]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {ARTICLES} SET story_id = %s WHERE id IN ({_marks(members)})",
                       [target, *members])
    article.story_id = target
    choose_original(target)


def _new_story() -> int:
    """A new, empty story's id; one plain INSERT, as it happens for every first repost."""
    if not connection.features.can_return_columns_from_insert:
        return Story.objects.create().pk
    created = Story._meta.get_field("created_at").get_db_prep_save(timezone.now(), connection)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {STORIES} (original_id, original_locked, kept_apart, "
                       "created_at) VALUES (NULL, %s, %s, %s) RETURNING id", [False, False, created])
        return cursor.fetchone()[0]


def _merge(target: int, others: set[int]) -> None:
    if not others:
        return
    locked = Story.objects.filter(pk__in=others, original_locked=True).values_list("original_id", flat=True)
    chosen = next(iter(locked), None)
    Article.objects.filter(story_id__in=others).update(story_id=target)
    Story.objects.filter(pk__in=others).delete()
    if chosen and not Story.objects.filter(pk=target, original_locked=True).exists():
        Story.objects.filter(pk=target).update(original_id=chosen, original_locked=True)
    log.info("stories merged", extra={"story_id": target, "merged": sorted(others)})


def _outlets(article: Article | _Member) -> set[str]:
    """Names the article was published under: its source, its account, its byline's outlet."""
    names = {article.account, (article.byline or {}).get("outlet") or ""}
    if article.source_id:
        # choose_original's members carry the source's name; an Article has its source.
        names.add(getattr(article, "source_name", None) or article.source.name)
    return {name.strip() for name in names if name and name.strip()}


def _cited_original(article: Article | _Member) -> str:
    return (article.original_outlet or (article.byline or {}).get("original_outlet") or "").strip()


def _same_outlet(a: str, b: str) -> bool:
    return a == b or (len(min(a, b, key=len)) >= 2 and (a.startswith(b) or b.startswith(a)))


def original_rank(article: Article | _Member, cited: set[str]) -> tuple:
    """Sort key of a story's copies, best original first.

    Public copies before hidden ones (lists show the original); then a copy published by the
    outlet the bylines name as the original; then the earliest publication; then the earliest
    fetch.
    """
    own = _outlets(article)
    named = any(_same_outlet(o, c) for o in own for c in cited)
    return (not article.is_public, not named, article.published_at, article.created_at, article.pk)


def choose_original(story_id: int) -> int | None:
    """Set the story's original from the evidence unless an editor chose it; returns its id.

    It runs each time an article joins a story, so it reads the story and what original_rank
    needs of its members in two plain statements: compiling them through the ORM and making
    model instances cost several times more than running them.
    """
    with connection.cursor() as cursor:
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        cursor.execute(f"SELECT original_id, original_locked FROM {STORIES} WHERE id = %s{lock}",
                       [story_id])
        row = cursor.fetchone()
        if row is None:
            raise Story.DoesNotExist(f"story {story_id} does not exist")
        original_id, locked = row[0], bool(row[1])
        cursor.execute(_members_sql(), [story_id])
        members = [_Member.from_row(member) for member in cursor.fetchall()]
        if not members:
            cursor.execute(f"DELETE FROM {STORIES} WHERE id = %s", [story_id])
            return None
        if locked and original_id in {m.pk for m in members}:
            return original_id
        cited = {name for name in map(_cited_original, members) if name}
        best = min(members, key=lambda a: original_rank(a, cited))
        if original_id != best.pk or locked:
            cursor.execute(f"UPDATE {STORIES} SET original_id = %s, original_locked = %s "
                           "WHERE id = %s", [best.pk, False, story_id])
    return best.pk


@dataclass
class _Member:
    """What original_rank reads of one copy in a story."""

    pk: int
    status: str
    published_at: datetime
    created_at: datetime
    account: str
    byline: dict
    original_outlet: str
    source_id: int | None
    source_name: str | None

    @classmethod
    def from_row(cls, row: tuple) -> _Member:
        pk, status, published, created, account, byline, original_outlet, source_id, name = row
        return cls(pk, status, _aware(published), _aware(created), account,
                   _BYLINE.from_db_value(byline, None, connection) or {}, original_outlet,
                   source_id, name)

    @property
    def is_public(self) -> bool:
        return self.status == Article.Status.PUBLISHED and self.published_at <= timezone.now()


_BYLINE = Article._meta.get_field("byline")


def _aware(value: datetime | str) -> datetime:
    """A datetime column as the ORM gives it: SQLite hands back naive UTC (or text)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@functools.cache
def _members_sql() -> str:
    """A story's members: the columns _Member takes, in its order, with the source's name."""
    names = ("id", "status", "published_at", "created_at", "account", "byline",
             "original_outlet", "source")
    quote = connection.ops.quote_name
    columns = ", ".join(f"a.{quote(Article._meta.get_field(name).column)}" for name in names)
    return (f"SELECT {columns}, s.name FROM {ARTICLES} a "
            f"LEFT JOIN {quote(Source._meta.db_table)} s ON s.id = a.source_id "
            "WHERE a.story_id = %s")


def split_out(article: Article) -> Story:
    """An editor's split: the article leaves its story for one of its own that is never merged
    automatically, so new copies of the old story do not bring it back."""
    with transaction.atomic():
        old = article.story_id
        story = Story.objects.create(kept_apart=True)
        Article.objects.filter(pk=article.pk).update(story=story)
        article.story_id = story.pk
        choose_original(story.pk)
        if old:
            choose_original(old)
    log.info("article split out of its story", extra={"article_id": article.pk, "story_id": old})
    return story


def set_original(story: Story, article: Article) -> None:
    """An editor's choice of original: kept until the editor lets the evidence decide again."""
    if article.story_id != story.pk:
        raise ValueError("原文必须是这篇报道中的一篇文章")
    with transaction.atomic():
        Story.objects.filter(pk=story.pk).update(original_id=article.pk, original_locked=True)
    story.original_id, story.original_locked = article.pk, True


@dataclass
class StoryView:
    """What an article page shows about its story: the original it reposts, or its reposts."""

    original: Article | None = None
    reposts: list[Article] = field(default_factory=list)
    original_date: datetime | None = None

    @property
    def is_repost(self) -> bool:
        return self.original is not None


def story_view(article: Article) -> StoryView:
    """The story part of an article page, in one query (none for a lone article)."""
    if not article.story_id:
        return StoryView()
    copies = list(Article.objects.published().filter(story_id=article.story_id)
                  .select_related("source", "story").defer("body_html", "body_text")
                  .order_by("published_at", "pk"))
    for copy in copies:
        copy.outlet_name = outlet_of(copy)
    original_id = copies[0].story.original_id if copies else None
    original = next((c for c in copies if c.pk == original_id), None)
    if original is None or original.pk == article.pk:
        return StoryView(reposts=[c for c in copies if c.pk != article.pk])
    when = original.original_published_at or original.published_at
    late = article.published_at - when > timedelta(days=1)
    return StoryView(original=original, original_date=when if late else None)


def outlet_of(article: Article) -> str:
    """The name a copy is credited under on the page."""
    if article.source_id:
        return article.source.name
    return article.account or _cited_original(article) or "未知来源"
