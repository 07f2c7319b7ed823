"""PostgreSQL: the covering index SQLite got in 0002, for joining matches to their articles."""

from django.db import migrations

# Spelled out rather than imported: a migration must keep doing what it did when it was written.
SHOWN_INDEX = "search_article_shown"
# An index-only scan on it spares a heap fetch per match (once pages are all-visible).
POSTGRES_UP = (
    f"CREATE INDEX IF NOT EXISTS {SHOWN_INDEX} ON articles_article (id) "
    "INCLUDE (status, published_at, story_id, channel_id, source_id)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {SHOWN_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_headline")]

    operations = [migrations.RunPython(create, drop)]
