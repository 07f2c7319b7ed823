"""相关内容: the articles most like this one, other stories only, newest among equals, never empty.

Similarity comes from the search index's more-like-this, or, when that finds nothing, from
keywords: the article's keywords against other articles' keywords, tags and titles, over
articles tagged with one of its keywords plus the most recent ones. Same-channel articles, then
the newest of all, fill the list up when too few match. Lists are stored per article in
RelatedList: storing an article marks its list due, and the worker (`refresh_pending`) computes
due lists in batches, and again as a recent article's list grows old. A reader's request only
reads them.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from zixun import text
from zixun.articles.ingest import Outcome
from zixun.articles.models import Article
from zixun.extract.draft import ArticleDraft
from zixun.ranking.models import RelatedList
from zixun.search.query import more_like_this

RELATED_MIN = 5
# What a list of links never shows, and costs most to read and decode.
BODY_FIELDS = ("body_html", "body_text", "byline", "keywords")
RELATED_MAX = 10
# New articles should be able to join an old article's list: recompute after this long.
RELATED_MAX_AGE = timedelta(hours=6)
# Lists of articles published this recently are recomputed as they age: new stories join them.
RECENT_NEIGHBOURHOOD = timedelta(days=3)
# Besides articles tagged with one of its keywords, compare with this many of the newest.
RECENT_POOL = 2000
TAGGED_POOL = 500
# more-like-this query size; the body is cut so a very long article costs no more than a usual one
TITLE_TERMS, BODY_TERMS, MAX_TERMS, BODY_CHARS = 4, 20, 28, 5000
# A candidate needs this share of the article's keyword weight to count as related at all.
MIN_SHARE = 0.12


@dataclass(frozen=True)
class Related:
    """One related article, how strongly it matched, and why it is there."""

    article: Article
    score: float
    reason: str  # "search", "keywords", "channel" or "recent"


def keyword_weights(article: Article) -> dict[str, float]:
    """The article's keywords weighted by rank (the first is the best), lower-cased."""
    words = [w.lower() for w in (article.keywords or []) if isinstance(w, str) and w.strip()]
    if not words:
        words = [t.name.lower() for t in article.tags.all()]
    return {word: 1.0 / math.sqrt(rank + 1) for rank, word in enumerate(dict.fromkeys(words))}


def query_terms(article: Article) -> list[str]:
    """What more-like-this looks for: title keywords first, then the stored keywords, then more
    from the body (which find more same-channel articles than the stored keywords alone;
    bench/related.py measures it)."""
    words = text.keywords(article.title, k=TITLE_TERMS) + list(keyword_weights(article))
    words += text.keywords(article.body_text[:BODY_CHARS], k=BODY_TERMS)
    return list(dict.fromkeys(w.lower() for w in words))[:MAX_TERMS]


def similarity(weights: dict[str, float], other: Article, tag_names: set[str]) -> float:
    """How much of the article's keyword weight ``other`` shares in its keywords, tags or title."""
    theirs = {w.lower() for w in (other.keywords or []) if isinstance(w, str)} | tag_names
    title = other.title.lower()
    score = 0.0
    for word, weight in weights.items():
        if word in theirs:
            score += weight
        elif word in title:
            score += weight * 0.5
    return score / (sum(weights.values()) or 1.0)


def compute_related(
    article: Article, limit: int = RELATED_MAX, use_search: bool = True
) -> list[Related]:
    """The related list of ``article``, best first, at least RELATED_MIN long when possible."""
    others = Article.objects.listed().exclude(pk=article.pk)
    if article.story_id:
        others = others.exclude(story_id=article.story_id)
    chosen = (use_search and _from_search(article, others, limit)) or _from_keywords(
        article, others, limit
    )
    if len(chosen) < RELATED_MIN:
        chosen += _fallback(article, others, [r.article.pk for r in chosen], limit - len(chosen))
    return chosen


def _from_search(article: Article, others, limit: int) -> list[Related]:
    terms = query_terms(article)
    if not terms:
        return []
    ids = more_like_this(
        terms, exclude_story_ids=[article.story_id] if article.story_id else [],
        exclude_ids=[article.pk], limit=limit * 2,
    )
    found = others.in_bulk(ids)
    ranked = [
        Related(found[pk], round(1.0 / (rank + 1), 4), "search")
        for rank, pk in enumerate(ids) if pk in found
    ]
    return _one_per_story(ranked, limit)


def _from_keywords(article: Article, others, limit: int) -> list[Related]:
    weights = keyword_weights(article)
    if not weights:
        return []
    names = set(weights) | {w for w in (article.keywords or []) if isinstance(w, str)}
    tagged = others.filter(tags__name__in=names).values_list("pk", flat=True).distinct()
    recent = others.order_by("-published_at", "-id").values_list("pk", flat=True)[:RECENT_POOL]
    pool = set(tagged[:TAGGED_POOL]) | set(recent)
    candidates = others.filter(pk__in=pool).only(
        "pk", "title", "keywords", "channel_id", "story_id", "published_at"
    )
    tags = _tag_names(pool)
    ranked = []
    for other in candidates:
        score = similarity(weights, other, tags.get(other.pk, set()))
        if score >= MIN_SHARE:
            # Same channel breaks near-ties: a match in one's own section is the likelier one.
            bonus = 0.05 if article.channel_id and other.channel_id == article.channel_id else 0.0
            ranked.append(Related(other, round(score + bonus, 4), "keywords"))
    ranked.sort(key=lambda r: (-r.score, -r.article.published_at.timestamp(), -r.article.pk))
    return _one_per_story(ranked, limit)


