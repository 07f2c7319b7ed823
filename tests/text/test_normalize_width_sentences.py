"""normalize, cut and the sentence splitter: examples from real pages plus property tests."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from zixun.text import cut, display_width, normalize, split_paragraphs, split_sentences

# Text drawn from the characters that matter here: Han, ASCII, full-width marks, emoji, spaces.
ALPHABET = st.sampled_from(
    list("美日两国计划延伸威慑报道称中方") + list('abc XYZ019.,:;!?"\'()/-') + list("，。“”！？…《》")
    + ["\u3000", "\u200b", "\n", "😀", "\U00020000", "e\u0301", "\ufe0f"]
)
TEXT = st.lists(ALPHABET, max_size=60).map("".join)
HAN = re.compile(r"[\u4e00-\u9fff\U00020000-\U0002ffff]")


def test_normalize_restores_chinese_punctuation_from_the_reference_page() -> None:
    assert normalize("美日两国,计划") == "美日两国，计划"
    assert normalize('包含核威慑在内的"延伸威慑"联合文件') == "包含核威慑在内的“延伸威慑”联合文件"
    assert normalize("据日本《读卖新闻》7月21日报道,多名") == "据日本《读卖新闻》7月21日报道，多名"


def test_normalize_leaves_numbers_latin_lists_urls_and_code_alone() -> None:
    for text in ("3.5", "a, b", "https://example.com/a?b=1:2", 'print("hi", 1);', "10:30"):
        assert normalize(text) == text


def test_normalize_drops_invisible_characters_and_odd_spaces() -> None:
    assert normalize("新华社\u200b北京\u3000\u3000电\ufeff") == "新华社北京 电"
    assert normalize("２０２５年") == "2025年"


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_normalize_is_idempotent_and_keeps_every_han_character(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert HAN.findall(once) == HAN.findall(text)


def test_cut_follows_the_hot_list_rules() -> None:
    assert cut("长春市举办“医疗健康数据价值转化”研讨会", 15) == "长春市举办“医疗健康数据价值转..."
    assert cut("人工智能助力肿瘤医学", 15) == "人工智能助力肿瘤医学"
    assert display_width("IBM") == 2 and display_width("中文") == 2


def test_cut_never_splits_a_number_or_a_latin_word() -> None:
    assert cut("单是美区TikTok就能月销4万+的新晋网红", 12) == "单是美区TikTok就能月销..."
    assert cut("2025年伦敦科技周", 2) == "2025..."
    assert cut("增长3.5个百分点", 3) == "增长..."
    assert cut("全国 😀😀😀", 3) == "全国..."


@settings(max_examples=200, deadline=None)
@given(TEXT, st.integers(min_value=1, max_value=30))
def test_cut_fits_the_width_keeps_a_prefix_and_is_stable(text: str, width: int) -> None:
    result = cut(text, width)
    if result == text:
        assert display_width(text) <= width
        return
    kept = result.removesuffix("...")
    assert text.startswith(kept)
    assert display_width(kept) <= width or len(kept) == 1
    assert cut(text, width) == result


def test_sentences_keep_a_quotation_whole() -> None:
    text = "他说：“今天很好。明天也好。”随后离开。价格为3.5元；Then he left. 好"
    assert split_sentences(text) == [
        "他说：“今天很好。明天也好。”", "随后离开。", "价格为3.5元；", "Then he left.", "好"
    ]


def test_sentences_of_plain_lines_split_at_every_end_and_keep_runs_and_decimals() -> None:
    # Lines without quotes take the fast paths: lone 。 only, or any ends with no quotation.
    assert split_sentences("增长3.5%。物价平稳。 尾声") == ["增长3.5%。", "物价平稳。", "尾声"]
    assert split_sentences("真的吗？？是的。。好……走吧") == ["真的吗？？", "是的。。", "好……", "走吧"]
    assert split_sentences("第一句。\n第二句。第三") == ["第一句。", "第二句。", "第三"]


def test_paragraphs_are_the_non_empty_lines() -> None:
    assert split_paragraphs(" 第一段。\n\n  第二段。 \n") == ["第一段。", "第二段。"]


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_sentences_lose_no_character_but_whitespace(text: str) -> None:
    joined = "".join(split_sentences(text))
    assert re.sub(r"\s", "", joined) == re.sub(r"\s", "", text)
    assert split_sentences("".join(s + "\n" for s in split_sentences(text))) == split_sentences(text)


def test_normalize_turns_nested_single_quotes_around_chinese_in_one_pass() -> None:
    once = normalize("''美''")
    assert once == "‘‘美’’"
    assert normalize(once) == once
