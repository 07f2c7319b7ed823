"""Index character n-grams instead of words, so any piece of a text finds it (issue #16).

SQLite: the FTS5 table becomes contentless (the tokens are not stored a second time) and
``search_entry`` keeps each article's digest and compressed tokens, which FTS5 needs to remove
an entry. PostgreSQL keeps its tables. Both are then filled again with the new tokens.
"""

from django.db import migrations

SQLITE_UP = [
    "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, tags, body, content = '', tokenize = 'unicode61 remove_diacritics 2')",
    # Merging segments less often: a fifth less work per article indexed, the same index.
    "INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 8)",
    # every store: the digest decides whether an article's entry changed
    "CREATE TABLE search_entry ("
    "article_id integer PRIMARY KEY, digest varchar(40) NOT NULL, tokens blob NOT NULL)",
]
SQLITE_DOWN = [
    "DROP TABLE IF EXISTS search_entry",
    "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, tags, body, digest UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')",
]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


def refill(apps, schema_editor):
    # The old entries hold words, which the new queries do not look for. A new site has no
    # articles and skips this; an existing one is indexed again here, as by `zixun search rebuild`.
    if not apps.get_model("articles", "Article").objects.exists():
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("TRUNCATE search_document")
        return
    from zixun.search.index import rebuild

    rebuild()


class Migration(migrations.Migration):
    dependencies = [("search", "0004_shown_index_postgres")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP}), _run({"sqlite": SQLITE_DOWN}),
        ),
        migrations.RunPython(refill, migrations.RunPython.noop),
    ]
