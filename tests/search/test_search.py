"""Search finds what readers type: words inside words, phrases, exclusions, filters, order."""

from __future__ import annotations

from datetime import date

import pytest

from tests.search.conftest import found
from zixun.articles.models import Article, Story
from zixun.search import SearchRequest, search

pytestmark = pytest.mark.django_db

INEWS = "inews:train-4377"
IPHONE = "thucnews:thuc-642"
IPOD = "thucnews:thuc-540"
EDUCATION = "xinwenlianbo:20250601-00"
SPEECH = "xinwenlianbo:20230315-01"


def test_word_inside_a_longer_word_is_found(articles):
    assert found("简单") == [articles[INEWS]]


def test_latin_words_match_whatever_their_case(articles):
    assert found("IPHONE") == found("iphone") == found("iPhone")
    assert found("IPHONE")[0] == articles[IPHONE]
    assert found("ipod TOUCH") == [articles[IPOD]]


def test_quoted_phrase_needs_the_words_side_by_side(articles):
    assert found("板房 环保") == [articles[INEWS]]
    assert found('"安装简单"') == [articles[INEWS]]
    assert found('"板房环保"') == []


def test_minus_word_excludes_articles_that_contain_it(articles):
    both = found("习近平")
    assert {articles[EDUCATION], articles[SPEECH]} <= set(both)
    without = found("习近平 -教育")
    assert articles[EDUCATION] not in without and articles[SPEECH] in without


def test_channel_filter_keeps_only_that_channel(articles):
    assert set(found("iphone", channel="科技")) == {articles[IPHONE], articles[IPOD]}
    assert found("iphone", channel="时政") == []
    assert found("习近平", channel="科技") == []


def test_unknown_channel_says_so_instead_of_searching_everything(articles):
    page = search(SearchRequest(q="习近平", channel="不存在"))
    assert not page.hits and "不存在" in page.message


def test_date_range_includes_both_end_days(articles):
    assert found("习近平", since=date(2025, 6, 1), until=date(2025, 6, 1)) == [articles[EDUCATION]]
    assert articles[EDUCATION] not in found("习近平", until=date(2025, 5, 31))


def test_sort_by_time_puts_the_newest_first(articles):
    ids = found("新", sort="time")
    dates = [Article.objects.get(pk=i).published_at for i in ids]
    assert len(ids) >= 3 and dates == sorted(dates, reverse=True)


def test_title_match_ranks_above_a_body_match(articles):
    ids = found("教育")
    assert ids[0] == articles[EDUCATION]


def test_highlights_mark_the_query_words_in_title_and_snippet(articles):
    hit = search(SearchRequest(q="安装简单 板房")).hits[0]
    assert "<mark>安装简单</mark>" in hit.snippet_html and "<mark>板房</mark>" in hit.snippet_html
    iphone = search(SearchRequest(q="iphone")).hits[0]
    assert "<mark>iPhone</mark>" in iphone.title_html


def test_copies_of_one_story_give_one_result(articles):
    original = Article.objects.get(pk=articles[INEWS])
    copy = Article.objects.create(title=original.title + "（转载）", body_text=original.body_text)
    story = Story.objects.create(original=original)
    Article.objects.filter(pk__in=[original.pk, copy.pk]).update(story=story)
    page = search(SearchRequest(q="安装简单"))
    assert page.total == 1 and len(page.hits) == 1


def test_hidden_and_scheduled_articles_are_not_found(articles):
    article = Article.objects.get(pk=articles[INEWS])
    article.status = Article.Status.HIDDEN
    article.save()
    assert found("安装简单") == []
    Article.objects.filter(pk=article.pk).update(status=Article.Status.SCHEDULED)
    assert found("安装简单") == []


def test_editing_the_title_changes_what_finds_it(articles):
    article = Article.objects.get(pk=articles[IPOD])
    assert found('"显示屏32GB"') == [article.pk]
    article.title = "平板电脑降价促销"
    article.save()
    assert found("平板电脑 降价") == [article.pk]
    assert found('"显示屏32GB"') == []


def test_tag_added_by_an_editor_is_searchable(articles):
    from zixun.articles.models import Tag

    tag = Tag.objects.create(name="数码评测", slug="shuma")
    Article.objects.get(pk=articles[IPOD]).tags.add(tag)
    assert found("数码评测") == [articles[IPOD]]