def _tag_names(article_ids: set[int]) -> dict[int, set[str]]:
    through = Article.tags.through
    names: dict[int, set[str]] = {}
    rows = through.objects.filter(article_id__in=article_ids).values_list("article_id", "tag__name")
    for article_id, name in rows:
        names.setdefault(article_id, set()).add(name.lower())
    return names


def _one_per_story(ranked: list[Related], limit: int) -> list[Related]:
    """One item per story and per headline: daily roll-ups (国际联播快讯) are different stories
    under one title, and a list of five identical headlines tells a reader nothing."""
    seen: set[int] = set()
    titles: set[str] = set()
    kept = []
    for item in ranked:
        title = "".join(item.article.title.split())
        if title in titles:
            continue
        if item.article.story_id:
            if item.article.story_id in seen:
                continue
            seen.add(item.article.story_id)
        titles.add(title)
        kept.append(item)
        if len(kept) == limit:
            break
    return kept


def _fallback(article: Article, others, taken: list[int], wanted: int) -> list[Related]:
    """The newest articles of the same channel, then the newest of all: never an empty block."""
    extra: list[Related] = []
    rest = others.exclude(pk__in=taken).order_by("-published_at", "-id")
    if article.channel_id:
        extra = [Related(a, 0.0, "channel") for a in rest.filter(channel_id=article.channel_id)[:wanted]]
    if len(extra) < wanted:
        more = rest.exclude(pk__in=[r.article.pk for r in extra])[: wanted - len(extra)]
        extra += [Related(a, 0.0, "recent") for a in more]
    return extra


def refresh_related(article: Article) -> list[Article]:
    """Compute and store the related list of ``article`` now; the articles, best first."""
    return store_related(article, [r.article for r in compute_related(article)])


def store_related(article: Article, related: list[Article]) -> list[Article]:
    """Keep ``related`` as the list of this version of ``article``, for every process to use."""
    RelatedList.objects.update_or_create(
        article=article,
        defaults={
            "article_ids": [a.pk for a in related],
            "article_updated_at": article.updated_at,
            "computed_at": timezone.now(),
            "pending": False,
        },
    )
    return related


def related_articles(article: Article) -> list[Article]:
    """Related articles as a page shows them: the stored list, never computed here.

    Articles hidden or merged since the list was computed drop out at once; until the worker
    has computed a list (or when too few of it are left), the newest of the same channel, then
    of the whole site, fill it up, so the block is never empty and the page never waits.
    """
    stored = RelatedList.objects.filter(pk=article.pk).values_list("article_ids", flat=True).first()
    ids = stored or []
    shown = Article.objects.listed().defer(*BODY_FIELDS)
    found = shown.in_bulk(ids) if ids else {}
    related = [found[pk] for pk in ids if pk in found]
    if len(related) < RELATED_MIN:
        others = shown.exclude(pk=article.pk)
        if article.story_id:
            others = others.exclude(story_id=article.story_id)
        taken = [a.pk for a in related]
        related += [r.article for r in _fallback(article, others, taken, RELATED_MIN - len(related))]
    return related


def mark_pending(article_ids: list[int]) -> None:
    """Ask the worker to (re)compute these articles' lists: they are new or have changed."""
    if not article_ids:
        return
    RelatedList.objects.bulk_create(
        [RelatedList(article_id=pk, pending=True) for pk in dict.fromkeys(article_ids)],
        update_conflicts=True, unique_fields=["article"], update_fields=["pending"],
    )


def list_stored_article(
    article: Article, draft: ArticleDraft, outcome: Outcome, pending: list | None = None
) -> None:
    """The ingest step of 相关内容: a stored article's list is due; the worker computes it."""
    if outcome not in (Outcome.CREATED, Outcome.UPDATED):
        return
    if pending is None:
        mark_pending([article.pk])
    else:
        pending.append(article.pk)


def list_saved_article(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    """An article saved outside the store (the admin, the shell): its list is due too."""
    if not raw:
        mark_pending([instance.pk])


def refresh_pending(limit: int = 50, budget_seconds: float | None = None) -> int:
    """Compute up to ``limit`` due lists, newest articles first; returns how many.

    Due: lists of articles stored or changed since their list was made, then lists of the
    last days' articles older than RELATED_MAX_AGE (their neighbourhood has grown since).
    """
    started = time.monotonic()
    done = 0
    for article in _due_articles(limit):
        refresh_related(article)
        done += 1
        if budget_seconds is not None and time.monotonic() - started > budget_seconds:
            break
    return done


def _due_articles(limit: int) -> list[Article]:
    due_ids = list(RelatedList.objects.filter(pending=True).order_by("-article_id")
                   .values_list("article_id", flat=True)[:limit])
    articles = list(Article.objects.filter(pk__in=due_ids).order_by("-id"))
    missing = set(due_ids) - {a.pk for a in articles}
    if missing:  # no longer listed (hidden, unpublished): nothing to show, nothing to compute
        RelatedList.objects.filter(article_id__in=missing).update(pending=False)
    if len(articles) < limit:
        now = timezone.now()
        recent = Article.objects.listed().filter(published_at__gte=now - RECENT_NEIGHBOURHOOD)
        aged = recent.filter(
            pk__in=RelatedList.objects.filter(computed_at__lt=now - RELATED_MAX_AGE, pending=False)
            .values("article_id")
        ).order_by("-published_at", "-id")[: limit - len(articles)]
        articles += list(aged)
    return articles
