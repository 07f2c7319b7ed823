"""A word found in thousands of articles is ranked among a few hundred candidates (the best by
text score and the newest); readers still reach every match, page by page, and the count is exact.

Seven fixture articles are too few to cross the real threshold, so the tests lower it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from zixun.search import SearchRequest, query, search

pytestmark = pytest.mark.django_db

QUERIES = ["长江", "长江 -活力", "发展", "新", "中国", "习近平", "教育", "创新 发展", "文化 -教育",
           "长江沿线", "长江沿线 -多云", "习近平 -教育"]


@pytest.fixture
def diluted(articles) -> dict[str, int]:
    """The fixture articles among 30 weather reports, a third of which mention 长江, so that
    BM25 sees words as rare enough to score (a word in half of seven articles scores zero)."""
    from zixun.articles.models import Article

    for day in range(1, 31):
        fog = "长江沿线有雾。" if day % 3 == 0 else ""
        Article.objects.create(
            title=f"本市天气预报 11月{day}日", body_text=f"晴转多云。{fog}",
            published_at=datetime(2020, 11, day, 8, tzinfo=UTC),
        )
    return articles


@pytest.fixture
def bounded(monkeypatch) -> list[bool]:
    """Thresholds so low that every query takes the bounded path; records when it answered."""
    monkeypatch.setattr(query, "RANK_ALL_BELOW", 0)
    monkeypatch.setattr(query, "CANDIDATES", 2)
    answered: list[bool] = []
    real = query._run_bounded

    def spy(*args, **kwargs):
        rows = real(*args, **kwargs)
        answered.append(rows is not None)
        return rows

    monkeypatch.setattr(query, "_run_bounded", spy)
    return answered


def _all_pages(q: str, per_page: int) -> tuple[int, list[int]]:
    first = search(SearchRequest(q=q, per_page=per_page))
    ids = [h.article.pk for h in first.hits]
    for page in range(2, first.num_pages + 1):
        ids += [h.article.pk for h in search(SearchRequest(q=q, per_page=per_page, page=page)).hits]
    return first.total, ids


def _ranked_in_full(monkeypatch, q: str, per_page: int) -> tuple[int, list[int]]:
    with monkeypatch.context() as patch:
        patch.setattr(query, "RANK_ALL_BELOW", 10**9)
        return _all_pages(q, per_page)


@pytest.mark.parametrize("q", QUERIES)
def test_common_word_pages_reach_every_match_once_with_the_exact_total(
    diluted, monkeypatch, bounded, q
):
    total, ids = _ranked_in_full(monkeypatch, q, per_page=2)
    bounded_total, bounded_ids = _all_pages(q, per_page=2)
    assert bounded_total == total == len(ids)
    assert sorted(bounded_ids) == sorted(ids)


def test_bounded_ranking_serves_every_page_of_a_common_word(diluted, bounded):
    total, ids = _all_pages("长江", per_page=2)
    assert total == 11 and len(set(ids)) == 11
    assert len(bounded) == 6 and all(bounded)


def test_body_only_matches_of_a_common_word_are_counted_and_shown(diluted, bounded):
    page = search(SearchRequest(q="发展"))
    assert page.total == 4 and len(page.hits) == 4


def test_title_match_stays_first_among_common_word_matches(diluted, monkeypatch, bounded):
    _, full = _ranked_in_full(monkeypatch, "长江", per_page=20)
    assert [h.article.pk for h in search(SearchRequest(q="长江", per_page=3)).hits][0] == full[0]
    assert full[0] == diluted["xinwenlianbo:20220924-00"]


def test_time_order_is_exact_for_common_words(diluted, monkeypatch, bounded):
    with monkeypatch.context() as patch:
        patch.setattr(query, "RANK_ALL_BELOW", 10**9)
        expected = [h.article.pk for h in search(SearchRequest(q="长江", sort="time")).hits]
    assert [h.article.pk for h in search(SearchRequest(q="长江", sort="time")).hits] == expected


def test_hidden_articles_and_repost_copies_are_not_counted_for_common_words(
    diluted, monkeypatch, bounded
):
    from zixun.articles.models import Article, Story

    reports = list(Article.objects.filter(body_text__contains="长江").order_by("id"))
    Article.objects.filter(pk=reports[0].pk).update(status=Article.Status.HIDDEN)
    story = Story.objects.create(original=reports[1])
    Article.objects.filter(pk__in=[r.pk for r in reports[1:4]]).update(story=story)
    total, ids = _ranked_in_full(monkeypatch, "长江", per_page=2)
    bounded.clear()
    bounded_total, bounded_ids = _all_pages("长江", per_page=2)
    assert bounded_total == total == len(ids) == 11 - 1 - 2
    # Each story once; which copy stands for it may differ, as only candidates are compared.
    assert sorted(_stories(bounded_ids)) == sorted(_stories(ids)) and all(bounded)
    for sort in ("relevance", "time"):
        assert search(SearchRequest(q="长江", sort=sort)).total == total


def _stories(ids: list[int]) -> list[int]:
    from zixun.articles.models import Article

    story_of = dict(Article.objects.filter(pk__in=ids).values_list("pk", "story_id"))
    return [story_of[i] or -i for i in ids]


def test_on_a_big_site_a_long_querys_partial_matches_are_those_with_its_rarest_words(
    diluted, monkeypatch
):
    from tests.search.conftest import found

    q = "龙门架 天气 预报 多云"  # no article has them all; 龙门架 is in one, the rest in 30
    with monkeypatch.context() as patch:
        patch.setattr(query, "RARE_WORDS_IN", 10**9)
        everything = found(q, per_page=50)
    assert diluted["inews:train-4377"] in everything and len(everything) > 30
    # A site where the common words are in more articles than are ranked at once: only the
    # articles with the rare word are listed, not every weather report.
    monkeypatch.setattr(query, "RARE_WORDS_IN", 4)
    assert found(q) == [diluted["inews:train-4377"]]


@pytest.mark.parametrize("filters", [{}, {"since": "2020-11-01", "until": "2020-11-15"}])
@pytest.mark.parametrize("q", ["长江", "长江沿线"])
def test_a_search_with_more_matches_than_are_counted_shows_an_estimate_and_every_page(
    diluted, monkeypatch, bounded, q, filters
):
    """Counting every match costs a visit to each one on PostgreSQL, so past a few matches its
    count is the index's estimate, shown as 约 N; the pages still list every match once."""
    from datetime import date

    from zixun.search import backends

    params = {k: date.fromisoformat(v) for k, v in filters.items()}
    exact = search(SearchRequest(q=q, per_page=50, **params))
    monkeypatch.setattr(backends, "COUNT_AT_MOST", 2)
    page = search(SearchRequest(q=q, per_page=50, **params))
    assert sorted(h.article.pk for h in page.hits) == sorted(h.article.pk for h in exact.hits)
    assert len(exact.hits) == exact.total > 2 and not exact.total_is_estimate
    # The index's count includes entries no longer live until they are vacuumed (here, those of
    # earlier tests, rolled back): an estimate is never below the exact count.
    assert page.total >= exact.total if page.total_is_estimate else page.total == exact.total
    from django.db import connection

    assert page.total_is_estimate == (connection.vendor == "postgresql")
