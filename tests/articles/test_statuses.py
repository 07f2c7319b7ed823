"""Articles move between 草稿, 待审, 定时, 已发布 and 已撤下 by allowed moves only, each recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from zixun.articles.ingest import UNTRUSTED_REASON, store
from zixun.articles.models import Article, Channel, MoveRefused, StatusChange
from zixun.extract.draft import ArticleDraft
from zixun.sources.models import Source

pytestmark = pytest.mark.django_db
S = Article.Status


def _draft(by, channel=None, title="稿件") -> Article:
    article = Article.objects.create(title=title, body_text="正文。", status=S.DRAFT, created_by=by,
                                     channel=channel)
    article.record_creation(by=by)
    return article


def test_every_move_is_recorded_with_who_when_from_to_and_why(people):
    article = _draft(people["writer"])
    article.move_to(S.REVIEW, by=people["writer"])
    article.move_to(S.PUBLISHED, by=people["editor"], reason="审核通过")
    article.move_to(S.HIDDEN, by=people["editor"], reason="当事人要求更正")
    history = list(article.status_changes.order_by("at", "id").values_list(
        "by__username", "from_status", "to_status", "reason"))
    assert history == [("writer", "", S.DRAFT, ""), ("writer", S.DRAFT, S.REVIEW, ""),
                       ("editor", S.REVIEW, S.PUBLISHED, "审核通过"),
                       ("editor", S.PUBLISHED, S.HIDDEN, "当事人要求更正")]
    article.refresh_from_db()
    assert (article.status, article.status_reason) == (S.HIDDEN, "当事人要求更正")


def test_a_contributor_may_submit_but_never_publish_or_hide(people):
    article = _draft(people["writer"])
    for status in (S.PUBLISHED, S.HIDDEN):
        with pytest.raises(MoveRefused):
            article.move_to(status, by=people["writer"], reason="想撤下")
    with pytest.raises(MoveRefused):
        article.move_to(S.SCHEDULED, by=people["writer"], at=timezone.now() + timedelta(hours=1))
    assert article.moves_for(people["writer"]) == [S.REVIEW]
    article.move_to(S.REVIEW, by=people["writer"])
    assert StatusChange.objects.filter(article=article).count() == 2


def test_a_contributor_cannot_submit_someone_elses_draft(people):
    article = _draft(people["editor"])
    with pytest.raises(MoveRefused, match="自己的稿件"):
        article.move_to(S.REVIEW, by=people["writer"])


def test_hiding_needs_a_reason(people):
    article = Article.objects.create(title="已发布")
    with pytest.raises(MoveRefused, match="原因"):
        article.move_to(S.HIDDEN, by=people["editor"], reason="  ")
    article.refresh_from_db()
    assert article.status == S.PUBLISHED and not article.status_changes.exists()


def test_a_channel_that_needs_review_refuses_publishing_a_draft_directly(people):
    channel = Channel.objects.create(name="时政", slug="shizheng", review_required=True)
    article = _draft(people["editor"], channel)
    with pytest.raises(MoveRefused, match="须先提交审核"):
        article.move_to(S.PUBLISHED, by=people["editor"])
    article.move_to(S.REVIEW, by=people["editor"])
    article.move_to(S.PUBLISHED, by=people["editor"])  # the author may review: the channel allows it
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_a_channel_may_require_the_reviewer_to_differ_from_the_author(people):
    channel = Channel.objects.create(name="财经", slug="caijing", review_required=True,
                                     reviewer_must_differ=True)
    for author in ("editor", "admin"):  # administrators too: the rule is the channel's
        article = _draft(people[author], channel, title=f"{author} 的稿件")
        article.move_to(S.REVIEW, by=people[author])
        with pytest.raises(MoveRefused, match="作者以外"):
            article.move_to(S.PUBLISHED, by=people[author])
        article.move_to(S.PUBLISHED, by=people["second_editor"])
        assert article.status_changes.first().by == people["second_editor"]


def test_scheduling_needs_a_time_still_to_come(people):
    article = _draft(people["editor"])
    with pytest.raises(MoveRefused, match="晚于现在"):
        article.move_to(S.SCHEDULED, by=people["editor"], at=timezone.now() - timedelta(minutes=1))
    at = timezone.now() + timedelta(hours=2)
    article.move_to(S.SCHEDULED, by=people["editor"], at=at)
    article.refresh_from_db()
    assert (article.status, article.published_at) == (S.SCHEDULED, at)


def test_a_move_from_a_stale_copy_is_refused_so_two_editors_never_both_move_it(people):
    article = _draft(people["writer"])
    stale = Article.objects.get(pk=article.pk)
    article.move_to(S.REVIEW, by=people["writer"])
    with pytest.raises(MoveRefused, match="已被他人改变"):
        stale.move_to(S.REVIEW, by=people["writer"])
    assert article.status_changes.filter(to_status=S.REVIEW).count() == 1


def test_moves_outside_the_table_are_refused_even_for_zixun_itself():
    article = Article.objects.create(title="已发布")
    with pytest.raises(MoveRefused, match="不能从「已发布」改为「定时发布」"):
        article.move_to(S.SCHEDULED, at=timezone.now() + timedelta(days=1))


def test_an_unknown_status_is_refused_by_name():
    with pytest.raises(MoveRefused, match="不能从「已发布」改为「archived」"):
        Article.objects.create(title="已发布").move_to("archived")


def test_review_and_draft_articles_are_never_public():
    for status in (S.DRAFT, S.REVIEW, S.SCHEDULED, S.HIDDEN):
        Article.objects.create(title=f"{status} 稿", status=status,
                               published_at=timezone.now() - timedelta(days=1))
    assert not Article.objects.published().exists() and not Article.objects.listed().exists()


def test_articles_from_an_untrusted_source_wait_in_review_with_the_reason():
    Source.objects.create(name="某论坛", slug="luntan", trusted=False)
    held = store(ArticleDraft(title="论坛帖子", body_text="正文。", source="某论坛", guid="g1"))
    trusted = store(ArticleDraft(title="新华社电", body_text="正文二。", source="新华社", guid="g2"))
    article = Article.objects.get(pk=held.article_id)
    assert (article.status, article.status_reason) == (S.REVIEW, UNTRUSTED_REASON)
    assert list(article.status_changes.values_list("by", "from_status", "to_status", "reason")) == [
        (None, "", S.REVIEW, UNTRUSTED_REASON)]
    assert Article.objects.get(pk=trusted.article_id).status == S.PUBLISHED
    assert not Article.objects.listed().filter(pk=held.article_id).exists()


def test_a_draft_held_with_a_reason_keeps_it():
    result = store(ArticleDraft(title="沂水洒水车_工厂直供", body_text="电话。", guid="g3",
                                status=S.REVIEW, status_reason="标题带站点后缀，像推广页"))
    article = Article.objects.get(pk=result.article_id)
    assert (article.status, article.status_reason) == (S.REVIEW, "标题带站点后缀，像推广页")


def test_the_groups_hold_the_permissions_of_their_role(people):
    writer, editor, admin = people["writer"], people["editor"], people["admin"]
    assert writer.has_perm("articles.submit_article") and not writer.has_perm("articles.publish_article")
    assert editor.has_perm("articles.publish_article") and editor.has_perm("articles.hide_article")
    assert not editor.has_perm("articles.change_channel") and not editor.has_perm("auth.change_user")
    assert admin.has_perm("articles.change_channel") and admin.has_perm("auth.change_user")
    assert admin.has_perm("sources.change_source")
    assert admin.has_perm("api.add_apikey") and not editor.has_perm("api.add_apikey")
