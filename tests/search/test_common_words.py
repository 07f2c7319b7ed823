"""A word found in thousands of articles is ranked among the best matches only, when that provably
gives the same page; readers still find every match, and the count is exact."""

from __future__ import annotations

import pytest

from zixun.search import SearchRequest, query, search

pytestmark = pytest.mark.django_db

QUERIES = ["长江", "长江 -活力", "发展", "新", "中国", "习近平", "教育", "创新 发展", "文化 -教育"]


@pytest.fixture
def diluted(articles) -> dict[str, int]:
    """The fixture articles among 30 unrelated ones, so that BM25 sees the words as rarer (a
    word in half of seven articles scores zero)."""
    from zixun.articles.models import Article

    for day in range(1, 31):
        fog = "长江沿线有雾。" if day % 3 == 0 else ""
        Article.objects.create(title=f"本市天气预报 11月{day}日", body_text=f"晴转多云。{fog}")
    return articles


def _pages(q: str, per_page: int) -> tuple[int, list[int]]:
    first = search(SearchRequest(q=q, per_page=per_page))
    ids = [h.article.pk for h in first.hits]
    for page in range(2, first.num_pages + 1):
        ids += [h.article.pk for h in search(SearchRequest(q=q, per_page=per_page, page=page)).hits]
    return first.total, ids


@pytest.mark.parametrize("per_page", [1, 2])
def test_common_words_give_every_match_in_the_same_order_and_count(
    diluted, monkeypatch, per_page
):
    with monkeypatch.context() as patch:
        patch.setattr(query, "RANK_ALL_BELOW", 10**9)
        expected = {q: _pages(q, per_page) for q in QUERIES}
    answered = _bounded(monkeypatch)
    assert {q: _pages(q, per_page) for q in QUERIES} == expected
    assert any(answered), "the bounded ranking never answered, so this test proved nothing"
    assert expected["发展"][0] == 4  # only in bodies: a headline-only shortcut would lose them


def test_body_only_matches_of_a_common_word_are_found(diluted, monkeypatch):
    _bounded(monkeypatch)
    page = search(SearchRequest(q="发展"))
    assert page.total == 4 and len(page.hits) == 4


def _bounded(monkeypatch) -> list[bool]:
    """Thresholds so low that seven articles take the bounded path; record when it answered."""
    monkeypatch.setattr(query, "RANK_ALL_BELOW", 0)
    monkeypatch.setattr(query, "CANDIDATES", 1)
    monkeypatch.setattr(query, "CANDIDATES_PER_HIT", 1)
    answered: list[bool] = []
    real = query._run_bounded

    def spy(*args, **kwargs):
        rows = real(*args, **kwargs)
        answered.append(rows is not None)
        return rows

    monkeypatch.setattr(query, "_run_bounded", spy)
    return answered
