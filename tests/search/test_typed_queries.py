"""Search finds what readers type: pieces of headlines, questions, and queries as typed."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.search.conftest import found
from tests.web.pages import parse, texts
from zixun.articles.models import Article
from zixun.search import SearchRequest, search

pytestmark = pytest.mark.django_db

INEWS = "inews:train-4377"  # 大风吹倒东莞工地龙门架砸中工棚 18死33伤
IPOD = "thucnews:thuc-540"  # 3.5英寸显示屏32GB iPod touch3售2200
IPHONE = "thucnews:thuc-642"  # 苹果评出2009年度十大畅销iPhone游戏
EDUCATION = "xinwenlianbo:20250601-00"  # 《求是》杂志发表习近平总书记重要文章《加快建设教育强国》


@pytest.mark.parametrize("piece", ["莞工", "工地龙门", "倒东莞工地", "砸中工棚"])
def test_a_piece_of_a_headline_that_cuts_across_words_finds_it(articles, piece):
    assert found(piece)[0] == articles[INEWS]


def test_a_piece_of_the_body_that_cuts_across_words_finds_it(articles):
    assert articles[INEWS] in found("友赶过来")


def test_three_latin_letters_inside_a_word_find_it(articles):
    ids = found("pho")
    assert articles[IPHONE] in ids and all("pho" in _text(i).lower() for i in ids)
    assert found("POD TOU")[0] == articles[IPOD]


def test_two_headline_fragments_find_the_article(articles):
    assert found("东莞工地 砸中工棚") == [articles[INEWS]]


def test_a_question_whose_words_do_not_all_occur_still_gets_ranked_results(articles):
    ids = found("东莞的龙门架为什么会被大风吹倒砸中工棚呢")
    assert ids and ids[0] == articles[INEWS]


def test_results_that_match_every_word_come_before_those_that_match_some(articles):
    ids = found("习近平 教育 强国 长江")
    assert len(ids) >= 3
    every = [i for i in ids if all(w in _text(i) for w in ("习近平", "教育", "强国", "长江"))]
    assert ids[: len(every)] == every and articles[EDUCATION] in ids


def test_two_words_that_never_occur_together_give_the_articles_with_either(articles):
    assert set(found("龙门架 iPod")) == {articles[INEWS], articles[IPOD]}


def test_filters_apply_to_partial_matches_too(articles):
    assert found("龙门架 iPod", channel="科技") == [articles[IPOD]]


def test_a_query_that_finds_nothing_suggests_it_without_its_rarest_piece(articles):
    page = search(SearchRequest(q='"龙门架" 鑫龘靐'))
    assert not page.hits and page.suggestion == '"龙门架"'
    assert found(page.suggestion) == [articles[INEWS]]


def test_no_suggestion_when_the_rest_finds_nothing_either(articles):
    assert search(SearchRequest(q="鑫龘靐 齉龘")).suggestion == ""


def test_the_search_page_links_the_suggestion(client, articles):
    root = parse(client.get("/search?q=" + quote('"龙门架" 鑫龘靐')))
    assert texts(root, '//*[@class="search-suggestion"]//a') == ['"龙门架"']


def test_full_width_query_finds_half_width_text_and_marks_it_as_written(articles):
    hit = search(SearchRequest(q="ｉＰＨＯＮＥ")).hits[0]
    assert hit.article.pk == articles[IPHONE] and "<mark>iPhone</mark>" in hit.title_html


def test_half_width_query_finds_full_width_text_and_marks_it_as_written(articles):
    article = Article.objects.create(title="ＧＤＰ同比增长５％", body_text="统计局发布数据。")
    hit = search(SearchRequest(q="gdp 5%")).hits[0]
    assert hit.article.pk == article.pk and "<mark>ＧＤＰ</mark>" in hit.title_html


def test_traditional_piece_finds_simplified_text_and_marks_the_piece(articles):
    hit = search(SearchRequest(q="東莞工地")).hits[0]
    assert hit.article.pk == articles[INEWS] and "<mark>东莞工地</mark>" in hit.title_html


def test_simplified_piece_in_traditional_text_is_marked_as_written(articles):
    article = Article.objects.create(title="颱風登陸臺灣東部", body_text="氣象部門發佈預警。")
    hit = search(SearchRequest(q="登陆台湾")).hits[0]
    assert hit.article.pk == article.pk and "<mark>登陸臺灣</mark>" in hit.title_html


def test_the_highlight_marks_the_piece_typed_not_only_whole_words(articles):
    hit = search(SearchRequest(q="工地龙门")).hits[0]
    assert "<mark>工地龙门</mark>" in hit.title_html


def test_a_quoted_phrase_must_occur_in_every_result_even_in_a_long_query(articles):
    assert found('"龙门架" 东莞 习近平 教育 强国') == [articles[INEWS]]


def test_an_excluded_piece_removes_articles_from_every_tier(articles):
    ids = found("习近平 教育 强国 长江 -求是")
    assert ids and articles[EDUCATION] not in ids


def _text(article_id: int) -> str:
    article = Article.objects.get(pk=article_id)
    return article.title + article.body_text


def test_a_repost_that_matches_is_shown_as_its_stories_original(articles):
    from zixun.articles.models import Story

    original = Article.objects.get(pk=articles[INEWS])
    repost = Article.objects.create(title="转载：" + original.title + " 记者追问龙门架安全",
                                    body_text=original.body_text)
    story = Story.objects.create(original=original)
    Article.objects.filter(pk__in=[original.pk, repost.pk]).update(story=story)
    page = search(SearchRequest(q="记者追问龙门架"))
    assert [hit.article.pk for hit in page.hits] == [original.pk]
