"""Real articles (tests/fixtures/search) stored the way every article is: through store().

Storing them (segmentation, keywords, story assignment, indexing) is most of what these tests
cost, so it happens once per test module inside an outer transaction; each test then runs in a
savepoint of its own, as usual, and whatever it changes is undone before the next test.
"""

from __future__ import annotations

import json
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "search" / "articles.jsonl"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def fixture_rows() -> list[dict]:
    """The fixture articles as plain dicts."""
    return [json.loads(line) for line in FIXTURE.read_text("utf-8").splitlines() if line.strip()]


def store_fixture_articles() -> dict[str, int]:
    """Store the fixture articles through store(); return their ids by origin."""
    from zixun.articles.ingest import store
    from zixun.articles.models import Channel
    from zixun.extract.draft import ArticleDraft

    ids = {}
    for row in fixture_rows():
        Channel.objects.get_or_create(name=row["channel"], defaults={"slug": row["channel"]})
        day = datetime.combine(datetime.fromisoformat(row["date"]).date(), time(19), SHANGHAI)
        item = ArticleDraft(
            title=row["title"], body_html="", body_text=row["body"], published_at=day,
            guid=row["origin"], channel=row["channel"], source=row["origin"].split(":")[0],
        )
        ids[row["origin"]] = store(item).article_id
    return ids


@pytest.fixture(scope="module")
def _stored_articles(django_db_setup, django_db_blocker):
    """The fixture articles, stored once for a whole test module and rolled back after it."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield store_fixture_articles()
        transaction.set_rollback(True)


@pytest.fixture
def articles(_stored_articles, db) -> dict[str, int]:
    """The stored fixture articles' ids by origin (e.g. ``inews:train-4377``)."""
    return dict(_stored_articles)


def found(q: str, **filters) -> list[int]:
    """Ids of the first page of hits for ``q``."""
    from zixun.search import SearchRequest, search

    return [hit.article.pk for hit in search(SearchRequest(q=q, **filters)).hits]
