"""A feed entry is a teaser (and its page is fetched) by its structure: short, continued
elsewhere, cut at one length, or far shorter than the feed's usual entry."""

from __future__ import annotations

from zixun.sources.teaser import TEASER_CHARS, cut_length, ends_as_continued, teasers

WHOLE = "今年秋粮收获进度过半，各地抢抓晴好天气，组织农机下田作业，确保颗粒归仓。" * 12


def test_a_whole_article_is_not_a_teaser_and_a_short_text_is():
    assert teasers([(WHOLE, f"<p>{WHOLE}</p>"), ("今天上午召开会议。", "")]) == [False, True]
    assert teasers([("", "")]) == [True], "a title-and-link entry has no text at all"


def test_an_entry_that_says_it_goes_on_elsewhere_is_a_teaser():
    for ending in ("……", "...", "[…]", "阅读全文", "查看全文>>", "Read more »"):
        assert teasers([(WHOLE + ending, "")]) == [True], ending
    link = f"<p>{WHOLE}</p><p><a href='/a.html'>阅读全文</a></p>"
    assert ends_as_continued(WHOLE + "阅读全文", link)
    assert not ends_as_continued(WHOLE + "。", f"<p>{WHOLE}。</p>")


def test_a_feed_that_cuts_every_entry_at_one_length_carries_teasers():
    cut = [(WHOLE[:300 - n % 2], "") for n in range(5)]
    assert cut_length([300, 299, 300, 300, 299]) == 300
    assert teasers(cut) == [True] * 5
    varied = [(WHOLE[:n], "") for n in (420, 418, 471)]
    assert cut_length([420, 418, 471]) is None and teasers(varied) == [False] * 3


def test_an_entry_far_shorter_than_the_feed_usually_carries_is_a_teaser():
    long_entries = [(WHOLE * 4 + WHOLE[: 40 * n], "") for n in range(4)]
    short = (WHOLE[: TEASER_CHARS + 50], "")
    assert teasers([*long_entries, short]) == [False] * 4 + [True]
