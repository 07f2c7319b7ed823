"""The search index: an FTS5 table on SQLite, a tsvector table with a GIN index on PostgreSQL."""

from django.db import migrations

SQLITE_UP = [
    # rowid is the article id; digest (not indexed) lets a save skip re-indexing unchanged text.
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, tags, body, digest UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS search_fts"]

POSTGRES_UP = [
    "CREATE TABLE search_document ("
    "article_id bigint PRIMARY KEY, digest varchar(40) NOT NULL, document tsvector NOT NULL)",
    # every search: WHERE document @@ to_tsquery('simple', ...)
    "CREATE INDEX search_document_gin ON search_document USING GIN (document)",
]
POSTGRES_DOWN = ["DROP TABLE IF EXISTS search_document"]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    initial = True
    dependencies = [("articles", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
