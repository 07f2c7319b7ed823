"""Summaries start with the article's own news: no bylines, datelines, captions or promotion."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from zixun.text import analyze, summarize

SEED = (Path(__file__).parent.parent / "fixtures" / "text" / "seed-article-page.txt").read_text()
SEED_BODY = SEED.split("\n\n", 1)[1].split("相关内容")[0]


def _hot_summary(line: str) -> str:
    """The summary part of a hot-list line: `title... summary...` or `short title summary...`."""
    return line.split("... ", 1)[1] if "... " in line else line.split(" ", 1)[1]


HOT = [_hot_summary(line) for line in SEED.split("热门资讯")[1].strip().splitlines()]


def test_summary_of_the_reference_article_starts_with_the_news_not_the_byline() -> None:
    summary = summarize(SEED_BODY, 120, dt.date(2025, 3, 14))
    assert summary.startswith("据日本《读卖新闻》7月21日报道，多名日本政府相关人士透露")
    assert "观察者网" not in summary and "严珊珊" not in summary


def test_summary_skips_photo_caption() -> None:
    body = (
        "当地时间2024年4月10日，美国华盛顿特区，美国总统拜登与日本首相岸田文雄在白宫玫瑰园举行新闻发布会。 视觉中国\n"
        "《读卖新闻》提到，美日两国从2010年开始就“延伸威慑”议题举行定期磋商。"
    )
    assert summarize(body).startswith("《读卖新闻》提到")


def test_summary_drops_the_dateline_and_starts_with_the_event() -> None:
    assert summarize(HOT[15]).startswith("2025年伦敦科技周于9日在伦敦奥林匹亚会展中心隆重开幕。")


def test_summary_skips_a_repost_credit_at_the_start() -> None:
    assert summarize(HOT[1]).startswith("近日，IBM和罗氏集团")


def test_summary_is_empty_when_the_text_has_only_captions() -> None:
    captions = "宇树机器人进行数据采集训练\n李琳在中国文学艺术界2024年春节大联欢晚会现场\nIC供图"
    assert summarize(captions) == ""


def test_summary_skips_editor_and_promotion_lines() -> None:
    body = "扫码关注我们，获取更多资讯！\n责任编辑：张义凌\n南宁市公安局边阳派出所近日破获一起入室盗窃案，嫌疑人已被刑事拘留。"
    assert summarize(body) == "南宁市公安局边阳派出所近日破获一起入室盗窃案，嫌疑人已被刑事拘留。"


def test_summary_uses_whole_sentences_within_the_limit() -> None:
    body = "第一句话说明了事件的基本经过。第二句话补充了更多的背景信息。第三句话很长很长很长很长很长。"
    assert summarize(body, max_chars=32) == "第一句话说明了事件的基本经过。第二句话补充了更多的背景信息。"


def test_every_hot_list_summary_of_the_seed_starts_with_its_own_news() -> None:
    for item in HOT[:-1]:  # the last item is an advert, which ranking must drop, not text
        summary = summarize(item)
        assert not summary.startswith(("转自", "人民网伦敦", "【", "宇树机器人")), summary


def test_analyze_reports_byline_keywords_and_summary_of_the_reference_article() -> None:
    result = analyze(SEED_BODY, dt.date(2025, 3, 14))
    credit = result.byline.to_dict()
    assert credit["outlet"] == "观察者网" and credit["authors"] == ["严珊珊"]
    assert credit["cited_sources"] == [{"outlet": "读卖新闻", "date": "2024-07-21"}]
    assert "威慑" in result.keywords and "读卖新闻" in result.keywords
    assert result.summary.startswith("据日本《读卖新闻》")
    assert "美日两国，计划" in result.normalized or "美日两国政府计划" in result.normalized


def test_summary_of_a_feed_excerpt_cut_mid_sentence_keeps_its_clauses():
    excerpt = "转自:医药健闻 美通社消息,近日,IBM和罗氏集团(Roche)正式发布了双方共创的AI驱动的解决方"
    assert summarize(excerpt) == "近日，IBM和罗氏集团(Roche)正式发布了双方共创的AI驱动的解决方"


def test_summary_of_an_excerpt_keeps_whole_sentences_and_drops_a_dangling_word():
    excerpt = "人民网伦敦6月9日电 (徐量)2025年伦敦科技周于9日在伦敦奥林匹亚会展中心隆重开幕。英国首相基尔"
    assert summarize(excerpt) == "2025年伦敦科技周于9日在伦敦奥林匹亚会展中心隆重开幕。"


def test_summary_of_captions_only_is_empty():
    assert summarize("宇树机器人进行数据采集训练 李琳在中国文学艺术界2024年春节大联欢晚会现场 高校千平米级无") == ""
