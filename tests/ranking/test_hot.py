"""热门资讯: unique readers with time decay, one per story, no bots, ads or hidden articles."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from tests.ranking.test_readers import CHROME, WECHAT
from zixun.articles.models import Article, Channel, Story
from zixun.ranking import hot
from zixun.ranking.models import DailySalt, HotList, HourlyViews, SeenToday

pytestmark = pytest.mark.django_db


def make(title: str, **fields) -> Article:
    return Article.objects.create(title=title, body_text=title + "。", **fields)


def read(client, article: Article, agent: str = CHROME, address: str = "203.0.113.7", **headers):
    return client.get(f"/a/{article.pk}/", HTTP_USER_AGENT=agent, REMOTE_ADDR=address, **headers)


def readers(article: Article) -> int:
    return sum(HourlyViews.objects.filter(article=article).values_list("readers", flat=True))


def test_a_refreshing_reader_adds_views_but_only_one_reader(client):
    article = make("刷新十次")
    for _ in range(10):
        assert read(client, article).status_code == 200
    article.refresh_from_db()
    assert article.view_count == 10
    assert readers(article) == 1


def test_two_readers_behind_one_address_with_different_browsers_are_two(client):
    article = make("同一网吧")
    read(client, article, agent=CHROME)
    read(client, article, agent=WECHAT)
    assert readers(article) == 2


def test_bots_and_prefetches_are_not_counted_at_all(client):
    article = make("爬虫来了")
    read(client, article, agent="Mozilla/5.0 (compatible; Baiduspider/2.0)")
    read(client, article, HTTP_SEC_PURPOSE="prefetch")
    article.refresh_from_db()
    assert article.view_count == 0
    assert not HourlyViews.objects.filter(article=article).exists()


def test_missing_and_hidden_articles_count_nothing(client):
    hidden = make("已撤下", status=Article.Status.HIDDEN)
    assert read(client, hidden).status_code == 410
    assert client.get("/a/999999/").status_code == 404
    assert not HourlyViews.objects.exists()


def test_reader_is_kept_as_a_daily_salted_hash_not_an_address(client):
    article = make("隐私")
    read(client, article, address="198.51.100.23")
    seen = SeenToday.objects.get()
    assert "198.51.100.23" not in seen.reader and len(seen.reader) == 32
    salt = DailySalt.objects.get()
    assert salt.day == timezone.localdate() and len(salt.salt) == 64


def test_old_salts_and_reader_rows_are_dropped_by_the_refresh(client):
    article = make("旧数据")
    read(client, article)
    week_ago = timezone.localdate() - timedelta(days=7)
    DailySalt.objects.create(day=week_ago, salt="0" * 64)
    SeenToday.objects.create(day=week_ago, article=article, reader="f" * 32)
    hot.refresh_hot_lists()
    assert list(DailySalt.objects.values_list("day", flat=True)) == [timezone.localdate()]
    assert list(SeenToday.objects.values_list("day", flat=True)) == [timezone.localdate()]


PAGE_CACHE = {
    "MIDDLEWARE": [
        "django.middleware.cache.UpdateCacheMiddleware",
        "zixun.ranking.middleware.ViewCountingMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.cache.FetchFromCacheMiddleware",
    ],
    "CACHE_MIDDLEWARE_SECONDS": 300,
}


def test_views_answered_by_the_page_cache_still_count(client):
    article = make("缓存页面")
    with override_settings(**PAGE_CACHE):
        first = read(client, article, address="192.0.2.1")
        for n in range(2, 6):
            again = read(client, article, address=f"192.0.2.{n}")
    assert again.content == first.content, "the later views were served from the page cache"
    article.refresh_from_db()
    assert article.view_count == 5
    assert readers(article) == 5


def test_a_view_weighs_half_after_one_half_life():
    assert hot.decay(timedelta(0), 12) == 1.0
    assert hot.decay(timedelta(hours=12), 12) == pytest.approx(0.5)
    assert hot.decay(timedelta(hours=36), 12) == pytest.approx(0.125)


def test_fresh_readers_outrank_more_readers_from_two_days_ago():
    now = timezone.now()
    old, new = make("前天的热点"), make("刚刚的新闻")
    HourlyViews.objects.create(article=old, hour=hot.hour_bucket(now - timedelta(hours=48)),
                               views=100, readers=100)
    HourlyViews.objects.create(article=new, hour=hot.hour_bucket(now), views=30, readers=30)
    assert hot.compute_hot(now=now, half_life_hours=12)[:2] == [new, old]
    # with a week-long half-life the bigger old story wins again
    assert hot.compute_hot(now=now, half_life_hours=24 * 7)[:2] == [old, new]


def test_three_copies_of_one_story_take_one_place_shown_as_the_original():
    story = Story.objects.create()
    original, copy1, copy2 = (make(f"同一新闻{n}", story=story) for n in range(3))
    story.original = original
    story.save()
    other = make("另一条新闻")
    for article, count in ((copy1, 40), (copy2, 40), (original, 10), (other, 70)):
        for _ in range(count):
            hot.record_view(article.pk)
    listed = hot.compute_hot()
    # the story's 90 readers together beat the other article's 70
    assert listed[:2] == [original, other]
    assert copy1 not in listed and copy2 not in listed


def test_sponsored_and_hidden_articles_never_reach_the_list():
    ad = make("推广：好物", sponsored=True)
    gone = make("已撤下", status=Article.Status.HIDDEN)
    plain = make("普通新闻")
    for article in (ad, gone, plain):
        hot.record_view(article.pk)
    assert hot.compute_hot() == [plain]


def test_channel_lists_hold_only_their_channel():
    tech, sport = Channel.objects.create(name="科技", slug="tech"), Channel.objects.create(name="体育", slug="sport")
    phone, match = make("新手机", channel=tech), make("决赛", channel=sport)
    hot.record_view(match.pk)
    hot.record_view(phone.pk)
    assert hot.compute_hot(channel=tech) == [phone]
    assert hot.compute_hot(channel=sport) == [match]


def test_pages_show_the_list_the_refresh_stored_not_a_later_count():
    first, second = make("第一"), make("第二")
    hot.record_view(first.pk)
    out = io.StringIO()
    call_command("hot", "refresh", stdout=out)
    assert "refreshed" in out.getvalue()
    assert HotList.objects.get(scope="site").article_ids[:2] == [first.pk, second.pk]
    for _ in range(5):
        hot.record_view(second.pk)
    from django.core.cache import cache

    cache.clear()
    # until the next refresh pages keep the stored order
    assert hot.hot_articles()[:2] == [first, second]
    hot.refresh_hot_lists()
    assert hot.hot_articles()[:2] == [second, first]


def test_an_article_hidden_after_the_refresh_leaves_the_list_at_once():
    article, other = make("将被隐藏"), make("留下")
    hot.record_view(article.pk)
    hot.refresh_hot_lists()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.HIDDEN)
    from django.core.cache import cache

    cache.clear()
    assert hot.hot_articles() == [other]


@pytest.mark.django_db(transaction=True)
def test_views_held_by_a_web_process_are_all_written_in_one_batch(settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zixun.ranking.tally import ViewTally

    settings.VIEW_BATCH_SECONDS = 60
    article = Article.objects.create(title="批量计数", body_text="正文。")
    tally = ViewTally()
    now = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        for n in range(30):
            tally.add(article.pk, f"reader-{n % 10}", now)
    assert not queries.captured_queries, "nothing is written while the batch is young"
    assert tally.flush() == 30
    article.refresh_from_db()
    assert article.view_count == 30
    row = HourlyViews.objects.get(article=article)
    assert (row.views, row.readers) == (30, 10)


@pytest.mark.django_db(transaction=True)
def test_a_lone_view_on_a_quiet_site_is_written_without_waiting_for_another(settings):
    import time

    from zixun.ranking.tally import ViewTally

    settings.VIEW_BATCH_SECONDS = 0.2
    article = Article.objects.create(title="冷清的站点", body_text="正文。")
    ViewTally().add(article.pk, "reader", timezone.now())
    time.sleep(0.6)
    article.refresh_from_db()
    assert article.view_count == 1
