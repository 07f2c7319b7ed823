"""Stories: each stored article joins the story of its near-duplicates, and each story has an
original chosen from evidence (byline outlet, publication time, fetch time) or by an editor."""

from __future__ import annotations

import logging
import operator
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction

from zixun.articles.models import Article, Story
from zixun.dedup.fingerprint import Fingerprint, fingerprint
from zixun.dedup.models import KEY_FIELDS, ArticleKeys
from zixun.dedup.offline import is_near_duplicate

log = logging.getLogger("zixun.dedup")
# What original_rank reads: loading only these keeps choosing among a large story's copies
# from reading every copy's body.
RANK_FIELDS = ("id", "story_id", "status", "published_at", "created_at", "account", "byline",
               "original_outlet", "source_id")


def assign_story(article: Article, item: object, outcome: object) -> None:
    """Join ``article`` to the story of its near-duplicates, inside the store transaction."""
    if str(getattr(outcome, "value", outcome)) not in ("created", "updated"):
        return
    found = fingerprint(article.body_text)
    index_article(article, found)


def index_article(article: Article, found: Fingerprint | None = None) -> int | None:
    """Replace the article's index keys, join it to its matches' story; returns the story id."""
    found = found or fingerprint(article.body_text)
    _lock_keys(found.keys)
    candidates = _replace_keys(article.pk, found.keys)
    matches = _confirmed(found, candidates)
    if matches:
        _join(article, matches)
    elif article.story_id:
        choose_original(article.story_id)
    return article.story_id


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


def _replace_keys(article_id: int, keys: tuple[int, ...]) -> list[int]:
    """Store the article's keys in place of its old ones; returns the other articles sharing
    one, most shared keys first.

    Three statements in raw SQL: this runs for every stored article, and building the same
    queries through the ORM cost more than running them.
    """
    table = connection.ops.quote_name(ArticleKeys._meta.db_table)
    names = KEY_FIELDS[: len(keys)]  # a short body has the exact key only
    with connection.cursor() as cursor:
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
    return [other for other, _ in shared.most_common()]


def _confirmed(found: Fingerprint, candidates: list[int]) -> list[tuple[int, int | None]]:
    """(id, story id) of the candidates whose bodies are confirmed near-duplicates of ``found``.

    One confirmed copy is enough to join a story, so the other candidates of a story already
    joined are neither loaded nor fingerprinted: a repost of a story with a hundred copies
    costs about one comparison, not a hundred bodies.
    """
    if not candidates:
        return []
    story_of = dict(Article.objects.filter(pk__in=candidates).values_list("id", "story_id"))
    matches: list[tuple[int, int | None]] = []
    joined: set[int] = set()
    for pk in (pk for pk in candidates if pk in story_of):
        story_id = story_of[pk]
        if story_id and story_id in joined:
            continue
        body = Article.objects.filter(pk=pk).values_list("body_text", flat=True).first()
        if body is not None and is_near_duplicate(found, fingerprint(body)):
            matches.append((pk, story_id))
            if story_id:
                joined.add(story_id)
    return matches


def _join(article: Article, matches: list[tuple[int, int | None]]) -> None:
    """Put the article and its matches in one story, merging the stories they were in."""
    story_ids = {story_id for _, story_id in matches if story_id}
    if article.story_id:
        story_ids.add(article.story_id)
    if story_ids:
        target = min(story_ids)  # the oldest story keeps its id and its editor's choice
        _merge(target, story_ids - {target})
    else:
        target = Story.objects.create().pk
    members = [pk for pk, story_id in matches if story_id != target] + [article.pk]
    Article.objects.filter(pk__in=members).update(story_id=target)
    article.story_id = target
    choose_original(target)


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


def _outlets(article: Article) -> set[str]:
    """Names the article was published under: its source, its account, its byline's outlet."""
    names = {article.account, (article.byline or {}).get("outlet") or ""}
    if article.source_id:
        names.add(article.source.name)
    return {name.strip() for name in names if name and name.strip()}


def _cited_original(article: Article) -> str:
    return (article.original_outlet or (article.byline or {}).get("original_outlet") or "").strip()


def _same_outlet(a: str, b: str) -> bool:
    return a == b or (len(min(a, b, key=len)) >= 2 and (a.startswith(b) or b.startswith(a)))


def original_rank(article: Article, cited: set[str]) -> tuple:
    """Sort key of a story's copies, best original first.

    Public copies before hidden ones (lists show the original); then a copy published by the
    outlet the bylines name as the original; then the earliest publication; then the earliest
    fetch.
    """
    own = _outlets(article)
    named = any(_same_outlet(o, c) for o in own for c in cited)
    return (not article.is_public, not named, article.published_at, article.created_at, article.pk)


def choose_original(story_id: int) -> int | None:
    """Set the story's original from the evidence unless an editor chose it; returns its id."""
    story = Story.objects.select_for_update().get(pk=story_id)
    members = list(Article.objects.filter(story_id=story_id).select_related("source")
                   .only(*RANK_FIELDS, "source__name"))
    if not members:
        story.delete()
        return None
    if story.original_locked and story.original_id in {m.pk for m in members}:
        return story.original_id
    cited = {name for name in map(_cited_original, members) if name}
    best = min(members, key=lambda a: original_rank(a, cited))
    if story.original_id != best.pk or story.original_locked:
        Story.objects.filter(pk=story_id).update(original_id=best.pk, original_locked=False)
    return best.pk


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
                  .select_related("source", "story").order_by("published_at", "pk"))
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
