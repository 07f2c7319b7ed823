"""The cheap screens and fast paths of zixun.text give what the plain definitions give.

Each fast path was checked on the real corpora when it was written; these property tests keep
it honest on text made to hit the corner cases (quotes, runs of ends, cased letters, ties).
"""

from __future__ import annotations

import re
import sys
from collections import Counter

import pytest
import rjieba
from hypothesis import given, settings
from hypothesis import strategies as st

from zixun.text import normalize, parse_byline, search_tokens, split_sentences
from zixun.text.byline import (
    _CREDIT_MARKS,
    _CREDIT_RUN,
    _DATELINE,
    _DATELINE_HEAD,
    _FIELD,
    _WRAPPED_DATELINE,
    _may_hold_credits,
    parse_normalized_byline,
)
from zixun.text.keywords import _idf_table, is_candidate, top_words, weights_of_words
from zixun.text.segment import cut_words
from zixun.text.sentences import _split_marked
from zixun.text.summary import (
    _CAPTION_RUN,
    _FIVE_NOISE,
    _MIN_SENTENCE,
    _NOISE,
    _PROMOTION,
    _PROMOTION_CHARS,
    _PROMOTION_STARTS,
    _PROSE_RUN,
    _ends_sentence,
    _has_promotion,
    _is_cut_off_prose,
    _is_tidy,
    _paragraph_sentences,
    _prose_sentences,
    _tidy_sentences,
    body_sentences,
)

KEYWORDS = sys.modules["zixun.text.keywords"]


def _text(alphabet: str | list[str], size: int = 40) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(list(alphabet)), max_size=size).map("".join)


# --- sentences: the splitter as first written, one regex for the ends and a depth count ---
_STOP = r"(?:[。！？；!?;…]|\.(?=\s|$))"
_END = re.compile(rf"((?:[。！？；!?;…]|\.(?=\s|$)){_STOP}*[”’」』）)】]*)")
_MARK = re.compile("[“‘「『（(【”’」』）)】]")


def _sentences_by_definition(text: str) -> list[str]:
    sentences: list[str] = []
    for line in text.split("\n"):
        parts = _END.split(line)  # prose, end, prose, end, …, prose
        depth, pending = 0, ""
        for index in range(0, len(parts) - 1, 2):
            piece = parts[index] + parts[index + 1]
            for mark in _MARK.findall(piece):
                depth = depth + 1 if mark in "“‘「『（(【" else max(depth - 1, 0)
            pending += piece
            if depth == 0:
                sentences.append(pending)
                pending = ""
        sentences.append(pending + parts[-1])
    return [s for s in map(str.strip, sentences) if s]


SENTENCE_TEXT = _text("中文句子ab3 .。。！？；!?;…“”‘’「」『』（）()【】\n\u3000", 30)


@settings(max_examples=400, deadline=None)
@given(SENTENCE_TEXT)
def test_the_sentence_splitter_agrees_with_its_definition(text: str) -> None:
    assert split_sentences(text) == _sentences_by_definition(text)


# Lines of text and one-level quotes are common; here they are too, so the str-method path of
# split_sentences is taken often, and it must cut where the token loop of any line cuts.
QUOTED_TEXT = _text("中文句子ab3 .。。“”‘’（）()【】「」『』", 40)


@settings(max_examples=400, deadline=None)
@given(QUOTED_TEXT)
def test_lines_cut_by_str_methods_cut_as_the_token_loop_cuts(text: str) -> None:
    marked: list[str] = []
    for line in text.split("\n"):
        _split_marked(line, marked)
    assert split_sentences(text) == marked == _sentences_by_definition(text)


# --- search tokens: search-mode words, lower case, without whitespace or punctuation ---
_PUNCT_ONLY = re.compile(r"^[\W_]+$")
TOKEN_TEXT = _text(list("中文分词测试新闻") + list("ABCabc_-.,!?。，“”（） \t\n019") + list("ÉéİΣσ٣④Ⅶ"), 30)


@settings(max_examples=300, deadline=None)
@given(TOKEN_TEXT)
def test_search_tokens_agree_with_their_definition(text: str) -> None:
    search_tokens("")  # loads the user dictionary, as the definition below does not
    expected = [
        w.lower() for w in rjieba.cut_for_search(text) if not w.isspace() and not _PUNCT_ONLY.match(w)
    ]
    assert search_tokens(text) == expected


