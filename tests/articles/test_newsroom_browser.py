"""The newsroom in a real Chromium: a contributor files a draft, an editor schedules it, the worker
publishes it on time and readers find it on the home page; screenshots go to docs/screenshots/."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.articles.people import PASSWORD, make_people
from zixun.articles.models import Article
from zixun.ranking.models import HourlyViews
from zixun.sources.models import Feed, Source

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TITLE = "社区图书馆延长夜间开放时间"
# How far ahead the editor schedules the article: time enough to save the form on a busy machine;
# the test then moves the clock past it rather than wait.
LEAD = timedelta(minutes=10)


def _log_in(browser, base_url: str, username: str):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
    return page


def _a_week_of_traffic() -> None:
    """Some arrivals and a failing feed, so the dashboard's screenshot shows what it is for."""
    source = Source.objects.create(name="新华社", slug="xinhua")
    Feed.objects.create(source=source, url="https://www.news.cn/politics/rss.xml", title="新华网时政",
                        error_count=4, last_error="HTTP 503 Service Unavailable")
    now = timezone.now()
    for hours_ago in range(0, 7 * 24, 5):
        article = Article.objects.create(title=f"进站新闻 {hours_ago}", source=source,
                               created_at=now - timedelta(hours=hours_ago))
    for days_ago in range(7):
        HourlyViews.objects.bulk_create(
            HourlyViews(article=article, hour=(now - timedelta(days=days_ago, hours=hour)).replace(
                minute=0, second=0, microsecond=0), views=20 + (hour * 37 + days_ago * 11) % 60)
            for hour in range(24))
    Article.objects.create(title="沂水洒水车_沂水洒水车工厂直供_沂水专用车服务", source=source,
                           status=Article.Status.REVIEW, status_reason="标题带站点后缀，像推广页")


def test_a_draft_goes_from_contributor_to_editor_to_the_home_page(browser, live_server, django_user_model,
                                                                  monkeypatch):
    make_people(django_user_model, password=PASSWORD)
    _a_week_of_traffic()
    base = live_server.url

    writer = _log_in(browser, base, "writer")
    writer.goto(f"{base}/admin/articles/article/add/")
    assert writer.locator("#id_status option").all_inner_texts() == ["草稿", "待审"]
    writer.fill("#id_title", TITLE)
    writer.fill("#id_body_html", "<p>从下周起，社区图书馆每晚开放到十点。</p>")
    writer.click("input[name=_continue]")
    writer.wait_for_selector(".status-history")  # saved: the change page shows its history
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.DRAFT
    writer.select_option("#id_status", "review")
    writer.fill("#id_change_note", "请审阅")
    writer.click("input[name=_continue]")
    writer.wait_for_selector(".status-history >> text=请审阅")
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    writer.context.close()

    editor = _log_in(browser, base, "editor")
    queue = editor.locator("#board-review")
    assert TITLE in queue.inner_text() and "标题带站点后缀" in queue.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    editor.screenshot(path=str(SCREENSHOTS / "newsroom-dashboard.png"), full_page=True)
    queue.locator(f"text={TITLE}").click()
    at = timezone.localtime(timezone.now() + LEAD)
    editor.select_option("#id_status", "scheduled")
    editor.fill("#id_published_at_0", at.strftime("%Y-%m-%d"))
    editor.fill("#id_published_at_1", at.strftime("%H:%M:%S"))
    editor.fill("#id_change_note", "审核通过")
    editor.click("input[name=_continue]")
    editor.wait_for_selector(".status-history >> text=审核通过")
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.SCHEDULED, at.replace(microsecond=0))
    editor.context.close()

    reader = browser.new_context().new_page()
    reader.goto(f"{base}/")
    assert TITLE not in reader.content()
    # --jobs 0: no worker processes, which a fork beside the live server's threads could hang.
    out = io.StringIO()
    call_command("worker", "--once", "--jobs", "0", stdout=out, stderr=io.StringIO())
    assert "scheduled article" not in out.getvalue()  # not yet: its time has not come
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + LEAD + timedelta(seconds=1))
    out = io.StringIO()
    call_command("worker", "--once", "--jobs", "0", stdout=out, stderr=io.StringIO())
    assert "published 1 scheduled article(s)" in out.getvalue()
    reader.goto(f"{base}/?fresh=1")  # past the page cache's copy of the first visit
    assert reader.locator(f"text={TITLE}").count() >= 1
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.PUBLISHED, at.replace(microsecond=0))
    history = list(article.status_changes.order_by("at", "id").values_list("by__username", "to_status"))
    assert history == [("writer", "draft"), ("writer", "review"), ("editor", "scheduled"), (None, "published")]
    reader.context.close()
