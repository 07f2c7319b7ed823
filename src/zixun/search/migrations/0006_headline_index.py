"""PostgreSQL: a GIN index on the title and tag lexemes, so the matches in a title are found
without testing every document that matches in its body (``PostgresBackend.likely_best``)."""

from django.db import migrations

POSTGRES_UP = (
    "CREATE INDEX IF NOT EXISTS search_document_headline_gin ON search_document USING GIN (headline)"
)
POSTGRES_DOWN = "DROP INDEX IF EXISTS search_document_headline_gin"


def _run(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0005_ngram_index")]

    operations = [migrations.RunPython(_run(POSTGRES_UP), _run(POSTGRES_DOWN))]
