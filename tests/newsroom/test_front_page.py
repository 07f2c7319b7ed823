"""The home page shows the editors' 头条, 幻灯 and 推荐 first, then the latest; without flags,
it is the page it always was."""

from __future__ import annotations

import time
from datetime import timedelta

import lxml.html
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zixun.articles.models import Article
from zixun.newsroom.models import FrontPageFlag

pytestmark = pytest.mark.django_db
Kind = FrontPageFlag.Kind


@pytest.fixture(autouse=True)
def _every_request_rendered(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def articles():
    now = timezone.now()
    return [Article.objects.create(title=f"新闻{n}", summary=f"摘要{n}", body_text="正文。",
                                   cover_image=f"https://img.example.com/{n}.jpg" if n % 2 else "",
                                   published_at=now - timedelta(minutes=n)) for n in range(8)]


def home() -> lxml.html.HtmlElement:
    response = Client().get("/")
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode("utf-8"))


def flag(article, kind, position=0, **values) -> FrontPageFlag:
    return FrontPageFlag.objects.create(article=article, kind=kind, position=position, **values)


def test_without_flags_the_home_page_is_the_latest_alone_as_before(articles):
    withdrawn = Article.objects.create(title="已撤下", status=Article.Status.HIDDEN)
    plain = Client().get("/").content
    root = lxml.html.fromstring(plain.decode("utf-8"))
    assert root.xpath('//section[@id="front"]') == []
    assert [s.get("id") for s in root.xpath("//main/section")] == ["latest"]
    assert root.xpath('//section[@id="latest"]//h3/a/text()')[:3] == ["新闻0", "新闻1", "新闻2"]
    # Flags that may not show leave the page byte for byte as it was.
    flag(withdrawn, Kind.HEADLINE)
    flag(articles[4], Kind.RECOMMENDED, expires_at=timezone.now() - timedelta(seconds=1))
    flag(articles[2], Kind.CAROUSEL)  # a carousel slot needs a cover: this one has none
    assert Client().get("/").content == plain


def test_flags_head_the_page_in_the_editors_order_then_the_latest(articles):
    flag(articles[5], Kind.HEADLINE)
    flag(articles[6], Kind.RECOMMENDED, position=2)
    flag(articles[4], Kind.RECOMMENDED, position=1)
    flag(articles[7], Kind.RECOMMENDED, position=3, expires_at=timezone.now() + timedelta(hours=1))
    flag(articles[3], Kind.CAROUSEL, position=2)
    flag(articles[1], Kind.CAROUSEL, position=1)
    root = home()
    assert [s.get("id") for s in root.xpath("//main/section")] == ["front", "latest"]
    assert root.xpath('//article[@class="headline"]//h2/a/text()') == ["新闻5"]
    assert root.xpath('//section[@id="recommended"]//li/a/text()') == ["新闻4", "新闻6", "新闻7"]
    carousel = root.xpath('//div[@class="carousel"]//li')
    assert [li.xpath("string(.//span)") for li in carousel] == ["新闻1", "新闻3"]
    assert [li.xpath("string(.//img/@src)") for li in carousel] == [
        "https://img.example.com/1.jpg", "https://img.example.com/3.jpg"]
    assert root.xpath('//section[@id="latest"]//h3/a/text()')[:2] == ["新闻0", "新闻1"]
    assert root.xpath("//script") == []  # the carousel is a strip that scrolls, no script


def test_a_flag_leaves_the_page_when_it_expires_or_its_article_is_withdrawn(articles):
    headline = flag(articles[1], Kind.HEADLINE, expires_at=timezone.now() + timedelta(seconds=0.3))
    flag(articles[2], Kind.RECOMMENDED)
    assert home().xpath('//article[@class="headline"]//h2/a/text()') == ["新闻1"]
    time.sleep(0.4)
    assert home().xpath('//article[@class="headline"]') == []
    articles[2].status = Article.Status.HIDDEN
    articles[2].save()
    assert home().xpath('//section[@id="front"]') == []
    headline.expires_at = None
    headline.save()
    assert home().xpath('//article[@class="headline"]//h2/a/text()') == ["新闻1"]


