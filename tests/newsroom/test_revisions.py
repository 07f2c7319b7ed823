"""Every saved text of an article is kept; the admin compares any two and restores any one."""

from __future__ import annotations

import lxml.html
import pytest

from tests.newsroom.conftest import form_values
from zixun.articles.ingest import store
from zixun.articles.models import Article
from zixun.extract.draft import ArticleDraft
from zixun.newsroom.models import Revision
from zixun.newsroom.revisions import FIRST_NOTE, SOURCE_NOTE

pytestmark = pytest.mark.django_db


def numbers(article: Article) -> list[tuple[int, str]]:
    return list(Revision.objects.filter(article=article).order_by("number")
                .values_list("number", "title"))


def edit_in_admin(client, article: Article, **changes) -> None:
    url = f"/admin/articles/article/{article.pk}/change/"
    values = form_values(client, url, "article_form")
    for name, value in changes.items():
        values[name] = [value]
    response = client.post(url, values)
    assert response.status_code == 302, response.content.decode()[:3000]


def draft(title: str, body: str, guid: str = "feed:1") -> ArticleDraft:
    return ArticleDraft(title=title, body_html=f"<p>{body}</p>", body_text=body, guid=guid,
                        source="新华社", summary=body[:20])


def test_an_admin_edit_keeps_the_old_text_as_revision_1_and_the_new_one_naming_the_editor(editor):
    article = Article.objects.get(pk=store(draft("北京今日有雨", "北京今天下雨。")).article_id)
    assert numbers(article) == []  # an import keeps no revision until the first change
    edit_in_admin(editor, article, title="北京今日有大雨", body_text="北京今天下大雨。")
    first, second = Revision.objects.filter(article=article).order_by("number")
    assert (first.number, first.title, first.body_text, first.note, first.created_by) == (
        1, "北京今日有雨", "北京今天下雨。", FIRST_NOTE, None)
    assert (second.number, second.title, second.body_text, second.created_by) == (
        2, "北京今日有大雨", "北京今天下大雨。", editor.user)


def test_an_admin_save_that_leaves_the_text_as_it_was_keeps_no_revision(editor):
    article = Article.objects.create(title="原标题", body_text="正文。")
    assert numbers(article) == [(1, "原标题")]  # made by hand: its first text at once
    edit_in_admin(editor, article, sponsored="on")
    article.refresh_from_db()
    assert article.sponsored and numbers(article) == [(1, "原标题")]


def test_a_source_update_keeps_the_imported_text_then_the_update(db):
    first = store(draft("上海发布暴雨预警", "上海发布暴雨黄色预警。"))
    store(draft("上海发布暴雨预警", "上海发布暴雨橙色预警。"))
    kept = Revision.objects.filter(article_id=first.article_id).order_by("number")
    assert [(r.number, r.body_text, r.note) for r in kept] == [
        (1, "上海发布暴雨黄色预警。", FIRST_NOTE), (2, "上海发布暴雨橙色预警。", SOURCE_NOTE)]
    store(draft("上海发布暴雨预警", "上海发布暴雨橙色预警。"))  # unchanged: nothing new
    assert kept.count() == 2


def test_a_bulk_import_writes_no_revision(db):
    from zixun.articles.ingest import store_many

    results = store_many([draft(f"第{n}条", f"正文{n}。", guid=f"feed:{n}") for n in range(20)])
    assert all(result.article_id for result in results)
    assert Revision.objects.count() == 0


def test_the_diff_page_shows_the_two_versions_side_by_side_marking_the_changed_characters(editor):
    article = Article.objects.create(title="今天北京下雨", body_text="第一段。\n北京今天下雨。")
    article.title, article.body_text = "今天上海下雨", "第一段。\n上海今天下雨。"
    article.save()
    page = editor.get(f"/admin/articles/article/{article.pk}/revisions/2/")
    assert page.status_code == 200
    root = lxml.html.fromstring(page.content.decode("utf-8"))
    assert root.xpath("//table[@class='diff']//td[@class='old']//del/text()") == ["北京", "北京"]
    assert root.xpath("//table[@class='diff']//td[@class='new']//ins/text()") == ["上海", "上海"]
    unchanged = root.xpath("//tr[not(@class='changed')]/td[@class='new']/text()")
    assert "第一段。" in unchanged


def test_restoring_a_revision_puts_its_text_back_as_a_new_revision(editor):
    article = Article.objects.create(title="第一稿", summary="摘要一", body_text="正文一。",
                                     body_html="<p>正文一。</p>")
    article.title, article.body_text, article.body_html = "第二稿", "正文二。", "<p>正文二。</p>"
    article.save()
    response = editor.post(f"/admin/articles/article/{article.pk}/revisions/1/restore/")
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body_text, article.body_html) == ("第一稿", "正文一。", "<p>正文一。</p>")
    latest = Revision.objects.filter(article=article).order_by("-number").first()
    assert (latest.number, latest.title, latest.note, latest.created_by) == (
        3, "第一稿", "恢复自第 1 版", editor.user)
    listing = editor.get(f"/admin/articles/article/{article.pk}/revisions/").content.decode()
    assert "恢复自第 1 版" in listing and "第 3 版" in listing


def test_restoring_the_current_text_changes_nothing(editor):
    article = Article.objects.create(title="唯一一稿")
    editor.post(f"/admin/articles/article/{article.pk}/revisions/1/restore/")
    assert numbers(article) == [(1, "唯一一稿")]


def test_restoring_takes_a_post_from_someone_who_may_change_the_article(client, editor, django_user_model):
    article = Article.objects.create(title="第一稿")
    article.title = "第二稿"
    article.save()
    url = f"/admin/articles/article/{article.pk}/revisions/1/restore/"
    assert editor.get(url).status_code == 405
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    assert client.get(f"/admin/articles/article/{article.pk}/revisions/").status_code == 200
    assert client.post(url).status_code == 403
    article.refresh_from_db()
    assert article.title == "第二稿"


def test_the_article_form_links_its_revisions(editor):
    article = Article.objects.create(title="有修订的文章")
    page = editor.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert f"/admin/articles/article/{article.pk}/revisions/" in page and "1 个版本" in page
