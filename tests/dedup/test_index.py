"""The persistent index through an article's life: stored, edited, deleted, rebuilt."""

from __future__ import annotations

from datetime import timedelta

from tests.dedup.test_fingerprint import NEWS
from tests.dedup.test_stories import JULY, copy, stored
from zixun.articles.models import Article, Story
from zixun.dedup.models import KEY_FIELDS, ArticleKeys
from zixun.dedup.rebuild import rebuild


def keys_of(article: Article) -> int:
    row = ArticleKeys.objects.filter(article_id=article.pk).values_list(*KEY_FIELDS).first()
    return sum(key is not None for key in row or ())


def test_deleting_a_storys_original_lets_lists_show_another_copy(reference_story):
    repost, huanqiu, guancha = reference_story
    Article.objects.get(pk=guancha.pk).delete()
    assert keys_of(guancha) == 0
    listed = set(Article.objects.listed().values_list("pk", flat=True))
    assert len(listed & {repost.pk, huanqiu.pk}) == 1
    story = Article.objects.get(pk=repost.pk).story
    assert story.original_id in {repost.pk, huanqiu.pk}


def test_an_edited_article_is_matched_by_its_new_text_only(db):
    first = stored(copy("a", JULY, "环球网"))
    other = NEWS["20240325-01"]["body"].split("\n")
    edited = stored(copy("a", JULY, "环球网", other))  # the same GUID with another body
    assert edited.pk == first.pk and keys_of(edited) == 17
    again = stored(copy("b", JULY + timedelta(hours=1), "新浪新闻"))
    assert again.story_id is None or again.story_id != Article.objects.get(pk=first.pk).story_id
    assert stored(copy("c", JULY, "澎湃新闻", other)).story_id == Article.objects.get(pk=first.pk).story_id


def test_rebuild_puts_copies_back_into_one_story(reference_story):
    ids = [article.pk for article in reference_story]
    ArticleKeys.objects.all().delete()
    Article.objects.update(story=None)
    Story.objects.all().delete()
    counts = rebuild()
    stories = set(Article.objects.filter(pk__in=ids).values_list("story_id", flat=True))
    assert len(stories) == 1 and None not in stories
    assert (counts.indexed, counts.stories, counts.in_stories) == (3, 1, 3)
    assert [keys_of(article) for article in reference_story] == [17, 17, 17]
    assert Article.objects.listed().filter(pk__in=ids).count() == 1
