"""`store_many`: a batch in one transaction behaves exactly like one `store()` per article."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from zixun.articles.ingest import Outcome, store, store_many
from zixun.articles.models import Article, Tag
from zixun.extract.draft import ArticleDraft
from zixun.search.backends import backend
from zixun.search.index import document_for

SHANGHAI = ZoneInfo("Asia/Shanghai")
BODIES = [
    "国务院常务会议部署进一步做好秋粮收购工作，要求各地加强组织协调，确保农民售粮顺畅。",
    "我国成功发射一颗新的通信卫星，卫星顺利进入预定轨道，发射任务取得圆满成功。",
    "全国铁路国庆假期累计发送旅客超过一亿人次，各地铁路部门加开列车保障出行。",
]


def item(n: int, **fields) -> ArticleDraft:
    values = {
        "title": f"新闻标题{n}", "body_html": f"<p>{BODIES[n % 3]}</p>", "body_text": BODIES[n % 3],
        "guid": f"test:{n}", "original_url": f"https://news.example.cn/{n}.html", "source": "央视网",
        "channel": "时政", "tags": ["秋粮", "收购"],
        "published_at": datetime(2025, 10, 1, 19, n, tzinfo=SHANGHAI),
    }
    return ArticleDraft(**{**values, **fields})


def outcomes(results) -> list[str]:
    return [r.outcome.value for r in results]


@pytest.mark.django_db
def test_repeats_within_one_batch_are_matched_as_if_they_came_one_by_one():
    changed = item(0, body_text=BODIES[0] + "收购进度过半。", body_html="<p>新</p>")
    results = store_many([
        item(0),
        item(0),                                  # the same again: unchanged
        changed,                                  # same GUID, new text: updated
        item(1, guid="other:1", original_url=""),          # a copy of item 1 under another GUID, first
        item(1),                                  # the same text: a copy, not a new article
        item(2, title="  "),                      # no title
    ])
    assert outcomes(results) == ["created", "unchanged", "updated", "created", "unchanged",
                                 "skipped"]
    assert Article.objects.count() == 2
    assert Article.objects.get(guid="test:0").body_text == changed.body_text
    assert results[4].article_id == results[3].article_id


@pytest.mark.django_db
def test_a_batch_finds_articles_stored_before_it_and_respects_tombstones():
    first = store(item(0))
    gone = store(item(1))
    Article.objects.get(pk=gone.article_id).delete()
    results = store_many([item(0, guid="", original_url=item(0).original_url), item(1, guid="new:1", original_url=""),
                          item(2)])
    assert outcomes(results) == ["unchanged", "skipped", "created"]
    assert results[0].article_id == first.article_id
    assert not Article.objects.filter(guid="new:1").exists()


@pytest.mark.django_db
def test_one_failing_article_rolls_back_alone_and_the_rest_of_the_batch_is_kept():
    # A stage bug: a datetime in the byline cannot be written as JSON.
    broken = item(1, byline={"published": datetime(2025, 10, 1, tzinfo=SHANGHAI)})
    results = store_many([item(0), broken, item(2)])
    assert outcomes(results) == ["created", "failed", "created"]
    assert "not JSON serializable" in results[1].reason
    assert set(Article.objects.values_list("guid", flat=True)) == {"test:0", "test:2"}
    assert Article.tags.through.objects.count() == 4  # two tags each, none left by the failure


@pytest.mark.django_db
def test_an_article_whose_later_stage_fails_leaves_no_row_tag_link_or_story_key(monkeypatch):
    # The failure comes after the second article's INSERT, its tag links and its story keys.
    from zixun.dedup import stories
    from zixun.dedup.models import ArticleKeys

    real, calls = stories._replace_keys, []

    def failing_after_the_second_write(*args, **kwargs):
        found = real(*args, **kwargs)
        calls.append(args[0])
        if len(calls) == 2:
            raise RuntimeError("story index unavailable")
        return found

    monkeypatch.setattr(stories, "_replace_keys", failing_after_the_second_write)
    long_bodies = {n: "。".join([BODIES[n % 3]] * 4) for n in range(3)}
    results = store_many([item(n, body_text=long_bodies[n]) for n in range(3)])
    assert outcomes(results) == ["created", "failed", "created"]
    assert "story index unavailable" in results[1].reason
    kept = set(Article.objects.values_list("pk", flat=True))
    assert kept == {results[0].article_id, results[2].article_id}
    assert set(Article.tags.through.objects.values_list("article_id", flat=True)) == kept
    assert set(ArticleKeys.objects.values_list("article_id", flat=True)) == kept
    # The batch went on after the failure, and each kept article is in the search index.
    with connection.cursor() as cursor:
        for pk in kept:
            article = Article.objects.get(pk=pk)
            assert backend().stored_digest(cursor, pk) == document_for(article).digest


@pytest.mark.django_db(transaction=True)
def test_a_batch_that_cannot_commit_is_stored_again_one_article_at_a_time():
    # A feed deleted while its items were being imported: the foreign key is only checked at
    # commit, so the batch fails as a whole and each article is then tried on its own.
    results = store_many([item(0), item(1, feed_id=987654), item(2)])
    assert outcomes(results) == ["created", "failed", "created"]
    assert "保存出错" in results[1].reason
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_new_tags_are_created_once_for_the_batch_and_shared():
    results = store_many([item(0, tags=["秋粮", "AI"]), item(1, tags=["ai", "秋粮", "卫星"])])
    assert outcomes(results) == ["created", "created"]
    tags = dict(Tag.objects.values_list("name", "slug"))
    assert set(tags) == {"秋粮", "AI", "ai", "卫星"}
    assert len(set(tags.values())) == 4  # "AI" and "ai" slugify alike; each has its own slug
    second = Article.objects.get(guid="test:1")
    assert sorted(second.tags.values_list("name", flat=True)) == ["ai", "卫星", "秋粮"]


@pytest.mark.django_db
def test_an_unchanged_reimport_creates_no_tags_an_editor_removed():
    store_many([item(0, tags=["秋粮", "旧标签"])])
    Tag.objects.filter(name="旧标签").delete()
    assert outcomes(store_many([item(0, tags=["秋粮", "旧标签"])])) == ["unchanged"]
    assert not Tag.objects.filter(name="旧标签").exists()


@pytest.mark.django_db
def test_each_stored_article_is_searchable_with_its_tags():
    results = store_many([item(0, tags=["秋粮收购"]), item(1, tags=["通信卫星"])])
    with connection.cursor() as cursor:
        for result in results:
            article = Article.objects.get(pk=result.article_id)
            stored = backend().stored_digest(cursor, article.pk)
            assert stored == document_for(article).digest  # written after its tags, not before


@pytest.mark.django_db
def test_copies_in_one_batch_join_one_story():
    body = "。".join(f"第{n}条：{BODIES[n % 3]}" for n in range(6))
    copies = [item(n, body_text=body + "（转载）" * n, title=f"同一新闻{n}") for n in range(3)]
    results = store_many(copies)
    assert outcomes(results) == ["created"] * 3
    stories = set(Article.objects.values_list("story_id", flat=True))
    assert len(stories) == 1 and None not in stories


@pytest.mark.django_db
def test_store_of_one_article_raises_what_went_wrong():
    with pytest.raises(TypeError):
        store(item(1, byline={"published": datetime(2025, 10, 1, tzinfo=SHANGHAI)}))
    assert store(item(1)).outcome == Outcome.CREATED


@pytest.mark.django_db
def test_a_deleted_articles_address_does_not_block_a_new_article_whose_guid_it_is():
    gone = store(item(0))
    Article.objects.get(pk=gone.article_id).delete()
    # A feed whose GUIDs are addresses, carrying another story under that address as its GUID.
    reused = item(1, guid=item(0).original_url, original_url="https://news.example.cn/new.html")
    assert outcomes(store_many([item(0, guid="again:0"), reused])) == ["skipped", "created"]
