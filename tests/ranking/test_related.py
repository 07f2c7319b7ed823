"""相关内容: articles about the same thing first, never the same story, never an empty block."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from zixun.articles.models import Article, Channel, Story
from zixun.ranking.models import RelatedList
from zixun.ranking.related import compute_related, refresh_pending, related_articles

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def make(title: str, keywords: list[str], hours_ago: int = 1, **fields) -> Article:
    return Article.objects.create(
        title=title, body_text=title + "。" + "，".join(keywords) + "。", keywords=keywords,
        published_at=NOW - timedelta(hours=hours_ago), **fields,
    )


@pytest.fixture
def newsroom():
    """A rocket launch story, two related launches, and unrelated news newer than all of them."""
    base = make("长征五号火箭发射成功", ["火箭", "发射", "长征五号", "航天", "卫星"], hours_ago=5)
    launch = make("天舟货运飞船发射 火箭表现稳定", ["火箭", "发射", "天舟", "航天"], hours_ago=30)
    satellite = make("新一代卫星组网完成", ["卫星", "航天", "组网"], hours_ago=20)
    noise = [make(f"菜价平稳第{n}天", ["蔬菜", "价格", "市场"], hours_ago=n) for n in range(1, 8)]
    return base, launch, satellite, noise


def ids(related) -> list[int]:
    return [r.article.pk for r in related]


def test_articles_sharing_keywords_come_before_newer_unrelated_ones(newsroom):
    base, launch, satellite, _ = newsroom
    related = compute_related(base, use_search=False)
    assert ids(related)[:2] == [launch.pk, satellite.pk]
    assert [r.reason for r in related[:2]] == ["keywords", "keywords"]


def test_search_more_like_this_finds_the_same_articles_when_indexed(newsroom):
    base, launch, satellite, _ = newsroom
    from zixun.search.index import rebuild

    rebuild()
    assert set(ids(compute_related(base))[:2]) == {launch.pk, satellite.pk}


def test_copies_of_the_same_story_are_never_related(newsroom):
    base, launch, *_ = newsroom
    story = Story.objects.create()
    Article.objects.filter(pk__in=[base.pk, launch.pk]).update(story=story)
    story.original_id = launch.pk
    story.save()
    base.refresh_from_db()
    assert launch.pk not in ids(compute_related(base, use_search=False))


def test_block_is_filled_from_the_channel_then_the_newest_when_nothing_matches(newsroom):
    culture = Channel.objects.create(name="文化", slug="culture")
    museum = make("博物馆夜场开放", ["博物馆"], hours_ago=40, channel=culture)
    lone = make("古琴演奏会", ["古琴"], channel=culture)
    related = compute_related(lone, use_search=False)
    assert len(related) >= 5
    assert related[0].article == museum and related[0].reason == "channel"
    assert {r.reason for r in related[1:]} == {"recent"}


def test_a_page_shows_the_newest_articles_until_the_worker_has_computed_the_list(newsroom):
    base, launch, *_ = newsroom
    before = related_articles(base)
    assert len(before) >= 5 and launch not in before, "nothing is computed on a reader's request"
    assert refresh_pending() >= 1
    assert launch in related_articles(base)


def test_a_changed_article_gets_its_list_computed_again_by_the_worker(newsroom):
    base, launch, *_ = newsroom
    refresh_pending()
    base.title, base.body_text = "菜价继续平稳", "蔬菜价格平稳，市场供应充足。"
    base.keywords = ["蔬菜", "价格", "市场"]
    base.save()
    assert RelatedList.objects.get(pk=base.pk).pending
    assert launch in related_articles(base), "the stored list serves until it is recomputed"
    refresh_pending()
    again = related_articles(base)
    assert again[0].title.startswith("菜价平稳") and launch not in again


def test_a_hidden_article_leaves_every_stored_list_at_once(newsroom):
    base, launch, *_ = newsroom
    refresh_pending()
    Article.objects.filter(pk=launch.pk).update(status=Article.Status.HIDDEN)
    assert launch not in related_articles(base)
    assert len(related_articles(base)) >= 5


def test_storing_articles_marks_their_lists_due_in_one_batch(db):
    from zixun.articles.ingest import store_many
    from zixun.extract.draft import ArticleDraft

    drafts = [ArticleDraft(title=f"第{n}条", body_text=f"第{n}条新闻的正文。", guid=f"g{n}")
              for n in range(3)]
    results = store_many(drafts)
    due = set(RelatedList.objects.filter(pending=True).values_list("article_id", flat=True))
    assert due == {r.article_id for r in results}


def test_related_command_prints_json_with_scores(newsroom):
    base, launch, *_ = newsroom
    out = io.StringIO()
    call_command("related", str(base.pk), "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert 5 <= len(rows) <= 10
    assert {"id", "title", "url", "score", "reason"} <= set(rows[0])
    assert launch.pk in [row["id"] for row in rows[:2]]


def test_related_command_says_when_the_article_does_not_exist(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="不存在"):
        call_command("related", "424242")


def test_daily_roll_ups_under_one_title_appear_once(newsroom):
    base = newsroom[0]
    for day in range(4):
        make("国际联播快讯", ["火箭", "发射", "航天"], hours_ago=2 + 24 * day)
    titles = [r.article.title for r in compute_related(base, use_search=False)]
    assert titles.count("国际联播快讯") == 1
    assert len(titles) >= 5


def test_related_due_computes_every_due_list_now(newsroom):
    base, launch, *_ = newsroom
    out = io.StringIO()
    call_command("related", "--due", stdout=out)
    assert "lists computed" in out.getvalue()
    assert not RelatedList.objects.filter(pending=True).exists()
    assert launch in related_articles(base)
