"""Several workers share due feeds: atomic claims with leases, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from zixun.sources import queue
from zixun.sources.models import Feed, Source


def make_feeds(count: int, hosts: int = 0) -> list[int]:
    """Due feeds, each on a host of its own (or spread over ``hosts`` hosts)."""
    source = Source.objects.get_or_create(name="并发测试", slug="claims")[0]
    past = timezone.now() - timedelta(minutes=1)
    return [Feed.objects.create(url=f"http://h{n % (hosts or count)}.feeds.test/{n}",
                                source=source, next_check_at=past).pk
            for n in range(count)]


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_never_claim_the_same_feed():
    ids = make_feeds(40)
    taken: dict[str, list[int]] = {}
    start, first_claims_held = threading.Barrier(4), threading.Barrier(4, timeout=30)

    def work(name: str) -> None:
        start.wait()
        mine: list[int] = []
        try:
            # Each worker holds its first claim until all four have one: a claimed feed must
            # not be handed out again, and with 40 due feeds nobody may come away empty. (Left
            # to race freely, one thread could legitimately drain the queue alone.)
            mine += [c.feed_id for c in queue.claim_feeds(3, worker=name)]
            first_claims_held.wait()
            while claims := queue.claim_feeds(3, worker=name):
                mine += [c.feed_id for c in claims]
        finally:
            taken[name] = mine
            connection.close()

    threads = [threading.Thread(target=work, args=(f"w{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    claimed = [feed_id for mine in taken.values() for feed_id in mine]
    assert sorted(claimed) == sorted(ids), "every due feed claimed exactly once"
    assert all(taken.values()) and len(taken) == 4, "every worker got a share of the work"


@pytest.mark.django_db
def test_a_feed_is_not_due_again_until_its_lease_expires():
    [feed_id] = make_feeds(1)
    [claim] = queue.claim_feeds(5, lease=timedelta(minutes=5))
    assert queue.claim_feeds(5) == []
    Feed.objects.filter(pk=feed_id).update(claimed_until=timezone.now() - timedelta(seconds=1))
    [taken_over] = queue.claim_feeds(5)
    assert taken_over.feed_id == feed_id and taken_over.token != claim.token
    assert not queue.finish_failure(claim, "late"), "a stale claim cannot write over the new one"
    assert queue.finish_success(taken_over)
    feed = Feed.objects.get(pk=feed_id)
    assert feed.last_error == "" and feed.claimed_by == "" and feed.next_check_at > timezone.now()


@pytest.mark.django_db
def test_fetch_now_makes_a_feed_due_at_once():
    [feed_id] = make_feeds(1)
    Feed.objects.filter(pk=feed_id).update(next_check_at=timezone.now() + timedelta(days=1))
    assert queue.claim_feeds(5) == []
    queue.fetch_now([feed_id])
    assert [c.feed_id for c in queue.claim_feeds(5)] == [feed_id]

