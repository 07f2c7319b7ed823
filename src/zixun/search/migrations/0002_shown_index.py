"""SQLite: a covering index for joining search matches to the articles they may show."""

from django.db import migrations

# Spelled out rather than imported: a migration must keep doing what it did when it was written.
SHOWN_INDEX = "search_article_shown"
SHOWN_INDEX_SQL = (
    f"CREATE INDEX IF NOT EXISTS {SHOWN_INDEX} ON articles_article "
    "(id, status, published_at, story_id, channel_id, source_id)"
)


def create(apps, schema_editor):
    # PostgreSQL keeps long text out of line (TOAST), so its article rows are narrow already.
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SHOWN_INDEX_SQL)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {SHOWN_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial"), ("articles", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
