"""The persistent near-duplicate index: LSH band keys of every article body."""

from __future__ import annotations

from django.db import models


class BandKey(models.Model):
    """One index key of one article; articles sharing a key are candidates for one story.

    Each article has an exact-body key and one key per LSH band (zixun.dedup.fingerprint).
    Rebuilt from the articles by `zixun dedup rebuild`, so it holds nothing of its own.
    """

    key = models.BigIntegerField()
    # The FK's own index serves replacing an article's keys and the delete cascade.
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "去重索引键"
        verbose_name_plural = "去重索引键"
        indexes = [
            # candidate lookup: SELECT article_id WHERE key IN (…), answered from the index alone
            models.Index(fields=["key", "article"], name="dedup_key_article_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.article_id}"
