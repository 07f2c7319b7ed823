"""Segmentation, search tokens, user dictionary and TF-IDF keywords."""

from __future__ import annotations

from zixun.text import keyword_weights, keywords, load_user_dict, search_tokens, segment


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
