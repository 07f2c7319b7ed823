"""zixun subscribed to its own RSS: what comes back is reposts of what it has, not new stories."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from zixun.articles.models import Article, Story
from zixun.sources.models import Feed

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_zixun_reading_its_own_feed_gets_reposts_of_its_articles_in_their_stories(
        live_server, reference_site, settings):
    settings.FETCH_ALLOW_HOSTS = ["127.0.0.1"]
    settings.PAGE_CACHE_SECONDS = 0
    site = live_server.url.replace("localhost", "127.0.0.1")
    originals = list(Article.objects.listed().order_by("-published_at", "-id")[:30])
    stories_before = Story.objects.count()
    lone = sum(1 for original in originals if original.story_id is None)
    call_command("feeds", "add", f"{site}/rss.xml", "--source", "资讯自身")
    feed = Feed.objects.get(url=f"{site}/rss.xml")
    call_command("fetch", "--feed", str(feed.pk), "--jobs", "0")

    copies = {copy.guid: copy for copy in Article.objects.filter(feed=feed)}
    assert len(copies) == len(originals) == 30
    for original in originals:
        copy = copies[f"{site}{original.get_absolute_url()}"]
        original.refresh_from_db()
        assert copy.title == original.title
        assert copy.story_id is not None and copy.story_id == original.story_id, original.title
        assert copy.story.original_id == original.pk, original.title
    # No new stories but those a lone original needed to hold its first repost.
    assert Story.objects.count() == stories_before + lone
    # The home page still lists each story once, by its original.
    assert set(Article.objects.listed().values_list("pk", flat=True)) >= {o.pk for o in originals}
    assert not Article.objects.listed().filter(feed=feed).exists()
