"""The persistent near-duplicate index: the LSH keys of every article body."""

from __future__ import annotations

from django.db import models

from zixun.dedup.fingerprint import BANDS

BAND_FIELDS = tuple(f"band{band}" for band in range(BANDS))
# In the order of Fingerprint.keys: the exact-body key, then one key per LSH band.
KEY_FIELDS = ("exact", *BAND_FIELDS)


class ArticleKeys(models.Model):
    """The index keys of one article's body; articles sharing a key are candidates.

    One row per article, one indexed column per key, rather than one row per key: a key only
    meets keys of its own band, and the row overhead is paid once, not 17 times (the sizes
    of both layouts are in docs/benchmarks.md). Short bodies have only the exact key; their
    band columns are NULL and cost next to nothing.
    Rebuilt from the articles by `zixun dedup rebuild`, so it holds nothing of its own.
    """

    # The primary key serves replacing an article's keys and the delete cascade.
    article = models.OneToOneField(
        "articles.Article", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    exact = models.IntegerField()

    class Meta:
        verbose_name = "去重索引键"
        verbose_name_plural = "去重索引键"
        # candidate lookup: SELECT … WHERE exact = %s OR band0 = %s OR …, one index per term
        indexes = [models.Index(fields=[name], name=f"dedup_{name}_idx") for name in KEY_FIELDS]

    def __str__(self) -> str:
        return f"keys of article {self.article_id}"


for _name in BAND_FIELDS:
    ArticleKeys.add_to_class(_name, models.IntegerField(null=True))


class RowidKey(models.BigIntegerField):
    """A 64-bit primary key that SQLite stores as the rowid itself (declared INTEGER), so its
    table has no second index; a bigint elsewhere."""

    def db_type(self, connection) -> str | None:
        return "integer" if connection.vendor == "sqlite" else super().db_type(connection)


class SentenceCount(models.Model):
    """How many articles that joined no story hold a given opening or closing sentence, across
    the collection and within one source.

    A sentence many different stories share is boilerplate (zixun.dedup.offline.common_segments);
    counted as articles arrive, recounted by `zixun dedup rebuild`.
    """

    # The scope (0 for the whole collection, else the source's id) in the high 32 bits and the
    # sentence's key in the low 32: one integer primary key is SQLite's rowid itself, so the
    # table needs no second index.
    key = RowidKey(primary_key=True)
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = "句子文档频率"
        verbose_name_plural = "句子文档频率"


def sentence_key(scope: int, key: int) -> int:
    """The primary key of a sentence's count in ``scope`` (0: the collection; else a source id)."""
    return (scope << 32) | (key & 0xFFFFFFFF)
