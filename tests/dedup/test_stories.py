"""Stories in the database: reposts join their original's story, credited from evidence."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.web.pages import parse, texts
from zixun.articles.ingest import store
from zixun.articles.models import Article, Story
from zixun.dedup.stories import choose_original, set_original
from zixun.demo.load import describe, resources
from zixun.demo.reference import parse_reference_page

SHANGHAI = ZoneInfo("Asia/Shanghai")
PAGE = parse_reference_page(
    resources.files("zixun.demo").joinpath("data/article-page.txt").read_text("utf-8"))
JULY = datetime(2024, 7, 21, 10, 0, tzinfo=SHANGHAI)


def copy(guid: str, when: datetime, source: str, paragraphs: list[str] | None = None, **extra):
    return describe(PAGE.title, paragraphs or PAGE.paragraphs, when, guid=guid,
                    source=source, account=source, channel="国际", **extra)


def stored(item) -> Article:
    return Article.objects.select_related("story").get(pk=store(item).article_id)


def test_reference_repost_is_credited_to_guanchas_original_from_its_byline(reference_story):
    repost, huanqiu, guancha = (Article.objects.get(pk=a.pk) for a in reference_story)
    assert len({repost.pk, huanqiu.pk, guancha.pk}) == 3
    assert repost.original_outlet == "观察者网"
    assert repost.story_id == huanqiu.story_id == guancha.story_id is not None
    # 环球网 printed it two hours earlier, but the bylines name 观察者网 as the original.
    assert Story.objects.get(pk=repost.story_id).original_id == guancha.pk


def test_lists_never_show_one_story_twice(client, reference_story):
    listed = list(Article.objects.listed().values_list("pk", flat=True))
    assert sum(pk in listed for pk in (a.pk for a in reference_story)) == 1
    hrefs = parse(client.get("/")).xpath("//main//a/@href")
    shown = [int(m.group(1)) for h in hrefs if (m := re.fullmatch(r"/a/(\d+)/", h))]
    assert len(shown) == len(set(shown))
    assert [pk for pk in shown if pk in {a.pk for a in reference_story}] == [reference_story[2].pk]


def test_repost_page_names_the_original_with_its_earlier_date(client, reference_story):
    repost, _, guancha = reference_story
    root = parse(client.get(f"/a/{repost.pk}/"))
    [line] = texts(root, '//p[@class="story-original"]')
    assert line.startswith("原文：观察者网") and "2024-07-21" in line
    assert root.xpath('//p[@class="story-original"]/a/@href')[0] == f"/a/{guancha.pk}/"


def test_original_page_counts_its_reposts(client, reference_story):
    _, _, guancha = reference_story
    root = parse(client.get(f"/a/{guancha.pk}/"))
    assert texts(root, '//details[@class="story-reposts"]/summary') == ["转载：2 家"]
    assert len(root.xpath('//details[@class="story-reposts"]//li')) == 2


def test_editor_choice_of_original_survives_new_copies(reference_story):
    repost, huanqiu, guancha = reference_story
    story = Story.objects.get(pk=guancha.story_id)
    set_original(story, Article.objects.get(pk=huanqiu.pk))
    stored(copy("sina", JULY - timedelta(days=1), "新浪新闻"))
    assert Story.objects.get(pk=story.pk).original_id == huanqiu.pk
    Story.objects.filter(pk=story.pk).update(original_locked=False)
    choose_original(story.pk)
    assert Story.objects.get(pk=story.pk).original_id == guancha.pk


def test_rollups_with_the_same_title_stay_apart(db):
    day = datetime(2024, 3, 1, 19, tzinfo=SHANGHAI)
    first = stored(describe("国内联播快讯", ["国家统计局今天发布数据，一月份全国规模以上工业增加值同比增长。"
                                          "各地扎实推进春耕备耕工作，农资供应充足，价格总体平稳。"
                                          "铁路部门加开旅客列车，保障节后返程旅客出行需要。"], day, guid="r1"))
    second = stored(describe("国内联播快讯", ["生态环境部今天召开新闻发布会，介绍大气污染防治工作进展。"
                                           "长江十年禁渔取得阶段性成效，水生生物多样性逐步恢复。"
                                           "多地开展消费季活动，带动节后消费市场持续升温。"], day + timedelta(days=1),
                             guid="r2"))
    assert first.story_id is None and second.story_id is None
    assert Article.objects.listed().filter(title="国内联播快讯").count() == 2



def test_a_verbatim_copy_joins_by_its_keys_and_a_near_copy_by_its_compared_body(db, monkeypatch):
    from zixun.dedup import stories

    compared = []
    real = stories._stored_fingerprint.__wrapped__
    monkeypatch.setattr(stories, "_stored_fingerprint",
                        lambda pk, body: compared.append(pk) or real(pk, body))
    original = stored(copy("first", JULY, "观察者网"))
    # Another headline, so not the same article by content hash: the same body reposted.
    verbatim = stored(describe("美将首次书面承诺对日提供核保护", PAGE.paragraphs,
                               JULY + timedelta(hours=1), guid="second", source="环球网"))
    assert verbatim.story_id == Article.objects.get(pk=original.pk).story_id is not None
    assert compared == []  # every key equal: the same text, no body read
    edited = stored(copy("third", JULY + timedelta(hours=2), "新浪新闻",
                         paragraphs=PAGE.paragraphs[:-1] + ["（本文来自观察者网，转载请注明出处）"]))
    assert edited.story_id == verbatim.story_id
    assert compared  # a changed paragraph: its candidates' bodies were compared
