"""How text becomes index tokens and how a reader's query is understood (no database)."""

from __future__ import annotations

import pytest

from zixun.search.analysis import AnyOf, Seq, index_tokens, parse_query, word_expr


def test_two_character_word_inside_a_longer_word_is_indexed():
    tokens = index_tokens("这种板房安装简单，材料环保")
    assert "简单" in tokens and "安装简单" in tokens


def test_longer_query_word_also_matches_as_bigram_phrase_inside_a_longer_word():
    assert word_expr("人民共和国") == AnyOf((Seq(("人民共和国",)), Seq(("人民", "民共", "共和", "和国"))))


def test_latin_words_and_numbers_are_lower_cased_and_split_at_punctuation():
    tokens = index_tokens("苹果 iPhone 15 Pro 与 COVID-19")
    assert {"iphone", "15", "pro", "covid", "19"} <= set(tokens)
    assert not any(t != t.lower() for t in tokens)


def test_full_width_letters_and_digits_match_ascii():
    assert index_tokens("ＧＤＰ增长５％") == index_tokens("GDP增长5%")


def test_quoted_phrase_is_kept_and_minus_word_is_excluded():
    parsed = parse_query('“安装简单” 板房 -龙门架')
    assert parsed.phrases == [("安装简单", "安裝簡單")]
    assert len(parsed.must) == 2 and len(parsed.must_not) == 1
    assert "板房" in parsed.highlights and "龙门架" not in parsed.highlights


def test_hyphen_inside_a_word_is_not_an_exclusion():
    parsed = parse_query("COVID-19")
    assert parsed.must == [Seq(("covid", "19"))] and not parsed.must_not


@pytest.mark.parametrize(
    "raw", ['"', '""', "*", "NEAR(", "a OR", "AND NOT", "title:x", "^中国", "(((", "'; DROP", "中国\""]
)
def test_search_engine_operators_in_a_query_become_plain_words(raw):
    parsed = parse_query(raw)
    for expr in parsed.must + parsed.must_not:
        assert all(t.isalnum() for t in _tokens(expr))


def test_query_of_punctuation_or_only_exclusions_has_nothing_to_match():
    assert parse_query("，。！？").is_empty
    assert parse_query("-广告").is_empty


def _tokens(expr) -> list[str]:
    if isinstance(expr, Seq):
        return list(expr.tokens)
    return [t for part in expr.parts for t in _tokens(part)]


def test_traditional_characters_are_indexed_and_queried_as_simplified():
    assert index_tokens("國際新聞：颱風登陸臺灣") == index_tokens("国际新闻：台风登陆台湾")
    assert parse_query("國際 發展").must == parse_query("国际 发展").must


def test_simplified_text_is_left_as_written():
    # 覆 is both a simplified character (覆盖) and a traditional form of 复; never "fix" it.
    assert "覆盖" in index_tokens("全面覆盖城乡")


def test_highlights_carry_both_scripts_of_each_query_word():
    assert {"国际", "國際"} <= set(parse_query("國際").highlights)
    assert {"国际", "國際"} <= set(parse_query("国际").highlights)
