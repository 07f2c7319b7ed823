"""The admin's front page shows editors what waits for them and how the site went this week."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.articles.people import make_people
from zixun.articles.models import Article
from zixun.ranking.models import HourlyViews
from zixun.sources.models import Feed, Source
from zixun.web.dashboard import dashboard, hourly_series

pytestmark = pytest.mark.django_db
S = Article.Status


@pytest.fixture
def people(django_user_model):
    return make_people(django_user_model)


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_editor_sees_the_queue_the_schedule_the_failing_feeds_and_the_arrivals(people):
    xinhua = Source.objects.create(name="新华社", slug="xinhua")
    Article.objects.create(title="等待审核的稿件", status=S.REVIEW, status_reason="标题像推广页", source=xinhua)
    Article.objects.create(title="今晚发布的稿件", status=S.SCHEDULED,
                           published_at=timezone.now() + timedelta(hours=3))
    Article.objects.create(title="今天进站的新闻", source=xinhua)
    Feed.objects.create(source=xinhua, url="https://www.news.cn/rss.xml", title="新华网要闻",
                        error_count=3, last_error="HTTP 503")
    Feed.objects.create(source=xinhua, url="https://www.news.cn/ok.xml", title="正常的订阅源")
    page = _as(people["editor"]).get("/admin/")
    body = page.content.decode()
    assert page.status_code == 200
    for shown in ("等待审核的稿件", "标题像推广页", "今晚发布的稿件", "新华网要闻", "HTTP 503",
                  "<svg", "今日进站（3 篇）"):
        assert shown in body, shown
    assert "正常的订阅源" not in body and "<script" not in body.split('id="zixun-dashboard"')[1].split("</div>")[0]


def test_a_contributor_gets_no_dashboard(people):
    page = _as(people["writer"]).get("/admin/")
    assert page.status_code == 200 and 'id="zixun-dashboard"' not in page.content.decode()


def test_the_chart_counts_articles_in_and_views_per_hour_for_a_week():
    now = timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=5)
    article = Article.objects.create(title="进站", created_at=hour + timedelta(minutes=10))
    Article.objects.create(title="同一小时", created_at=hour + timedelta(minutes=50))
    Article.objects.create(title="八天前", created_at=now - timedelta(days=8))
    HourlyViews.objects.create(article=article, hour=hour, views=40)
    HourlyViews.objects.create(article=article, hour=hour - timedelta(days=9), views=999)
    articles, views = hourly_series(now)
    assert articles == {hour: 2} and views == {hour: 40}
    board = dashboard(now)
    assert board.chart_totals == {"articles": 2, "views": 40}
    assert board.chart.count("<rect") == 2  # the frame and the one hour with arrivals


def test_the_admin_is_named_after_the_site(people, settings):
    page = _as(people["editor"]).get("/admin/").content.decode()
    assert f"{settings.SITE_NAME} · 编辑部" in page and "Django" not in page.split("<body")[1][:2000]
