"""Fixtures shared by the story tests."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.dedup.test_stories import JULY, PAGE, copy, stored
from zixun.demo.load import reference_items


@pytest.fixture
def reference_story(db):
    """The reference repost first, then 环球网's copy (earliest), then 观察者网's own article."""
    repost = stored(reference_items()[0])
    huanqiu = stored(copy("huanqiu", JULY - timedelta(hours=2), "环球网",
                          ["来源：观察者网", *PAGE.paragraphs[1:]]))
    guancha = stored(copy("guancha", JULY, "观察者网",
                          [*PAGE.paragraphs, "本文系观察者网独家稿件，未经授权，不得转载。"]))
    return repost, huanqiu, guancha