# --- keywords: the textbook TF-IDF loop ---
def _weights_by_definition(words: list[str], k: int) -> list[tuple[str, float]]:
    table, unseen = _idf_table()
    counts = Counter(w for w in words if is_candidate(w))
    total = sum(counts.values())
    scores = [(-(n / total * table.get(w, unseen)), w) for w, n in counts.items()]
    return [(w, round(-s, 4)) for s, w in sorted(scores)[:k]]


# Table words of equal idf, unseen words (all share one idf), stop words, marks and numbers.
VOCABULARY = ["长江", "经济带", "生态", "沿江", "江豚", "候鸟", "溟渤", "琨瑶", "珂珞", "的", "今天", "，", "。",
              "2024", "三年", "\n", " ", "a", "AI", "5G"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), max_size=40), st.integers(min_value=1, max_value=10))
def test_keyword_weights_agree_with_the_textbook_loop(words: list[str], k: int) -> None:
    assert weights_of_words(words, k) == _weights_by_definition(words, k)


# Stories repeat their topic words: these lists do too, so that k repeated words often score
# above any word seen once and top_words answers without looking the once-seen words up.
REPEATING_WORDS = st.lists(
    st.sampled_from(VOCABULARY[:9]), min_size=20, max_size=60
).flatmap(lambda repeated: st.lists(st.sampled_from(VOCABULARY), max_size=20).map(
    lambda extra: repeated + extra
))


@settings(max_examples=400, deadline=None)
@pytest.mark.slow
@given(st.one_of(REPEATING_WORDS, st.lists(st.sampled_from(VOCABULARY), max_size=40)),
       st.integers(min_value=1, max_value=8))
def test_top_words_are_the_words_of_the_textbook_loop(words: list[str], k: int) -> None:
    assert top_words(words, k) == [w for w, _ in _weights_by_definition(words, k)]


def test_top_words_skip_the_words_seen_once_when_repeated_words_settle_the_top(
    monkeypatch,
) -> None:
    table, _ = _idf_table()
    rare = sorted(table, key=table.get)[-12:]  # table words of the highest idf
    words = [w for w in rare[:4] for _ in range(3)] + ["溟渤", "琨瑶", "的", "，"]
    looked_up: list[str] = []
    real = KEYWORDS._weights_of
    monkeypatch.setattr(KEYWORDS, "_weights_of", lambda ws: looked_up.extend(ws) or real(ws))
    assert top_words(words, 3) == [w for w, _ in _weights_by_definition(words, 3)]
    assert looked_up == rare[:4]  # the once-seen 溟渤, 琨瑶 and the marks were never needed


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(VOCABULARY), st.integers(min_value=1, max_value=400)),
       st.integers(min_value=1, max_value=8))
def test_top_words_of_words_counted_hundreds_of_times_are_the_textbook_ones(
    counts: dict[str, int], k: int
) -> None:
    # Counts up to 255 go through bytes.translate; a larger one takes the textbook path.
    words = [w for w, n in counts.items() for _ in range(n)]
    assert top_words(words, k) == [w for w, _ in _weights_by_definition(words, k)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="长江a，", min_size=1, max_size=300), max_size=12))
def test_only_single_characters_are_left_out_before_counting(words: list[str]) -> None:
    # Lengths up to 255 go through bytes.translate; a longer word takes the comparison path.
    assert KEYWORDS._two_or_more_characters(words) == [w for w in words if len(w) > 1]


def test_words_scoring_alike_are_ordered_as_the_textbook_loop_orders_them() -> None:
    # 4 × idf(推进) and 3 × idf(平台) are the same float, so by count × idf 平台 comes first
    # (the smaller word); divided by the 11 counted words first, 推进 scores an ulp higher.
    # 2024 weighs nothing and must stay out of that count: divided by 12, the two tie again.
    words = ["推进"] * 4 + ["平台"] * 3 + ["溟渤", "琨瑶", "珂珞", "瑷珲", "2024"]
    table, _ = _idf_table()
    assert 4 * table["推进"] == 3 * table["平台"]
    assert top_words(words, 2) == [w for w, _ in _weights_by_definition(words, 2)] == ["推进", "平台"]


def test_keyword_weights_stay_the_same_when_the_memo_starts_over(monkeypatch) -> None:
    words = ["长江", "溟渤", "琨瑶", "长江", "的"]
    first = weights_of_words(words, 3)
    monkeypatch.setattr(KEYWORDS, "_MEMO_LIMIT", 0)
    monkeypatch.setattr(KEYWORDS, "_memo", {})
    assert weights_of_words(words + ["珂珞"], 3) == _weights_by_definition(words + ["珂珞"], 3)
    assert weights_of_words(words, 3) == first


