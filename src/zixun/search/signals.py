"""Keep the index right when articles or tags change outside ``store()`` (admin, shell)."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from zixun.articles.models import Article, Tag
from zixun.search.index import index_article, remove_article


@receiver(post_save, sender=Article, dispatch_uid="search-article-saved")
def article_saved(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    """Re-index a saved article; unchanged text costs one digest lookup."""
    index_article(instance)


@receiver(post_delete, sender=Article, dispatch_uid="search-article-deleted")
def article_deleted(sender, instance: Article, **kwargs) -> None:
    """Drop a deleted article from the index in the delete's transaction."""
    remove_article(instance.pk)


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="search-article-tags")
def article_tags_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """Re-index articles whose tags were added, removed or cleared."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        index_article(instance)
        return
    # Tag side: ``tag.articles.add(...)``; a clear from the tag side carries no ids.
    ids = pk_set if pk_set is not None else []
    for article in Article.objects.filter(pk__in=ids):
        index_article(article)


@receiver(post_save, sender=Tag, dispatch_uid="search-tag-renamed")
def tag_saved(sender, instance: Tag, created: bool, **kwargs) -> None:
    """A renamed tag changes the tag text of all its articles."""
    if created:
        return
    for article in instance.articles.all():
        index_article(article)
