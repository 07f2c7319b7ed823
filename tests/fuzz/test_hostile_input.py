"""Hostile input to every reader: no uncaught exception, and every refusal says why in words.

A bounded sample of tests/fuzz/targets.py's inputs; bench/fuzz.py runs the same targets for
minutes. Examples are drawn the same way on every run (the "ci" profile in tests/conftest.py).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.fuzz import targets

BOUNDED = settings(max_examples=60, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.slow
@BOUNDED
@given(targets.feed_bytes())
def test_any_feed_bytes_parse_or_are_refused_and_their_entries_prepare(content):
    targets.run_feed(content)


@BOUNDED
@given(targets.page())
def test_any_page_in_any_charset_extracts_and_prepares(page):
    targets.run_page(*page)


@pytest.mark.slow
@BOUNDED
@given(targets.import_file())
def test_any_import_file_reads_record_by_record_and_each_refusal_is_in_words(file):
    for refusal in targets.run_import_file(*file):
        assert refusal.split(": ", 1)[1].strip(), "a refusal says why"


@BOUNDED
@given(st.one_of(targets.news_text, st.text()))
@example("新华社北京\ud800电（记者 张三）金秋时节，各地抢抓晴好天气收获秋粮。\udfff")
def test_any_text_is_analysed(text):
    targets.run_text(text)
