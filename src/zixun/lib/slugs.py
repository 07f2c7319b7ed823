"""Slugs for named things (outlets, channels, tags): readable, Chinese kept, never colliding."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.utils.text import slugify


def short_hash(name: str, length: int) -> str:
    """A stable hex digest of ``name``, ``length`` characters long."""
    return hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()[:length]


def slug_for(name: str, max_length: int) -> str:
    """``name`` as a slug (Chinese characters kept), or a digest of it when nothing is left."""
    return (slugify(name, allow_unicode=True) or short_hash(name, 10))[:max_length]


def with_suffix(slug: str, name: str, max_length: int) -> str:
    """``slug`` made distinct by a digest of ``name``: "AI" and "ai" slugify alike."""
    suffix = "-" + short_hash(name, 8)
    return slug[: max_length - len(suffix)] + suffix


def unique_slug(name: str, max_length: int, taken: Callable[[str], bool]) -> str:
    """The slug of ``name``, with a suffix when ``taken(slug)`` says another name has it."""
    slug = slug_for(name, max_length)
    return with_suffix(slug, name, max_length) if taken(slug) else slug


def get_or_create_named(model, name: str, **extra):
    """The row of ``model`` (with ``name`` and ``slug`` fields) called ``name``, made if new."""
    found = model.objects.filter(name=name).first()
    if found is not None:
        return found
    limit = model._meta.get_field("slug").max_length
    slug = unique_slug(name, limit, lambda s: model.objects.filter(slug=s).exists())
    obj, _ = model.objects.get_or_create(name=name, defaults={"slug": slug, **extra})
    return obj
