"""Near-duplicate detection on real text, without a database."""

from __future__ import annotations

import json
from pathlib import Path

import zhconv

from zixun.dedup.fingerprint import estimated_jaccard, fingerprint, jaccard
from zixun.dedup.offline import Record, group, is_near_duplicate
from zixun.demo.load import resources
from zixun.demo.reference import parse_reference_page

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "dedup"
PAGE = parse_reference_page(
    resources.files("zixun.demo").joinpath("data/article-page.txt").read_text("utf-8"))
BODY = "\n".join(PAGE.paragraphs)
NEWS = {r["id"]: r for r in map(json.loads, (FIXTURES / "xinwenlianbo.jsonl").open(encoding="utf-8"))}


def same(a: str, b: str) -> bool:
    return is_near_duplicate(fingerprint(a), fingerprint(b))


def test_repost_in_traditional_characters_with_ascii_punctuation_is_a_duplicate():
    repost = zhconv.convert(BODY, "zh-hant").replace("，", ",").replace("。", ".")
    assert same(BODY, repost)


def test_repost_with_credit_lines_ads_and_a_dropped_paragraph_is_a_duplicate():
    paragraphs = list(PAGE.paragraphs)
    del paragraphs[3]
    repost = "\n".join(["转自：环球网", "点击上方蓝字关注我们！", *paragraphs, "免责声明：如有侵权请联系删除。"])
    assert same(BODY, repost)


def test_different_stories_of_the_same_day_are_not_duplicates():
    assert not same(NEWS["20240325-01"]["body"], NEWS["20240325-02"]["body"])


def test_the_same_announcement_two_years_apart_is_not_a_duplicate():
    assert not same(NEWS["20221112-07"]["body"], NEWS["20241112-11"]["body"])


def test_daily_rollups_with_the_same_title_are_not_duplicates():
    assert not same(NEWS["20240301-11"]["body"], NEWS["20240302-06"]["body"])


def test_short_items_join_only_when_identical():
    short = "国务院常务会议今天召开，部署推进有关工作。会议强调，要加大宏观政策实施力度，着力扩大国内需求。"
    assert same(short, short + " ")
    assert not same(short, short.replace("今天", "昨天"))
    assert not same("", "")


def test_a_headline_length_text_never_joins_even_when_identical():
    stub = "视频来自：百度贴吧"
    assert not same(stub, stub)


def test_grouping_keeps_singletons_out_and_lists_each_group_in_input_order():
    records = [Record("a", BODY), Record("b", NEWS["20240325-01"]["body"]),
               Record("c", BODY.replace("，", ",")), Record("d", NEWS["20240325-02"]["body"])]
    assert group(records) == [["a", "c"]]


def test_a_brief_quoted_whole_in_a_longer_later_report_is_not_a_duplicate():
    obituary, cremation = NEWS["20240921-07"]["body"], NEWS["20240925-02"]["body"]
    assert fingerprint(obituary).canon[:60] in fingerprint(cremation).canon
    assert not same(obituary, cremation)


def test_signatures_estimate_how_much_two_bodies_share():
    repost = fingerprint("转自：环球网\n" + zhconv.convert(BODY, "zh-hant").replace("，", ","))
    pairs = [(fingerprint(BODY), repost),
             (fingerprint(NEWS["20240325-01"]["body"]), fingerprint(NEWS["20240325-02"]["body"])),
             (fingerprint(NEWS["20221112-07"]["body"]), fingerprint(NEWS["20241112-11"]["body"]))]
    for a, b in pairs:
        exact = jaccard(a.shingles, b.shingles)
        # 64 values: the estimate's standard error is at most 0.0625
        assert abs(estimated_jaccard(a.signature, b.signature) - exact) < 0.2, exact
    assert estimated_jaccard(pairs[0][0].signature, repost.signature) > 0.8


def test_index_keys_of_a_body_never_change():
    # Keys are stored: a change here leaves every stored key stale. If it is meant, say in the
    # release notes that `zixun dedup rebuild` must run, then update these numbers.
    assert fingerprint(BODY).keys[:4] == (1809958684, -1657801316, 620645461, -1077227355)


def test_a_fingerprint_from_the_credits_analysis_found_equals_one_from_the_raw_body():
    """Ingest hands fingerprint() the byline analyze() parsed; keys must not depend on that."""
    import datetime as dt

    from zixun.text import analyze

    fixture = Path(__file__).parents[1] / "fixtures" / "text" / "credit_lines.jsonl"
    cases = [json.loads(line) for line in fixture.read_text("utf-8").splitlines()]
    stripped = 0
    for case in cases:
        # The credit line at the top of a body long enough to get band keys.
        body = case["text"] + "\n" + "新华社记者在现场看到，参加活动的群众排起长队，工作人员逐一登记。" * 4
        analysis = analyze(body, dt.date.fromisoformat(case["context_date"]))
        reused, fresh = fingerprint(analysis.normalized, analysis.byline), fingerprint(body)
        assert (reused.canon, reused.keys) == (fresh.canon, fresh.keys), case["text"]
        stripped += analysis.byline.spans != []
    assert stripped > len(cases) * 0.9, "the cases must hold credits for the check to mean anything"


def test_a_short_post_joins_only_a_nearly_identical_one():
    post = NEWS["20240921-07"]["body"][12:132]  # about 110 characters of an obituary brief
    assert same(post, post + "（完）")
    assert not same(post, post + NEWS["20240302-06"]["body"][40:100])


def test_posts_sharing_only_a_long_closing_block_are_not_duplicates():
    footer = NEWS["20240325-01"]["body"][200:560]
    first, second = NEWS["20221112-07"]["body"][:100], NEWS["20240301-11"]["body"][40:140]
    assert not same(first + "\n" + footer, second + "\n" + footer)
    assert same(first + "\n" + footer, first + "\n" + footer.replace("，", ","))
