"""Extractive summaries: the article's own lead sentences, never its credits or captions."""

from __future__ import annotations

import datetime as dt
import re

from zixun.text.byline import Byline, parse_byline
from zixun.text.normalize import normalize
from zixun.text.sentences import split_paragraphs, split_sentences

# Words of promotion anywhere in a short line.
_PROMOTION = re.compile(
    r"扫码|二维码|阅读原文|返回搜狐|查看更多|免责声明|版权归|版权所有|未经授权|转载请|欢迎关注|关注我们"
    r"|点击关注|关注公众号|公众号[:：]|微信号[:：]|下载.{0,6}客户端|投稿邮箱|联系电话|点赞|在看|长按识别"
)
# Every branch of _PROMOTION holds one of these characters (扫码 and 二维码 share 码, 查看更多 and
# 在看 share 看, …). A one-character `in` runs at memchr speed, far below a regex's cost per
# character, so most lines are cleared cheaply by the screen alone.
_PROMOTION_CHARS = "码阅狐看免版授载注众微端稿话赞按"
_CLOSERS = "”’」』）)"
_TERMINATORS = frozenset("。！？!?…")
# Promotion that opens a line (关注…, 点击…).
_PROMOTION_STARTS = ("关注", "点击", "扫描", "长按", "戳")
_LINKISH = re.compile(r"https?://\S+|www\.\S+|[\w.-]+@[\w.-]+")
# Anything that is neither Han, Chinese punctuation nor space: digits, Latin, symbols.
_PROSE_CHARS = r"\u4e00-\u9fff\s，。、；：？！“”‘’（）《》〈〉【】—…·"
_NOISE = re.compile(f"[^{_PROSE_CHARS}]")
# What deleting the runs of everything else leaves is the noise: len(_PROSE_RUN.sub("", text))
# counts it with less work than len(_NOISE.findall(text)), which makes one match and one
# string per noise character (a test checks that the two agree).
_PROSE_RUN = re.compile(f"[{_PROSE_CHARS}]+")
# Matches the start of a text up to its fifth noise character, if it has five.
_FIVE_NOISE = re.compile(f"(?:[{_PROSE_CHARS}]*+[^{_PROSE_CHARS}]){{5}}")
_CLAUSE_END = re.compile(r"[，；、：,;]")
_MIN_SENTENCE = 8
# Captions flattened into one line: Han chunks joined by spaces, with no comma anywhere.
_CAPTION_RUN = re.compile(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]")


def summarize(text: str, max_chars: int = 120, context_date: dt.date | None = None) -> str:
    """Up to `max_chars` of whole lead sentences from the body; "" if it has none."""
    text = normalize(text)
    return summary_of(text, parse_byline(text, context_date), max_chars)


def summary_of(text: str, byline: Byline, max_chars: int = 120) -> str:
    """Summary of normalised `text` whose credits `byline` has already found."""
    return summary_from_sentences(body_sentences(text, byline), max_chars)


def summary_from_sentences(sentences: list[str], max_chars: int = 120) -> str:
    """The leading whole sentences that fit in `max_chars`; a clipped first one if none fits."""
    chosen: list[str] = []
    used = 0
    for sentence in sentences:
        if used + len(sentence) > max_chars:
            if not chosen:
                return _clip(sentence, max_chars)
            break
        chosen.append(sentence)
        used += len(sentence)
    return "".join(chosen)


def body_sentences(text: str, byline: Byline) -> list[str]:
    """The sentences of the article's own prose, in order, credits and noise left out."""
    body = _blank_spans(text, byline)
    # Most texts have no link in any paragraph. (A test for one ASCII character runs at memchr
    # speed, one for several characters walks the text: the first screens the second.)
    linky = ("h" in body and "http" in body) or ("w" in body and "www." in body) or "@" in body
    if not linky and _is_tidy(body):
        return _tidy_sentences(body)
    return _paragraph_sentences(body, linky)


