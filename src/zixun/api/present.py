"""The JSON shapes of articles and the things they are filed under (documented in `schemas`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from zixun.articles.models import Article, Channel, Tag
from zixun.sources.models import Source
from zixun.web.links import absolute

# What `include=` may embed; `body` adds body_html and body_text to a list's items.
INCLUDES = {"byline", "tags", "source", "body"}
BODY_FIELDS = ("body_html", "body_text")
# Every field an article has in the API, in the order it is sent.
ARTICLE_FIELDS = (
    "id", "url", "title", "summary", "published_at", "updated_at", "channel", "tags", "keywords",
    "source", "account", "authors", "original_outlet", "original_title", "original_published_at",
    "original_url", "credit", "story", "cover", "sponsored", "view_count", "status", "byline",
    "body_html", "body_text",
)
# Columns a list leaves unread unless asked: the bodies are the bulk of a row.
HEAVY_COLUMNS = ("body_html", "body_text", "byline")


@dataclass
class Shape:
    """What a request asked to see: its fields (None: the default ones) and embeds."""

    fields: set[str] | None = None
    include: set[str] = field(default_factory=set)
    with_body: bool = False

    def wants(self, name: str) -> bool:
        if self.fields is not None:
            return name in self.fields or name == "id"
        if name in BODY_FIELDS:
            return self.with_body or "body" in self.include
        if name == "byline":
            return "byline" in self.include
        return name != "status"

    def columns_to_skip(self) -> list[str]:
        return [name for name in HEAVY_COLUMNS if not self.wants(name)]


# The story's original is joined for its title, outlet and address only: its text stays unread.
ORIGINAL_UNREAD = [f"story__original__{name}" for name in
                   ("body_html", "body_text", "byline", "keywords", "summary")]


def articles_query(queryset: QuerySet, shape: Shape) -> QuerySet:
    """``queryset`` with the rows an article's JSON reads joined; with `Extras`, three queries
    a page whatever its length."""
    query = queryset.select_related("channel", "source", "story__original__source")
    return query.defer(*shape.columns_to_skip(), *ORIGINAL_UNREAD)


@dataclass
class Extras:
    """What a page's articles need from other tables, read once for the whole page."""

    story_sizes: dict[int, int] = field(default_factory=dict)
    tags: dict[int, list[Tag]] = field(default_factory=dict)

    @classmethod
    def of(cls, articles: list[Article], shape: Shape) -> Extras:
        extras = cls()
        if shape.wants("story"):
            extras.story_sizes = story_sizes(articles)
        if shape.wants("tags") and articles:
            # Plain rows rather than prefetch_related: no through-model instances to build.
            rows = (Article.tags.through.objects.filter(article_id__in=[a.pk for a in articles])
                    .order_by("tag__name").values_list("article_id", "tag_id", "tag__name",
                                                       "tag__slug"))
            for article_id, tag_id, name, slug in rows:
                extras.tags.setdefault(article_id, []).append(Tag(id=tag_id, name=name, slug=slug))
        return extras


def story_sizes(articles: Iterable[Article]) -> dict[int, int]:
    """Published copies per story of ``articles``, in one query."""
    ids = {a.story_id for a in articles if a.story_id}
    if not ids:
        return {}
    rows = (Article.objects.published().filter(story_id__in=ids).order_by()
            .values("story_id").annotate(n=Count("id")).values_list("story_id", "n"))
    return dict(rows)


def channel_json(channel: Channel | None, root: str) -> dict | None:
    if channel is None:
        return None
    return {"id": channel.pk, "name": channel.name, "slug": channel.slug,
            "url": absolute(root, channel.get_absolute_url())}


def tag_json(tag: Tag, root: str) -> dict:
    return {"id": tag.pk, "name": tag.name, "slug": tag.slug,
            "url": absolute(root, tag.get_absolute_url())}


def source_json(source: Source, root: str) -> dict:
    return {"id": source.pk, "name": source.name, "slug": source.slug,
            "homepage": source.homepage, "url": absolute(root, source.get_absolute_url())}


def _story(article: Article, sizes: dict[int, int], root: str) -> dict | None:
    if not article.story_id:
        return None
    story = article.story
    first = story.original if story.original_id else None
    original = None
    if first is not None and first.is_public:
        outlet = first.original_outlet or (first.source.name if first.source_id else "")
        original = {"id": first.pk, "title": first.title,
                    "url": absolute(root, first.get_absolute_url()), "outlet": outlet}
    copies = sizes.get(article.story_id, 1)
    return {"id": story.pk, "original": original,
            "reposts_count": max(0, copies - (1 if original else 0))}


def article_json(article: Article, shape: Shape, root: str, extras: Extras) -> dict:
    """One article as the API shows it, with only the fields ``shape`` asks for."""
    values = {
        "id": lambda: article.pk,
        "url": lambda: absolute(root, article.get_absolute_url()),
        "title": lambda: article.title,
        "summary": lambda: article.summary,
        "published_at": lambda: article.published_at,
        "updated_at": lambda: article.updated_at,
        "channel": lambda: channel_json(article.channel, root),
        "tags": lambda: [tag_json(tag, root) if "tags" in shape.include else tag.name
                         for tag in extras.tags.get(article.pk, [])],
        "keywords": lambda: article.keywords,
        "source": lambda: (None if not article.source_id else
                           source_json(article.source, root) if "source" in shape.include
                           else article.source.name),
        "account": lambda: article.account,
        "authors": lambda: article.authors,
        "original_outlet": lambda: article.original_outlet,
        "original_title": lambda: article.original_title,
        "original_published_at": lambda: article.original_published_at,
        "original_url": lambda: article.original_href,
        "credit": lambda: _credit(article),
        "story": lambda: _story(article, extras.story_sizes, root),
        "cover": lambda: ({"image": article.cover_src, "caption": article.cover_caption}
                          if article.cover_src else None),
        "sponsored": lambda: article.sponsored,
        "view_count": lambda: article.view_count,
        "status": lambda: article.status,
        "byline": lambda: article.byline,
        "body_html": lambda: article.body_html,
        "body_text": lambda: article.body_text,
    }
    return {name: values[name]() for name in ARTICLE_FIELDS if shape.wants(name)}


def _credit(article: Article) -> dict | None:
    credit = article.repost_credit()
    return {"outlet": credit.outlet, "url": credit.url} if credit else None


def articles_json(articles: list[Article], shape: Shape, root: str) -> list[dict]:
    extras = Extras.of(articles, shape)
    return [article_json(article, shape, root, extras) for article in articles]