def test_a_future_article_stays_off_the_front_until_its_time(articles):
    articles[0].published_at = timezone.now() + timedelta(hours=1)
    articles[0].save()
    flag(articles[0], Kind.HEADLINE)
    assert home().xpath('//section[@id="front"]') == []


def test_only_the_first_page_carries_the_flags(articles):
    older = timezone.now() - timedelta(days=1)
    Article.objects.bulk_create([Article(title=f"旧闻{n}", published_at=older - timedelta(minutes=n))
                                 for n in range(30)])
    flag(articles[1], Kind.HEADLINE)
    first, second = Client().get("/"), Client().get("/?page=2")
    assert 'id="front"' in first.content.decode()
    assert second.status_code == 200 and "旧闻" in second.content.decode()
    assert 'id="front"' not in second.content.decode()


def test_the_flags_cost_the_home_page_one_query(articles):
    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert Client().get("/").status_code == 200
        return [query["sql"] for query in captured]

    Client().get("/")  # the menu and hot list go to the cache
    without = queries()
    for n, kind in enumerate([Kind.HEADLINE, Kind.RECOMMENDED, Kind.RECOMMENDED, Kind.CAROUSEL]):
        flag(articles[n + 1], kind, position=n)
    flagged = queries()
    assert len(flagged) == len(without)
    assert sum("newsroom_frontpageflag" in sql for sql in flagged) == 1


def test_a_flag_set_or_removed_shows_at_once_and_one_that_expires_within_the_cache_time(
        articles, settings, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_SECONDS = 0.5
    reader = Client()
    assert 'id="front"' not in reader.get("/").content.decode()
    assert reader.get("/")["X-Zixun-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        headline = flag(articles[1], Kind.HEADLINE)
    assert 'id="front"' in reader.get("/").content.decode()
    # Its time runs out: nothing is saved, so the stored page shows it until it expires too.
    FrontPageFlag.objects.filter(pk=headline.pk).update(expires_at=timezone.now())
    assert 'id="front"' in reader.get("/").content.decode(), "served from the cache meanwhile"
    time.sleep(0.6)
    assert 'id="front"' not in reader.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        FrontPageFlag.objects.filter(pk=headline.pk).update(expires_at=None)
        flag(articles[2], Kind.RECOMMENDED)
    assert 'id="recommended"' in reader.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        FrontPageFlag.objects.all().delete()
    assert 'id="front"' not in reader.get("/").content.decode()


def test_editors_flag_articles_from_the_article_list(editor, articles):
    response = editor.post("/admin/articles/article/", {
        "action": "flag_recommended", "_selected_action": [articles[1].pk, articles[2].pk]})
    assert response.status_code == 302
    flags = FrontPageFlag.objects.filter(kind=Kind.RECOMMENDED)
    assert sorted(f.article_id for f in flags) == sorted([articles[1].pk, articles[2].pk])
    assert {f.set_by for f in flags} == {editor.user}
    page = editor.get("/admin/newsroom/frontpageflag/")
    assert page.status_code == 200 and "新闻1" in page.content.decode()


def test_an_editor_may_arrange_the_front_page_and_a_contributor_may_not(client, django_user_model):
    from django.contrib.auth.models import Group

    from zixun.articles.roles import CONTRIBUTOR, EDITOR

    editor = django_user_model.objects.create_user("bianji", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    writer = django_user_model.objects.create_user("zhuangao", is_staff=True)
    writer.groups.add(Group.objects.get(name=CONTRIBUTOR))
    client.force_login(editor)
    assert client.get("/admin/newsroom/frontpageflag/add/").status_code == 200
    assert client.get("/admin/newsroom/topic/add/").status_code == 200
    client.force_login(writer)
    assert client.get("/admin/newsroom/frontpageflag/add/").status_code == 403
    assert "flag_headline" not in client.get("/admin/articles/article/").content.decode()