def _paragraph_sentences(body: str, linky: bool) -> list[str]:
    """The sentences that each paragraph of `body` keeps; `linky`: some paragraph has links."""
    sentences: list[str] = []
    paragraphs = split_paragraphs(body)
    last = len(paragraphs)
    for number, paragraph in enumerate(paragraphs, start=1):
        if linky and ("http" in paragraph or "www." in paragraph or "@" in paragraph):
            sentences.extend(_linky_sentences(paragraph, number == last))
        else:
            sentences.extend(_prose_sentences(paragraph, number == last))
    return sentences


def _is_tidy(body: str) -> bool:
    """True for a text without links, spaces, promotion, or more than four noise characters.

    Then each paragraph of it is clean (see _prose_sentences) and keeps the sentences that
    length and the closing mark alone pick: the captions, headings and noisy paragraphs that
    the paragraph tests drop hold none of them. One pass over the whole text spares the tests
    of each paragraph.
    """
    return (
        " " not in body
        and _FIVE_NOISE.match(body) is None
        and not _has_promotion(body)
        and not _holds_promotion_start(body)
    )


def _tidy_sentences(body: str) -> list[str]:
    """_prose_sentences of every paragraph of a tidy `body`, in one pass."""
    parts = split_sentences(body)
    kept = [sentence for sentence in parts[:-1] if _is_whole_sentence(sentence)]
    if parts and (_is_whole_sentence(parts[-1]) or _is_cut_off_prose(parts[-1])):
        kept.append(parts[-1])
    return kept


def _prose_sentences(paragraph: str, last: bool) -> list[str]:
    """The news sentences of a paragraph without links; the `last` of a text may end in a
    cut-off excerpt. The tests are inline: a Python call costs more than most of them."""
    parts = split_sentences(paragraph)
    size = len(paragraph)
    shaped = not (
        # a caption or a sub-heading: no sentence punctuation, short
        (size < 60 and not _ends_sentence(paragraph) and not _has_sentence(parts))
        # promotion comes in short lines; long paragraphs skip the many-branched search
        or (size <= 200 and (paragraph.startswith(_PROMOTION_STARTS) or _has_promotion(paragraph)))
    )
    if not shaped and not (last and _is_cut_off_prose(paragraph)):
        return []
    # Links aside, only noise characters count, and a paragraph's sentences hold all of its
    # noise: one count for the paragraph settles every sentence at least twice as long.
    noise = len(_PROSE_RUN.sub("", paragraph))
    if shaped and 2 * noise > size and not (last and _is_cut_off_prose(paragraph)):
        return []
    # Most paragraphs are clean: little noise, no spaces, none of the five _PROMOTION_STARTS.
    # Then every sentence long enough to keep passes the noise test, none can
    # open with promotion or be a flattened caption, and length and the closing mark decide.
    clean = 2 * noise <= _MIN_SENTENCE and " " not in paragraph and not _holds_promotion_start(paragraph)
    kept = []
    end = len(parts) - 1
    for index, sentence in enumerate(parts):
        size = len(sentence)
        if (  # the first two tests are _is_whole_sentence, inline in this per-sentence loop
            size >= _MIN_SENTENCE
            and (sentence[-1] == "。" or _ends_sentence(sentence))
            and (
                clean
                or (
                    not sentence.startswith(_PROMOTION_STARTS)
                    and (2 * noise <= size or 2 * len(_PROSE_RUN.sub("", sentence)) <= size)
                    and not (" " in sentence and "，" not in sentence and _CAPTION_RUN.search(sentence))
                )
            )
        ) or (last and index == end and _is_cut_off_prose(sentence)):
            kept.append(sentence)
    return kept


def _linky_sentences(paragraph: str, last: bool) -> list[str]:
    """_prose_sentences for a paragraph with links, which make up noise of their own."""
    parts = split_sentences(paragraph)
    wordy = _mostly_words(paragraph)
    if not (_is_prose(paragraph, parts, wordy) or (last and _is_cut_off_prose(paragraph))):
        return []
    end = len(parts) - 1
    return [
        s for i, s in enumerate(parts)
        if (_mostly_words(s) and _is_news_sentence(s)) or (last and i == end and _is_cut_off_prose(s))
    ]


