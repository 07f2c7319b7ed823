"""A real consumer: httpx pages through every article of a served site while an import runs,
and sees each exactly once."""

from __future__ import annotations

import os
import subprocess
import time

import httpx
import pytest

from tests.pipeline.busy import _wait_until_serving, free_port
from tests.pipeline.import_kills import ZIXUN, unique_records
from tests.pipeline.test_import_export import corpus_lines, run
from tests.sources.test_worker_kill import database_url
from zixun.articles.models import Article


def consume(base: str, importer: subprocess.Popen) -> tuple[list[int], int]:
    """Every article id in storage order, as an app that keeps a copy would read them; and how
    many pages it read while the import was still running."""
    seen: list[int] = []
    during = 0
    url = f"{base}/api/v1/articles?order=id&limit=7&fields=id"
    with httpx.Client(timeout=30) as client:
        while True:
            running = importer.poll() is None
            response = client.get(url)
            assert response.status_code == 200, response.text
            data = response.json()
            seen += [item["id"] for item in data["items"]]
            during += running
            url = data["next"] or url
            if not data["has_more"]:
                if not running:
                    return seen, during
                time.sleep(0.05)  # caught up with the import: ask again shortly


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_consumer_paging_while_an_import_runs_sees_every_article_exactly_once(tmp_path):
    lines = unique_records(corpus_lines(160), "api:")
    first, rest = tmp_path / "first.jsonl", tmp_path / "rest.jsonl"
    for path, part in ((first, lines[:30]), (rest, lines[30:])):
        path.write_text("".join(part), encoding="utf-8")
    run("import", str(first), "--jobs", "0")  # the site has articles before the consumer starts
    env = {**os.environ, "ZIXUN_DATABASE_URL": database_url(), "ZIXUN_API_RATE": "100000"}
    port = free_port()
    server = subprocess.Popen([str(ZIXUN), "serve", "--port", str(port), "--workers", "2",
                               "--no-migrate"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        _wait_until_serving(port)
        # Small batches: many commits while the consumer pages.
        importer = subprocess.Popen([str(ZIXUN), "import", str(rest), "--jobs", "0",
                                     "--batch", "5"], env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.STDOUT)
        try:
            seen, during = consume(f"http://127.0.0.1:{port}", importer)
        finally:
            importer.wait(120)
    finally:
        server.terminate()
        server.wait(30)
    assert importer.returncode == 0
    stored = set(Article.objects.published().values_list("pk", flat=True))
    assert len(stored) == 160
    assert len(seen) == len(set(seen)), "an article was shown twice"
    assert set(seen) == stored, f"missed {sorted(stored - set(seen))[:10]}"
    assert during >= 3, "the consumer should have read pages while the import ran"
