"""An import, a worker and the web server writing and reading one database at once: the readers
never see an error and the writers never give up on a locked database."""

from __future__ import annotations

import os

import pytest

from tests.httpserver import serve
from tests.pipeline.busy import ingest_while_serving
from tests.pipeline.import_kills import unique_records
from tests.pipeline.test_import_export import corpus_lines, run
from tests.sources.conftest import RSS
from tests.sources.test_worker_kill import database_url
from tests.sources.worker_kills import feed_xml
from zixun.articles.models import Article
from zixun.sources.models import Feed, Source


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_readers_see_no_error_while_an_import_and_a_worker_write(tmp_path):
    lines = unique_records(corpus_lines(200), "busy:")
    first = tmp_path / "first.jsonl"
    first.write_text("".join(lines[:60]), encoding="utf-8")
    run("import", str(first), "--jobs", "0")
    rest = tmp_path / "rest.jsonl"
    rest.write_text("".join(lines[60:]), encoding="utf-8")
    env = {**os.environ, "ZIXUN_DATABASE_URL": database_url(),
           "ZIXUN_FETCH_ALLOW_HOSTS": "127.0.0.1"}
    with serve({"/feed": (200, RSS, feed_xml(100, "busy"))}) as srv:
        source = Source.objects.create(name="并发", slug="busy")
        Feed.objects.create(url=srv.url("/feed"), source=source, fetch_pages=False)
        busy = ingest_while_serving(env, tmp_path, rest, seconds=120,
                                    article_ids=list(Article.objects.values_list("pk", flat=True)))
    assert busy.statuses[200] > 0 and busy.reader_errors == 0, dict(busy.statuses)
    assert busy.database_errors == 0
    assert busy.import_summary.endswith("failed 0"), busy.import_summary
