"""Deleting is final: every delete leaves a tombstone that keeps imports and feeds from bringing
the article back, and an editor can restore the article from it."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db.models.signals import post_delete

from tests.sources.conftest import RSS, fixture_bytes
from zixun.articles.ingest import restore
from zixun.articles.models import Article, Channel, Tag, Tombstone
from zixun.pipeline.poller import poll_feed
from zixun.sources import queue
from zixun.sources.models import Source

RECORD = {
    "id": "20251231-11", "date": "2025-12-31T19:00:00+08:00",
    "title": "俄称控制哈尔科夫和扎波罗热更多区域 乌称击落俄军战术无人机",
    "source": "央视网/新闻联播", "url": "https://tv.cctv.example/2025/12/31/ARTI11.shtml",
    "channel": "国际", "tags": ["俄罗斯", "乌克兰"],
    "body": "央视网消息（新闻联播）：俄罗斯国防部30日称，俄军在哈尔科夫和扎波罗热地区新控制两个定居点。\n"
            "乌克兰军方30日称，乌军在多个方向击退俄军进攻，并对俄军人员集结区实施打击。",
}


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "a-long-password-1")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def one_record(tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(RECORD, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def import_file(path) -> str:
    out = io.StringIO()
    call_command("import", str(path), "--jobs", "0", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def delete_in_admin(editor, article: Article, how: str):
    if how == "single":
        return editor.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    return editor.post("/admin/articles/article/", {
        "action": "delete_selected", "_selected_action": [article.pk], "post": "yes"})


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["single", "bulk"])
def test_an_article_deleted_in_the_admin_stays_deleted_when_the_file_is_imported_again(
    editor, one_record, how
):
    assert "created 1," in import_file(one_record)
    article = Article.objects.get()
    response = delete_in_admin(editor, article, how)
    assert response.status_code == 302
    assert not Article.objects.exists()
    tombstone = Tombstone.objects.get()
    assert (tombstone.guid, tombstone.original_url, tombstone.deleted_by) == (
        "20251231-11", RECORD["url"], editor.user)
    out = import_file(one_record)
    assert "created 0, updated 0, unchanged 0, skipped 1, failed 0" in out
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_feed_poll_does_not_bring_a_deleted_article_back(http_server, make_feed, policy):
    srv = http_server({"/feed": (200, RSS, fixture_bytes("rss2.xml"))})
    feed = make_feed(srv.url("/feed"))

    def poll():
        return poll_feed(queue.claim_feeds(1, feed_ids=[feed.pk])[0], policy=policy).counts

    assert poll().created == 3
    Article.objects.get(guid__endswith="xwlb-20220924-03").delete()
    counts = poll()
    assert (counts.created, counts.unchanged, counts.skipped) == (0, 2, 1)
    assert not Article.objects.filter(guid__endswith="xwlb-20220924-03").exists()


@pytest.mark.django_db
def test_the_tombstone_admin_lists_deleted_articles_and_offers_no_add(editor, one_record):
    import_file(one_record)
    delete_in_admin(editor, Article.objects.get(), "single")
    page = editor.get("/admin/articles/tombstone/", {"q": "哈尔科夫"})
    body = page.content.decode()
    assert page.status_code == 200
    assert RECORD["title"] in body and RECORD["url"] in body and "editor" in body
    assert "恢复所选文章" in body and "允许下次抓取或导入重新收录" in body
    assert editor.get("/admin/articles/tombstone/add/").status_code == 403
    detail = editor.get(f"/admin/articles/tombstone/{Tombstone.objects.get().pk}/change/")
    assert detail.status_code == 200 and "body_text" in detail.content.decode()


@pytest.mark.django_db
def test_the_restore_action_brings_the_article_back_with_its_text_tags_channel_and_source(
    editor, one_record
):
    import_file(one_record)
    before = Article.objects.select_related("source", "channel").get()
    delete_in_admin(editor, before, "bulk")
    tombstone = Tombstone.objects.get()
    response = editor.post("/admin/articles/tombstone/", {"action": "restore", "_selected_action": [tombstone.pk]})
    assert response.status_code == 302
    assert not Tombstone.objects.exists()
    article = Article.objects.select_related("source", "channel").get()
    assert (article.title, article.body_html, article.body_text, article.summary) == (
        before.title, before.body_html, before.body_text, before.summary)
    assert (article.guid, article.original_url, article.content_hash) == (
        before.guid, before.original_url, before.content_hash)
    assert (article.published_at, article.original_outlet, article.keywords) == (
        before.published_at, before.original_outlet, before.keywords)
    assert sorted(article.tags.values_list("name", flat=True)) == ["乌克兰", "俄罗斯"]
    assert (article.channel.name, article.source.name) == ("国际", "央视网")
    assert editor.get(f"/a/{article.pk}/").status_code == 200
    assert "created 0, updated 0, unchanged 1, skipped 0" in import_file(one_record)


@pytest.mark.django_db
def test_restoring_makes_again_a_channel_source_or_tag_removed_since_the_delete(one_record):
    import_file(one_record)
    Article.objects.get().delete()
    Channel.objects.all().delete()
    Source.objects.all().delete()
    Tag.objects.all().delete()
    article = Article.objects.get(pk=restore(Tombstone.objects.get()).article_id)
    assert (article.channel.name, article.source.name) == ("国际", "央视网")
    assert sorted(article.tags.values_list("name", flat=True)) == ["乌克兰", "俄罗斯"]


@pytest.mark.django_db
def test_a_queryset_delete_leaves_one_tombstone_per_article_with_its_snapshot():
    channel = Channel.objects.create(name="科技", slug="keji")
    articles = [Article.objects.create(title=f"第{n}篇", guid=f"g:{n}", channel=channel) for n in range(3)]
    articles[0].tags.add(Tag.objects.create(name="芯片", slug="xinpian"))
    deleted, _ = Article.objects.filter(pk__in=[articles[0].pk, articles[1].pk]).delete()
    assert deleted >= 2
    assert list(Article.objects.values_list("pk", flat=True)) == [articles[2].pk]
    stones = {stone.guid: stone for stone in Tombstone.objects.all()}
    assert sorted(stones) == ["g:0", "g:1"]
    snapshot = stones["g:0"].snapshot
    assert (snapshot["title"], snapshot["channel"], snapshot["tags"], snapshot["source"]) == (
        "第0篇", "科技", ["芯片"], "")
    assert snapshot["published_at"] == articles[0].published_at.isoformat()
    assert stones["g:1"].deleted_by is None


@pytest.mark.django_db
def test_a_delete_that_fails_leaves_no_tombstone():
    article = Article.objects.create(title="删不掉的文章", guid="g:stuck")

    def fail(**kwargs):
        raise RuntimeError("the delete fails after the row is gone")

    post_delete.connect(fail, sender=Article, dispatch_uid="test-fail")
    try:
        with pytest.raises(RuntimeError):
            article.delete()
    finally:
        post_delete.disconnect(sender=Article, dispatch_uid="test-fail")
    assert Article.objects.filter(pk=article.pk).exists()
    assert not Tombstone.objects.exists()
