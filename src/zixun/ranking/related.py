"""相关内容: the articles most like this one, other stories only, newest among equals, never empty.

Similarity comes from the search index's more-like-this, or, when that finds nothing, from
keywords: the article's keywords against other articles' keywords, tags and titles, over
articles tagged with one of its keywords plus the most recent ones. Same-channel articles, then
the newest of all, fill the list up when too few match. Lists are stored per article in
RelatedList and recomputed when the article is saved again or the list grows old.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from zixun import text
from zixun.articles.models import Article
from zixun.ranking.models import RelatedList
from zixun.search.query import more_like_this

RELATED_MIN = 5
RELATED_MAX = 10
# New articles should be able to join an old article's list: recompute after this long.
RELATED_MAX_AGE = timedelta(hours=6)
RELATED_CACHE_SECONDS = 600
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
    with transaction.atomic():
        RelatedList.objects.update_or_create(
            article=article,
            defaults={
                "article_ids": [a.pk for a in related],
                "article_updated_at": article.updated_at,
                "computed_at": timezone.now(),
            },
        )
    cache.set(_cache_key(article), related, RELATED_CACHE_SECONDS)
    return related


def _cache_key(article: Article) -> str:
    return f"related:{article.pk}:{article.updated_at.timestamp()}"


def related_articles(article: Article) -> list[Article]:
    """Related articles as the page shows them: stored on first view, recomputed once the
    article has changed or the list is older than RELATED_MAX_AGE."""
    related = cache.get(_cache_key(article))
    if related is not None:
        return related
    row = RelatedList.objects.filter(pk=article.pk).first()
    fresh = (
        row is not None
        and row.article_updated_at == article.updated_at
        and row.computed_at > timezone.now() - RELATED_MAX_AGE
    )
    if fresh:
        found = Article.objects.listed().in_bulk(row.article_ids)
        related = [found[pk] for pk in row.article_ids if pk in found]
        # Enough left after hiding or merging some of them: serve, else recompute below.
        if len(related) >= min(RELATED_MIN, len(row.article_ids)):
            cache.set(_cache_key(article), related, RELATED_CACHE_SECONDS)
            return related
    return refresh_related(article)
