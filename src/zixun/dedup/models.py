"""The persistent near-duplicate index: LSH band keys of every article body."""

from __future__ import annotations

from django.db import models

# Slots per article in BandKey ids: the exact-body key and 16 band keys, rounded up so an
# article's rows are one aligned id range.
SLOTS = 32


class RowIdField(models.BigIntegerField):
    """A 64-bit primary key declared INTEGER on SQLite, so it is the table's rowid.

    Declared BIGINT, SQLite would keep a hidden rowid beside it and a second B-tree to
    enforce the key: three copies of the id per row instead of one.
    """

    def db_type(self, connection) -> str | None:
        """INTEGER on SQLite (the rowid alias), BIGINT elsewhere."""
        return "integer" if connection.vendor == "sqlite" else super().db_type(connection)


class BandKey(models.Model):
    """One index key of one article; articles sharing a key in one slot are candidates.

    Each article has an exact-body key (slot 0) and one key per LSH band (slots 1-16, see
    zixun.dedup.fingerprint). The id is ``article_id * SLOTS + slot``: the article's keys are
    one primary-key range, so replacing or deleting them needs no index on the article, and
    the table holds two integers per key (under 1 KB per article on SQLite at 1M articles).
    There is no foreign key for the same reason; a receiver in zixun.dedup.signals deletes
    the keys with the article. Rebuilt by `zixun dedup rebuild`; it holds nothing of its own.
    """

    id = RowIdField(primary_key=True)
    key = models.IntegerField()

    class Meta:
        verbose_name = "去重索引键"
        verbose_name_plural = "去重索引键"
        indexes = [
            # candidate lookup: SELECT id WHERE key IN (…); on SQLite the rowid rides in the
            # index, so the lookup never reads the table
            models.Index(fields=["key"], name="dedup_bandkey_key_idx"),
        ]

    @property
    def article_id(self) -> int:
        """The article the key belongs to."""
        return self.id // SLOTS

    @property
    def slot(self) -> int:
        """0 for the exact-body key, 1 + band for a band key."""
        return self.id % SLOTS

    def __str__(self) -> str:
        return f"{self.key} → {self.article_id}"