# --- the screens in front of the regexes are implied by what the regexes match ---
def test_every_promotion_branch_holds_a_screen_character() -> None:
    for branch in _PROMOTION.pattern.split("|"):
        assert set(branch) & set(_PROMOTION_CHARS), branch


@settings(max_examples=300, deadline=None)
@given(_text("扫码二维阅读原文返回搜狐查看更多免责声明版权归所有未经授权转载请欢迎关注我们点击公众号微信：:下载客户端投稿邮箱联系电话点赞在看长按识别新闻", 20))
def test_the_promotion_screen_never_hides_a_match(text: str) -> None:
    assert _has_promotion(text) == (_PROMOTION.search(text) is not None)


def test_every_credit_label_holds_a_credit_mark() -> None:
    labels = re.search(r"\(\?P<label>(.*?)\)\(\?:", _FIELD.pattern).group(1).split("|")
    for label in [*labels, "本报记者", "记者", "通讯员"]:
        assert any(mark in label for mark in _CREDIT_MARKS), label


@settings(max_examples=300, deadline=None)
@given(_text("新闻正文来源转载作者撰文字编辑审监稿记者通讯员/／", 40), st.booleans())
def test_the_inline_credit_screen_tests_every_credit_mark(text: str, whole: bool) -> None:
    run = text if whole else text[-_CREDIT_RUN:]
    expected = "记者" in text or "通讯员" in text or any(mark in run for mark in _CREDIT_MARKS)
    assert _may_hold_credits(text, whole) == expected


DATELINE_TEXT = _text("央视网新闻社报台在线客户端频道之声周刊信息港快讯财经科技界电讯消息北京月日年0123 （）()记者王李-－—、，:：早间", 40)


@pytest.mark.slow
@settings(max_examples=1000, deadline=None)
@given(DATELINE_TEXT, st.integers(min_value=0, max_value=3))
def test_the_dateline_screen_never_hides_a_dateline(text: str, pos: int) -> None:
    if _WRAPPED_DATELINE.match(text, pos) or _DATELINE.match(text, pos):
        assert _DATELINE_HEAD.search(text, pos, pos + 18) is not None


@settings(max_examples=300, deadline=None)
@given(_text("新华社北京７月２６日电（记者 王李）０１２３456789年月日据《读卖新闻》报道。\n", 40))
def test_analyze_reads_the_credits_of_normalised_text_as_parse_byline_does(text: str) -> None:
    # analyze() skips the scan for full-width digits: normalize() has made every digit ASCII.
    normalised = normalize(text)
    assert not set(normalised) & set("０１２３４５６７８９")
    assert parse_normalized_byline(normalised) == parse_byline(normalised)


NOISY_TEXT = _text("中文，。、“”（）《》—…·ab3%％①ⅦΣ 「」!?", 40)


@settings(max_examples=300, deadline=None)
@given(NOISY_TEXT)
def test_a_paragraph_holds_the_noise_of_its_sentences(text: str) -> None:
    # body_sentences counts noise once per paragraph and bounds each sentence by it.
    assert sum(len(_NOISE.findall(s)) for s in split_sentences(text)) == len(_NOISE.findall(text))


@settings(max_examples=300, deadline=None)
@given(NOISY_TEXT)
def test_noise_counted_by_deleting_prose_runs_is_the_noise(text: str) -> None:
    assert len(_PROSE_RUN.sub("", text)) == len(_NOISE.findall(text))


@settings(max_examples=300, deadline=None)
@given(NOISY_TEXT)
def test_a_text_matches_five_noise_only_if_it_holds_five_noise_characters(text: str) -> None:
    assert (_FIVE_NOISE.match(text) is not None) == (len(_NOISE.findall(text)) >= 5)


BODY_TEXT = _text(list("长江经济带生态环境保护沿江省市") + list("，。！？…“”（）《》、 ab3.!?\n"), 80)


@settings(max_examples=200, deadline=None)
@given(BODY_TEXT)
def test_sentences_joined_without_breaks_cut_into_the_same_words(text: str) -> None:
    # analyze() cuts "".join(sentences): every sentence but the last ends where a
    # segmentation block ends, so line breaks between them would only add blank tokens.
    sentences = body_sentences(normalize(text), parse_byline(normalize(text)))
    with_breaks = [w for w in cut_words("\n".join(sentences)) if not w.isspace()]
    assert [w for w in cut_words("".join(sentences)) if not w.isspace()] == with_breaks


