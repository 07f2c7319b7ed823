"""The diff view and the arranged home page in a real Chromium, under the site's CSP; their
screenshots go to docs/screenshots/."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.test_browser import SCREENSHOTS
from zixun.articles.models import Article
from zixun.newsroom.models import FrontPageFlag

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def open_page(browser, live_server, path: str, width: int, cookies: list[dict] = ()):
    """The page at ``path`` and the messages of any CSP refusal its console shows."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(list(cookies))
    # Nothing leaves the machine.
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        live_server.url) else route.abort())
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    response = page.goto(live_server.url + path)
    assert response.status == 200
    return page, refused


def test_the_diff_view_marks_changed_characters_side_by_side(browser, live_server, django_user_model):
    article = Article.objects.create(
        title="国务院常务会议部署稳就业工作",
        summary="会议部署进一步稳就业。",
        body_text="国务院总理主持召开国务院常务会议。\n会议指出，就业是最大的民生。\n会议要求各地加大政策支持力度。",
        body_html="<p>国务院总理主持召开国务院常务会议。</p><p>会议指出，就业是最大的民生。</p>"
                  "<p>会议要求各地加大政策支持力度。</p>")
    article.title = "国务院常务会议部署稳就业促增收工作"
    article.body_text = "国务院总理主持召开国务院常务会议。\n会议指出，就业是最基本的民生。\n会议要求各地加大政策支持力度。"
    article.body_html = ("<p>国务院总理主持召开国务院常务会议。</p><p>会议指出，就业是最基本的民生。</p>"
                         "<p>会议要求各地加大政策支持力度。</p>")
    article.save()
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", None)
    client = Client()
    client.force_login(user)
    cookies = [{"name": "sessionid", "value": client.cookies["sessionid"].value,
                "url": live_server.url}]
    page, refused = open_page(browser, live_server,
                              f"/admin/articles/article/{article.pk}/revisions/2/", 1280, cookies)
    # Tables for the changed fields only: the title, the body text, the body HTML.
    title, body = page.locator("table.diff").nth(0), page.locator("table.diff").nth(1)
    assert title.locator("td.new ins").all_inner_texts() == ["促增收"]
    assert body.locator("td.old del").all_inner_texts() == ["大"]
    assert body.locator("td.new ins").all_inner_texts() == ["基本"]
    # The marks are styled by the admin's own stylesheet, which the policy lets load.
    colour = body.locator("td.new ins").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(204, 255, 216)"
    assert refused == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "revision-diff.png"), full_page=True)
    page.context.close()


def test_the_arranged_home_page_in_a_phone_window(browser, live_server):
    cover = f"{live_server.url}/static/zixun/logo.png"
    articles = [Article.objects.create(title=f"第{n}条新闻：城市更新行动持续推进", summary="各地加快推进城市更新。",
                                       cover_image=cover) for n in range(6)]
    FrontPageFlag.objects.create(article=articles[0], kind=FrontPageFlag.Kind.HEADLINE)
    for n in (1, 2, 3):
        FrontPageFlag.objects.create(article=articles[n], kind=FrontPageFlag.Kind.CAROUSEL, position=n)
    for n in (4, 5):
        FrontPageFlag.objects.create(article=articles[n], kind=FrontPageFlag.Kind.RECOMMENDED, position=n)
    page, refused = open_page(browser, live_server, "/", 360)
    assert page.locator("#front .headline h2").inner_text() == articles[0].title
    strip = page.locator(".carousel ul")
    assert strip.locator("li").count() == 3
    # The strip scrolls sideways inside itself; the page never does.
    assert strip.evaluate("e => e.scrollWidth > e.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert refused == []
    page.screenshot(path=str(SCREENSHOTS / "home-front-360.png"), full_page=True)
    page.context.close()
