"""How text becomes index tokens and how a reader's query is understood (no database)."""

from __future__ import annotations

import pytest

from zixun.search.analysis import Seq, content_words, index_tokens, parse_query, piece_expr


def _occurs(piece: str, text: str) -> bool:
    """Whether ``piece``'s phrase of n-grams occurs at consecutive positions of ``text``'s tokens."""
    expr = piece_expr(piece)
    tokens = index_tokens(text)
    n = len(expr.tokens)
    for i in range(len(tokens) - n + 1):
        window = tokens[i : i + n]
        if window[:-1] == expr.tokens[:-1] and (
            window[-1].startswith(expr.tokens[-1]) if expr.prefix else window[-1] == expr.tokens[-1]
        ):
            return True
    return False


@pytest.mark.parametrize("piece", ["签不影响", "签不", "拒签不影响", "影响", "国拒", "他"])
def test_any_piece_of_a_title_is_found_wherever_it_cuts_the_words(piece):
    assert _occurs(piece, "他国拒签不影响中国游客出行")


def test_a_piece_is_not_found_across_punctuation_or_in_the_wrong_order():
    assert not _occurs("安装简单", "这种板房安装，简单环保")
    assert not _occurs("签拒", "他国拒签不影响")


@pytest.mark.parametrize("piece", ["iph", "phone", "iphone 15", "15 pro", "5g"])
def test_three_or_more_latin_letters_and_digits_are_found_inside_a_word(piece):
    assert _occurs(piece, "苹果 iPhone 15 Pro 支持5G网络")


def test_latin_tokens_are_lower_case():
    assert not any(t != t.lower() for t in index_tokens("苹果 iPhone 15 Pro 与 COVID-19"))


def test_full_width_letters_and_digits_match_ascii():
    assert index_tokens("ＧＤＰ增长５％") == index_tokens("GDP增长5%")


def test_traditional_characters_are_indexed_and_queried_as_simplified():
    assert index_tokens("國際新聞：颱風登陸臺灣") == index_tokens("国际新闻：台风登陆台湾")
    assert parse_query("國際 發展").must == parse_query("国际 发展").must


def test_simplified_text_is_left_as_written():
    # 覆 is both a simplified character (覆盖) and a traditional form of 复; never "fix" it.
    assert _occurs("覆盖", "全面覆盖城乡")


def test_index_holds_one_token_per_character():
    text = "他国拒签不影响 iPhone 15"
    assert len(index_tokens(text)) == sum(ch.isalnum() for ch in text)


def test_quoted_phrase_is_required_and_minus_word_is_excluded():
    parsed = parse_query('“安装简单” 板房 -龙门架')
    assert parsed.required == [piece_expr("安装简单")]
    assert len(parsed.must) == 2 and len(parsed.must_not) == 1
    assert "板房" in parsed.highlights and "龙门架" not in parsed.highlights


def test_hyphen_inside_a_word_is_not_an_exclusion():
    parsed = parse_query("COVID-19")
    assert parsed.must == [piece_expr("covid 19")] and not parsed.must_not


@pytest.mark.parametrize(
    "raw", ['"', '""', "*", "NEAR(", "a OR", "AND NOT", "title:x", "^中国", "(((", "'; DROP", "中国\""]
)
def test_search_engine_operators_in_a_query_become_plain_words(raw):
    parsed = parse_query(raw)
    for expr in parsed.must + parsed.must_not:
        assert all(t.isalnum() for t in expr.tokens)


def test_query_of_punctuation_or_only_exclusions_has_nothing_to_match():
    assert parse_query("，。！？").is_empty
    assert parse_query("-广告").is_empty


def test_question_and_function_words_are_dropped_from_the_words_ranked():
    words = content_words("第七届香港立法会议员宣誓仪式及首次会议的时间")
    assert "的" not in words and "时间" not in words and "及" not in words
    assert {"香港", "立法会", "宣誓", "仪式"} <= set(words)
    assert "什么" not in content_words("RCEP具体包括什么国家")


def test_one_han_character_is_a_prefix_query():
    assert piece_expr("新") == Seq(("新",), prefix=True)
