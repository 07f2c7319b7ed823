"""The topic routes: 专题, an editor's ordered collections of articles (zixun.newsroom)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from ninja import Query

from zixun.api import present, schemas
from zixun.api.reads import (
    ERRORS,
    Listing,
    NamedListing,
    named_page,
    newest_change,
    reloaded,
    shape_of,
)
from zixun.api.responses import not_found, respond
from zixun.api.router import READ, router
from zixun.articles.models import Article
from zixun.newsroom.models import Topic
from zixun.web.links import absolute, site_root


def topic_json(topic: Topic, root: str) -> dict:
    return {"id": topic.pk, "title": topic.title, "slug": topic.slug,
            "description": topic.description, "cover": topic.cover_src,
            "articles_count": getattr(topic, "shown", None),
            "updated_at": topic.updated_at, "url": absolute(root, topic.get_absolute_url())}


def _published():
    # Counted as the page lists them: public articles only.
    shown = Q(items__article__in=Article.objects.published())
    return Topic.objects.filter(published=True).annotate(shown=Count("items", filter=shown))


@router.get("/topics", response={200: schemas.TopicPageOut, **ERRORS},
            summary="专题 / topics", tags=READ)
def topics(request: HttpRequest, params: Query[NamedListing]) -> HttpResponse:
    """已发布的专题，按创建顺序翻页。Published topics, paged in creation order."""
    return named_page(request, _published(), params, topic_json)


@router.get("/topics/{slug}", response={200: schemas.TopicOut, **ERRORS},
            summary="专题及其文章 / a topic and its articles", tags=READ)
def get_topic(request: HttpRequest, slug: str, params: Query[Listing]) -> HttpResponse:
    """专题及编辑排定顺序的文章。A topic with its articles in the editor's order."""
    topic = _published().filter(slug=slug).first()
    if topic is None:
        raise not_found("专题")
    shape = shape_of(params, with_body=False)
    ids = list(topic.articles().values_list("pk", flat=True)[: params.limit])
    rows = reloaded(ids, shape)
    root = site_root(request)
    body = {**topic_json(topic, root), "articles": present.articles_json(rows, shape, root)}
    return respond(request, body, max(filter(None, [topic.updated_at, newest_change(rows)])))
