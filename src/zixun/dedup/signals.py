"""Keep stories right when an article is deleted (admin, tombstones, shell)."""

from __future__ import annotations

from django.db.models.signals import post_delete
from django.dispatch import receiver

from zixun.articles.models import Article, Story
from zixun.dedup.stories import choose_original


@receiver(post_delete, sender=Article, dispatch_uid="dedup-article-deleted")
def article_deleted(sender, instance: Article, **kwargs) -> None:
    """Give the article's story a new original; its index keys go by the cascade."""
    # Without this a story whose original is deleted would vanish from every list, since
    # lists show only a story's original.
    if instance.story_id and Story.objects.filter(pk=instance.story_id).exists():
        choose_original(instance.story_id)