def test_deleted_article_leaves_the_index(articles):
    from django.db import connection

    from zixun.search.backends import backend

    Article.objects.get(pk=articles[INEWS]).delete()
    with connection.cursor() as cursor:
        assert backend().stored_digest(cursor, articles[INEWS]) is None
    assert found("安装简单") == []


@pytest.mark.parametrize(
    "raw", ['"', '"中国', "NEAR(习近平", "习近平 OR AND", "title:习近平", "*", "习近平^", "'--",
            "a" * 500, "-", '-"', "（）【】"],
)
def test_search_syntax_from_readers_never_raises(articles, raw):
    page = search(SearchRequest(q=raw))
    assert page.total >= 0


def test_pages_continue_without_repeating_hits(articles):
    first = search(SearchRequest(q="新", per_page=2))
    second = search(SearchRequest(q="新", per_page=2, page=2))
    assert first.total >= 4 and len(second.hits) == 2
    assert not {h.article.pk for h in first.hits} & {h.article.pk for h in second.hits}


def test_more_like_this_excludes_the_articles_own_story(articles):
    from zixun.search import more_like_this

    article = Article.objects.get(pk=articles[EDUCATION])
    story = Story.objects.create(original=article)
    Article.objects.filter(pk=article.pk).update(story=story)
    ids = more_like_this(["习近平", "教育"], exclude_story_ids=[story.pk], limit=5)
    assert articles[SPEECH] in ids and article.pk not in ids


def test_rebuild_brings_back_a_lost_index(articles):
    from django.db import connection

    from zixun.search.backends import backend
    from zixun.search.index import rebuild

    with connection.cursor() as cursor:
        backend().clear(cursor)
    assert found("安装简单") == []
    assert rebuild() == len(articles)
    assert found("安装简单") == [articles[INEWS]]


def test_traditional_query_finds_simplified_articles_and_marks_them(articles):
    assert found("習近平") == found("习近平") != []
    hit = search(SearchRequest(q="習近平 教育")).hits[0]
    assert hit.article.pk == articles[EDUCATION] and "<mark>习近平</mark>" in hit.title_html


def test_simplified_query_finds_an_article_written_in_traditional_characters(articles):
    article = Article.objects.create(title="國際新聞：颱風登陸臺灣", body_text="氣象部門發佈預警。")
    assert article.pk in found("台风")
    assert found('"台风登陆台湾"') == [article.pk]
    assert "<mark>國際</mark>" in search(SearchRequest(q="国际")).hits[0].title_html


def test_search_still_answers_when_the_speed_index_was_dropped(articles):
    from django.db import connection

    from zixun.search.backends import SHOWN_INDEX

    if connection.vendor != "sqlite":
        pytest.skip("only SQLite names the index in its queries")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {SHOWN_INDEX}")
    assert found("简单") == [articles[INEWS]]


@pytest.mark.django_db(transaction=True)
def test_a_readers_search_takes_no_write_lock():
    """On SQLite a transaction begins IMMEDIATE and holds the write lock: a search must not open
    one, or every search waits behind every writer (the view counter, the worker)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zixun.articles.ingest import store
    from zixun.extract.draft import ArticleDraft

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's reads take no write lock; a search there reads in one snapshot")
    store(ArticleDraft(title="锁与搜索", body_text="读者的搜索不应等待写入者。", guid="lock"))
    with CaptureQueriesContext(connection) as queries:
        assert search(SearchRequest(q="搜索")).hits
    assert not [q["sql"] for q in queries.captured_queries if q["sql"].upper().startswith("BEGIN")]


def test_a_word_typed_whole_does_not_list_articles_with_only_a_part_of_it(articles):
    """自行车 is cut into 自行, 行车 and 自行车: those parts are not words the reader typed, so
    an article that only says 行车 is no answer while one that says 自行车 is found."""
    from zixun.articles.ingest import store
    from zixun.extract.draft import ArticleDraft

    bike = store(ArticleDraft(title="城市自行车道延长", body_text="新建的自行车道贯通全城。",
                              guid="bike")).article_id
    store(ArticleDraft(title="雨天行车注意安全", body_text="雨天路滑，行车请减速。", guid="drive"))
    assert found("自行车") == [bike]
