"""The junk gate in the pipeline: an import holds junk in 待审 with its reason, an editor releases
it in one click, and an article that came without a date never claims one."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from zixun.articles.ingest import arrival_day
from zixun.articles.models import Article, Tombstone
from zixun.extract.draft import ArticleDraft
from zixun.pipeline.prepare import prepare

SPAM_TITLE = "沂水洒水车_沂水洒水车工厂直供_沂水专用车服务"
SPAM_TEXT = "沂水洒水车厂家直销，各种型号现货供应，全国送货上门，价格优惠，欢迎来电咨询。"


def report(place: str) -> str:
    return (f"本报讯（记者 王明）昨天上午，{place}举行防汛应急演练，消防、水务、医疗等部门参加，"
            "演练模拟了城区内涝、群众转移等情况。")


def import_rows(tmp_path, rows: list[dict]) -> str:
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows),
                    encoding="utf-8")
    out = io.StringIO()
    call_command("import", str(path), "--jobs", "0", stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_an_imported_spam_record_waits_in_review_with_its_reason_and_stays_off_the_home_page(
        tmp_path, client) -> None:
    when = (timezone.now() - timedelta(hours=1)).isoformat()
    import_rows(tmp_path, [
        {"id": "spam", "title": SPAM_TITLE, "content": SPAM_TEXT, "date": when},
        {"id": "news", "title": "滨江区举行防汛应急演练", "content": report("滨江区"), "date": when},
    ])
    spam, news = Article.objects.get(guid="spam"), Article.objects.get(guid="news")
    assert spam.status == Article.Status.REVIEW and "沂水洒水车" in spam.status_reason
    assert news.status == Article.Status.PUBLISHED and news.status_reason == ""
    home = client.get("/").content.decode()
    assert news.title in home and SPAM_TITLE not in home
    assert client.get(spam.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_an_editor_releases_a_held_article_in_one_click_and_it_goes_live(tmp_path, people) -> None:
    import_rows(tmp_path, [{"id": "spam", "title": SPAM_TITLE, "content": SPAM_TEXT,
                            "date": (timezone.now() - timedelta(hours=1)).isoformat()}])
    held = Article.objects.get(guid="spam")
    editor = Client()
    editor.force_login(people["editor"])
    response = editor.post("/admin/articles/article/",
                           {"action": "release", "_selected_action": [held.pk]}, follow=True)
    assert "1 篇文章已放行" in response.content.decode()
    held.refresh_from_db()
    assert held.status == Article.Status.PUBLISHED and held.status_reason == ""
    assert held.status_changes.filter(to_status=Article.Status.PUBLISHED, by=people["editor"]).exists()
    assert SPAM_TITLE in Client().get("/").content.decode()


@pytest.mark.django_db
def test_the_release_action_leaves_articles_that_are_not_held_alone(people) -> None:
    draft = Article.objects.create(title="编辑的草稿", status=Article.Status.DRAFT)
    editor = Client()
    editor.force_login(people["editor"])
    editor.post("/admin/articles/article/", {"action": "release", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_the_text_stage_holds_junk_but_keeps_a_status_its_record_chose() -> None:
    held = prepare(ArticleDraft(title=SPAM_TITLE, body_text=SPAM_TEXT), now=timezone.now())
    assert held.status == "review" and "沂水洒水车" in held.status_reason
    kept = prepare(ArticleDraft(title=SPAM_TITLE, body_text=SPAM_TEXT, status="draft"),
                   now=timezone.now())
    assert kept.status == "draft" and kept.status_reason == ""
    news = prepare(ArticleDraft(title="滨江区举行防汛应急演练", body_text=report("滨江区")),
                   now=timezone.now())
    assert news.status == "published"


@pytest.mark.django_db
def test_an_undated_record_shows_date_unknown_and_sorts_below_the_same_days_dated_news(
        tmp_path, client) -> None:
    now = timezone.now()
    today = arrival_day(now)
    import_rows(tmp_path, [
        {"id": "dated", "title": "今天有日期的新闻", "content": report("东城区"),
         "date": (today + (now - today) / 2).isoformat()},
        {"id": "undated", "title": "没有日期的新闻", "content": report("西城区")},
        {"id": "yesterday", "title": "昨天深夜的新闻", "content": report("南城区"),
         "date": (today - timedelta(minutes=1)).isoformat()},
    ])
    undated = Article.objects.get(guid="undated")
    assert not undated.date_known and undated.published_at == today
    assert Article.objects.get(guid="dated").date_known

    page = client.get(undated.get_absolute_url()).content.decode()
    assert "日期不详" in page
    assert "datePublished" not in page and "article:published_time" not in page
    home = client.get("/").content.decode()
    assert home.index("今天有日期的新闻") < home.index("没有日期的新闻") < home.index("昨天深夜的新闻")
    assert "日期不详" in home
    rss = client.get("/rss.xml").content.decode()
    item = rss[rss.index("没有日期的新闻"):]
    assert "<pubDate>" not in item[:item.index("</item>")]


@pytest.mark.django_db
def test_importing_an_undated_record_again_keeps_its_day_and_a_date_given_later_is_kept(
        tmp_path) -> None:
    import_rows(tmp_path, [{"id": "undated", "title": "没有日期的新闻", "content": report("西城区")}])
    first = Article.objects.get(guid="undated")
    out = import_rows(tmp_path, [{"id": "undated", "title": "没有日期的新闻",
                                  "content": report("西城区")}])
    assert "unchanged 1" in out
    given = timezone.now() - timedelta(days=3)
    import_rows(tmp_path, [{"id": "undated", "title": "没有日期的新闻", "content": report("西城区"),
                            "date": given.isoformat()}])
    dated = Article.objects.get(pk=first.pk)
    assert dated.date_known and dated.published_at == given


@pytest.mark.django_db
def test_an_export_imported_again_keeps_undated_articles_undated_and_held_ones_held(tmp_path) -> None:
    import_rows(tmp_path, [
        {"id": "undated", "title": "没有日期的新闻", "content": report("西城区"),
         "created_at": (timezone.now() - timedelta(days=5)).isoformat()},
        {"id": "spam", "title": SPAM_TITLE, "content": SPAM_TEXT},
    ])
    before = Article.objects.get(guid="undated")
    assert before.published_at == arrival_day(before.created_at) < arrival_day()
    exported = tmp_path / "export.jsonl"
    call_command("export", "-o", str(exported), stdout=io.StringIO())
    Article.objects.all().delete()
    Tombstone.objects.all().delete()  # an empty site: no deleted articles either
    out = io.StringIO()
    call_command("import", str(exported), "--jobs", "0", stdout=out, stderr=io.StringIO())
    assert "failed 0" in out.getvalue()
    after = Article.objects.get(guid="undated")
    assert not after.date_known and after.published_at == before.published_at
    assert Article.objects.get(guid="spam").status == Article.Status.REVIEW
