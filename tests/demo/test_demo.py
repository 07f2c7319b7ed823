"""`zixun demo` loads the reference site and real stories, and loading twice changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from zixun.articles.models import Article, Channel, Tag
from zixun.demo.load import resources
from zixun.demo.reference import parse_hot_line, parse_reference_page


def run_demo(*args) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_reference_page_text_is_parsed_into_its_parts():
    page = parse_reference_page(resources.files("zixun.demo").joinpath("data/article-page.txt").read_text("utf-8"))
    assert page.title.startswith("日媒:美国将首次以文件形式承诺")
    assert (page.account, page.view_count) == ("创始人", 0)
    assert page.published.isoformat(sep=" ") == "2025-03-14 20:29:29"
    assert page.paragraphs[0].startswith("【文/观察者网 严珊珊】") and len(page.paragraphs) == 13
    assert len(page.hot) == 20


def test_hot_line_with_a_space_in_the_cut_title_splits_at_the_cut_mark():
    item = parse_hot_line("原创 轰... 载着星链卫星,中国火箭再度腾空而起...")
    assert (item.title, item.summary, item.title_was_cut) == ("原创 轰", "载着星链卫星,中国火箭再度腾空而起", True)


def test_short_hot_title_is_whole_and_split_at_the_first_space():
    item = parse_hot_line("人工智能助力肿瘤医学 转自:新华网   随着癌症类型日益细分...")
    assert (item.title, item.title_was_cut) == ("人工智能助力肿瘤医学", False)
    assert item.summary.startswith("转自:新华网")


@pytest.mark.slow
def test_demo_loads_the_reference_site_over_several_channels_and_a_second_load_changes_nothing(db):
    output = run_demo()
    assert "created 381" in output
    assert Article.objects.count() == 381
    reference = Article.objects.get(guid="demo:reference")
    assert (reference.account, reference.source.name, reference.author) == ("创始人", "观察者网", "严珊珊")
    assert Channel.objects.filter(articles__isnull=False).distinct().count() >= 4
    assert Tag.objects.exists()
    before = list(Article.objects.order_by("pk").values_list("pk", "title", "summary", "updated_at"))
    output = run_demo()
    assert "created 0, updated 0, unchanged 381" in output
    assert list(Article.objects.order_by("pk").values_list("pk", "title", "summary", "updated_at")) == before


def test_demo_if_empty_leaves_a_site_with_articles_alone(db):
    Article.objects.create(title="已有文章")
    assert "nothing loaded" in run_demo("--if-empty")
    assert Article.objects.count() == 1