# normalize strips each line only when a line could need it; none may keep its whitespace.
@settings(max_examples=500, deadline=None)
@given(_text("中文 a\n\t\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u3000\u2028\u200b,", 30))
def test_no_line_of_normalised_text_keeps_surrounding_whitespace(text: str) -> None:
    assert all(line == line.strip() for line in normalize(text).split("\n"))


def _prose_by_definition(paragraph: str, last: bool) -> list[str]:
    """_prose_sentences as specified: paragraph checks, then every sentence on its own."""
    parts = split_sentences(paragraph)
    size, noise = len(paragraph), len(_NOISE.findall(paragraph))
    cut_off = last and _is_cut_off_prose(paragraph)
    caption = size < 60 and not _ends_sentence(paragraph) and not any(
        _ends_sentence(s) and len(s) >= _MIN_SENTENCE for s in parts
    )
    promotion = size <= 200 and (
        paragraph.startswith(_PROMOTION_STARTS) or _PROMOTION.search(paragraph) is not None
    )
    if (caption or promotion) and not cut_off:
        return []
    if not (caption or promotion) and 2 * noise > size and not cut_off:
        return []
    return [
        s for i, s in enumerate(parts)
        if (
            len(s) >= _MIN_SENTENCE
            and _ends_sentence(s)
            and not s.startswith(_PROMOTION_STARTS)
            and 2 * len(_NOISE.findall(s)) <= len(s)
            and not (" " in s and "，" not in s and _CAPTION_RUN.search(s))
        ) or (last and i == len(parts) - 1 and _is_cut_off_prose(s))
    ]


# Paragraphs made of sentences, some opening with promotion, some flattened captions (Han runs
# parted by spaces), some noisy or short, so that both paths of _prose_sentences are taken.
SENTENCE = st.tuples(
    st.sampled_from(["", "", "", "", "", *_PROMOTION_STARTS]),  # every opener the screen lists
    _text("长江经济带生态环境保护沿江省市", 18),
    _text("长江生态 ", 6),
    _text("33a，", 9),
    st.sampled_from(["。", "。", "！", "？”", ""]),
).map("".join)
CLEAN_SENTENCE = st.tuples(
    st.sampled_from(["", "", "", "", "", *_PROMOTION_STARTS]),
    st.lists(st.sampled_from(list("长江经济带生态环境保护沿江省市")), min_size=6, max_size=18).map("".join),
    st.sampled_from(["。", "。", "！", "？”", ""]),
).map("".join)
NOISY_SENTENCE = _text("3a%", 12).map(lambda noise: noise + "。")
PROSE_PARAGRAPH = st.lists(
    st.one_of(CLEAN_SENTENCE, CLEAN_SENTENCE, SENTENCE, NOISY_SENTENCE), min_size=1, max_size=8
).map("".join)


@pytest.mark.slow
@settings(max_examples=1000, deadline=None)
@given(PROSE_PARAGRAPH, st.booleans())
def test_prose_sentences_keep_what_the_sentence_filter_keeps(paragraph: str, last: bool) -> None:
    paragraph = paragraph.strip()
    if paragraph:
        assert _prose_sentences(paragraph, last) == _prose_by_definition(paragraph, last)


# Texts that are mostly tidy: clean sentences, short unterminated lines (headings, captions),
# a clause cut off at the end, now and then a digit, a space, a link or a promotion opener.
TIDY_PIECE = st.one_of(
    st.lists(st.sampled_from(list("长江经济带生态环境保护沿江省市")), min_size=6, max_size=18).map(
        lambda words: "".join(words) + "。"
    ),
    st.sampled_from(["长江经济带", "生态环境保护，沿江省市长江经济带生态环境", "“长江”经济带生态。", "保护！",
                     "2024年3a5%。"]),
    st.sampled_from(["3", "2024", "a", " ", "www.", "点击", "关注", "扫码", "\n", "\n", "\n"]),
)
TIDY_BODY = st.lists(TIDY_PIECE, min_size=1, max_size=24).map("".join)


@pytest.mark.slow
@settings(max_examples=1000, deadline=None)
@given(TIDY_BODY)
def test_a_tidy_text_keeps_the_sentences_its_paragraphs_keep(body: str) -> None:
    # body_sentences takes the sentences of a tidy text in one pass, without the tests of
    # each paragraph: that must keep exactly what those tests keep.
    if _is_tidy(body):
        assert _tidy_sentences(body) == _paragraph_sentences(body, linky=False)
