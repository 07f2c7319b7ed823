"""Segmentation, search tokens, user dictionary and TF-IDF keywords."""

from __future__ import annotations

import sys

from zixun.text import keyword_weights, keywords, load_user_dict, search_tokens, segment
from zixun.text.keywords import _idf_table, weights_of_words


def test_segment_keeps_outlets_and_people_from_the_user_dictionary_whole() -> None:
    words = segment("【文/观察者网 严珊珊】据日本《读卖新闻》报道，岸田文雄访美")
    assert {"观察者网", "严珊珊", "读卖新闻", "岸田文雄"} <= set(words)
    assert " " not in words


def test_search_mode_gives_the_parts_of_long_words_too() -> None:
    tokens = search_tokens("中华人民共和国国务院")
    assert "国务院" in tokens and "中华人民共和国国务院" in tokens


def test_search_tokens_are_the_same_for_index_and_query_and_drop_punctuation() -> None:
    assert search_tokens("iPhone 15 Pro，发布！") == ["iphone", "15", "pro", "发布"]
    assert search_tokens("IPHONE") == search_tokens("iphone")


def test_load_user_dict_adds_new_words(tmp_path) -> None:
    path = tmp_path / "dict.txt"
    path.write_text("# test\n溟渤科技 100 nt\n", encoding="utf-8")
    assert load_user_dict(path) == 1
    assert "溟渤科技" in segment("溟渤科技发布新品")


def test_keywords_of_a_real_story_are_its_topic_without_stop_words_or_single_chars() -> None:
    text = (
        "央视网消息（新闻联播）：国家统计局今天发布，9月份中国制造业采购经理指数为50.1%，"
        "比上月上升0.7个百分点，重回扩张区间。制造业企业信心有所回升，采购经理指数连续回升。"
    )
    found = keywords(text, 5)
    assert "采购经理指数" in found or "制造业" in found
    assert all(len(w) > 1 for w in found)
    assert not {"今天", "发布", "的"} & set(found)


def test_keyword_weights_are_sorted_best_first() -> None:
    weights = keyword_weights("长江保护长江生态长江经济带，生态环境保护发生转折性变化。", 4)
    assert weights[0][0] == "长江"
    assert [w for _, w in weights] == sorted((w for _, w in weights), reverse=True)


STORY = (
    "长江经济带生态环境保护发生转折性变化。沿江省市共抓大保护、不搞大开发，"
    "长江干流水质连续三年保持二类。渔民上岸后，江豚重现长江，沿江湿地成了候鸟的家。"
)


def test_keywords_stay_the_same_when_asked_again_and_after_the_word_memo_starts_over(
    monkeypatch,
) -> None:
    first = keyword_weights(STORY, 6)
    assert keyword_weights(STORY, 6) == first
    # A full memo starts again from the IDF table; the answer must not depend on it.
    monkeypatch.setattr(sys.modules["zixun.text.keywords"], "_MEMO_LIMIT", 0)
    assert keyword_weights(STORY, 6) == first
    assert keyword_weights("", 6) == [] and keyword_weights(STORY, 0) == []


def test_keyword_weights_are_term_frequency_times_idf_best_first_ties_by_word() -> None:
    words = ["长江", "长江", "江豚", "候鸟", "的", "，", "2024"]
    table, unseen = _idf_table()
    weights = dict(weights_of_words(words, 8))
    assert set(weights) == {"长江", "江豚", "候鸟"}  # stop words, marks and numbers are out
    idf = {w: table.get(w, unseen) for w in weights}
    assert weights["长江"] == round(2 / 4 * idf["长江"], 4)
    expected = sorted(weights, key=lambda w: (-(words.count(w) / 4 * idf[w]), w))
    assert [w for w, _ in weights_of_words(words, 8)] == expected