def _is_cut_off_prose(text: str) -> bool:
    """True for prose that a feed excerpt or teaser stopped mid-sentence: long enough and made
    of clauses (captions and headings have no commas), only ever at the very end of a text."""
    return len(text) >= 20 and "，" in text and _mostly_words(text) and not _promotes(text)


def _blank_spans(text: str, byline: Byline) -> str:
    """`text` with every credit span (not citations) cut out, lines kept apart."""
    pieces, last = [], 0
    for start, end, kind in byline.spans:
        if kind == "cited" or start < last:
            continue
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _is_prose(paragraph: str, sentences: list[str], wordy: bool) -> bool:
    """False for captions, headings, promotion and link or number lists."""
    if not _ends_sentence(paragraph) and len(paragraph) < 60 and not _has_sentence(sentences):
        return False  # a caption or a sub-heading: no sentence punctuation, short
    # Promotion comes in short lines; long paragraphs skip this many-branched search.
    if len(paragraph) <= 200 and (_promotes(paragraph) or _has_promotion(paragraph)):
        return False
    return wordy


def _has_sentence(sentences: list[str]) -> bool:
    """True when a short unterminated line still holds a whole sentence (a cut-off excerpt)."""
    return any(map(_is_whole_sentence, sentences))


def _is_whole_sentence(sentence: str) -> bool:
    """True for a sentence long enough to keep that ends with sentence punctuation."""
    return len(sentence) >= _MIN_SENTENCE and (sentence[-1] == "。" or _ends_sentence(sentence))


def _is_news_sentence(sentence: str) -> bool:
    """True for a sentence shaped like news: long enough, ended, not promotion or a caption.

    Whether it is mostly words is the caller's part.
    """
    # Its paragraph has passed the promotion check, so only a promotional start is left to see.
    return (
        _is_whole_sentence(sentence)
        and not _promotes(sentence)
        and not (" " in sentence and "，" not in sentence and _CAPTION_RUN.search(sentence))
    )


def _ends_sentence(text: str) -> bool:
    """True when `text` ends with sentence punctuation, closing quotes aside."""
    return text.rstrip(_CLOSERS)[-1:] in _TERMINATORS


def _mostly_words(text: str) -> bool:
    """True unless links, digits and Latin debris make up most of `text`."""
    if ("http" in text or "www." in text or "@" in text) and len(
        _LINKISH.sub("", text)
    ) < 0.7 * len(text):
        return False
    return len(_PROSE_RUN.sub("", text)) <= 0.5 * len(text)


def _has_promotion(text: str) -> bool:
    """True when `text` holds words of promotion (扫码, 阅读原文, 公众号：…) anywhere."""
    return (
        ("码" in text or "阅" in text or "狐" in text or "看" in text or "免" in text
         or "版" in text or "授" in text or "载" in text or "注" in text or "众" in text
         or "微" in text or "端" in text or "稿" in text or "话" in text or "赞" in text
         or "按" in text)
        and _PROMOTION.search(text) is not None
    )


def _holds_promotion_start(text: str) -> bool:
    """True when one of _PROMOTION_STARTS (关注, 点击, 扫描, 长按, 戳) occurs anywhere in `text`."""
    # A test for one character is cheaper than one for two: 注 screens 关注, and so on.
    return (
        ("注" in text and "关注" in text)
        or ("击" in text and "点击" in text)
        or ("描" in text and "扫描" in text)
        or ("按" in text and "长按" in text)
        or "戳" in text
    )


def _promotes(text: str) -> bool:
    """True for a line that opens with a call to action: 关注…, 点击…, 扫描…, 长按…, 戳…."""
    return text.startswith(_PROMOTION_STARTS)


def _clip(sentence: str, max_chars: int) -> str:
    """A too-long first sentence, cut at its last clause boundary that fits, plus an ellipsis."""
    head = sentence[: max_chars - 1]
    boundary = max((m.start() for m in _CLAUSE_END.finditer(head)), default=-1)
    if boundary >= max_chars // 3:
        head = head[:boundary]
    return head + "…"
