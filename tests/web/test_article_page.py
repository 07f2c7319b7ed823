"""The reference article, served by zixun from its own database, without the reference page's faults."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.web.pages import hot_items, parse, texts
from zixun import text
from zixun.articles.models import Article
from zixun.demo.load import paragraphs_to_html, resources
from zixun.demo.reference import parse_reference_page

SEED = parse_reference_page(
    resources.files("zixun.demo").joinpath("data/article-page.txt").read_text("utf-8"))


def get_reference(client, reference_site):
    return client.get(f"/a/{reference_site['demo:reference']}/")


def test_article_page_shows_the_reference_parts_in_order(client, reference_site):
    root = parse(get_reference(client, reference_site))
    story = root.xpath("//article")[0]
    assert texts(story, ".//h1") == [SEED.title.replace(":", "：")]
    assert texts(story, './/*[@class="account"]') == ["创始人"]
    assert texts(story, ".//time[@class='published']") == ["2025-03-14 20:29:29"]
    assert texts(story, './/*[@class="views"]') == ["1"]
    shown = texts(story, './/div[@class="body"]/*')
    assert shown == [text.normalize(p) for p in SEED.paragraphs]
    # the parts come in the reference page's order: story, then 相关内容, then 热门资讯
    headings = texts(root, "//h1 | //h2")
    assert headings.index("相关内容") < headings.index("热门资讯")


def test_photo_caption_is_marked_as_a_caption_not_a_paragraph(client, reference_site):
    root = parse(get_reference(client, reference_site))
    captions = texts(root, "//article//figcaption")
    assert len(captions) == 1 and captions[0].endswith("视觉中国")
    assert not any(p.endswith("视觉中国") for p in texts(root, "//article//p"))


def test_body_punctuation_is_restored_to_full_width(client, reference_site):
    root = parse(get_reference(client, reference_site))
    first = texts(root, '//div[@class="body"]/p')[0]
    assert "7月21日报道，多名日本政府相关人士透露，" in first
    assert "“延伸威慑”联合文件" in first


def test_hot_list_has_twenty_items_cut_by_the_rules(client, reference_site):
    root = parse(get_reference(client, reference_site))
    items = hot_items(root)
    assert len(items) == 20
    for title, summary in items:
        bare_title = title.removesuffix("...")
        assert text.display_width(bare_title) <= 15
        assert text.display_width(summary.removesuffix("...")) <= 50
    ids = [int(re.search(r"/a/(\d+)/", href).group(1)) for href in root.xpath('//section[@id="hot"]//li/a/@href')]
    for (title, summary), pk in zip(items, ids, strict=True):
        article = Article.objects.get(pk=pk)
        assert title == text.cut(article.title, 15)
        if article.summary:
            assert summary == text.cut(article.summary, 50)


def test_hot_list_never_shows_the_advert(client, reference_site):
    root = parse(get_reference(client, reference_site))
    assert not any("最好用" in title for title, _ in hot_items(root))
    advert = Article.objects.get(title__startswith="试过了")
    assert advert.sponsored


def test_hot_summaries_are_news_not_bylines_or_captions(client, reference_site):
    root = parse(get_reference(client, reference_site))
    items = dict(hot_items(root))
    for title, summary in items.items():
        assert not summary.startswith(("转自", "来源", "【文", "宇树机器人进行数据采集训练")), (title, summary)
    ibm = next(s for t, s in items.items() if t.startswith("IBM"))
    assert ibm.startswith("近日，IBM和罗氏集团")  # 转自 and the 美通社消息 dateline left out
    london = next(s for t, s in items.items() if t.startswith("2025伦敦科技周"))
    assert london.startswith("2025年伦敦科技周")


def test_related_block_is_never_empty(client, reference_site):
    root = parse(get_reference(client, reference_site))
    related = root.xpath('//section[@id="related"]//li')
    assert 5 <= len(related) <= 10


def test_related_block_is_filled_even_for_an_article_with_no_tags_or_channel(client, reference_site):
    lone = Article.objects.create(title="孤立的文章", body_html="<p>正文</p>", body_text="正文")
    root = parse(client.get(f"/a/{lone.pk}/"))
    assert len(root.xpath('//section[@id="related"]//li')) >= 5


def test_related_articles_are_about_the_same_things(client, reference_site):
    article = Article.objects.get(pk=reference_site["demo:reference"])
    root = parse(get_reference(client, reference_site))
    hrefs = root.xpath('//section[@id="related"]//li/a/@href')
    shown = [Article.objects.get(pk=int(re.search(r"\d+", h).group())) for h in hrefs]
    words = set(article.keywords)
    alike = [a for a in shown if a.channel_id == article.channel_id or words & set(a.keywords)]
    assert len(alike) >= len(shown) // 2, [a.title for a in shown]
    assert article.pk not in [a.pk for a in shown]


def test_sponsored_article_never_reaches_the_hot_list_even_with_most_views(client, reference_site):
    ad = Article.objects.create(title="推广：超值好物", body_text="买买买。", sponsored=True, view_count=10**6)
    from zixun.ranking.hot import record_view
    for _ in range(50):
        record_view(ad.pk)
    root = parse(get_reference(client, reference_site))
    assert not any(t.startswith("推广") for t, _ in hot_items(root))


def test_hot_list_cut_keeps_latin_words_numbers_and_emoji_whole(client, reference_site):
    from zixun.ranking.hot import record_view
    odd = Article.objects.create(
        title="WWDC25大会发布iPhone新功能😀再次升级",
        body_text="苹果在WWDC25上宣布iOS 26将支持更多功能，售价3999元起，用户😀可在设置中开启这项功能并立即体验。",
        summary="苹果在WWDC25上宣布iOS 26将支持更多功能，售价3999元起，用户😀可在设置中开启这项功能并立即体验。",
    )
    for _ in range(500):
        record_view(odd.pk)
    root = parse(get_reference(client, reference_site))
    title, summary = hot_items(root)[0]
    assert title == text.cut(odd.title, 15) and title.endswith("...")
    for word in re.findall(r"[A-Za-z0-9]+", title.removesuffix("...")):
        assert word in re.findall(r"[A-Za-z0-9]+", odd.title)
    assert "\ufffd" not in title + summary


def test_each_view_adds_one_to_the_count(client, reference_site):
    pk = reference_site["demo:reference"]
    before = Article.objects.get(pk=pk).view_count
    for _ in range(3):
        client.get(f"/a/{pk}/")
    assert Article.objects.get(pk=pk).view_count == before + 3


def test_article_page_needs_at_most_eight_queries(client, reference_site, django_assert_max_num_queries):
    client.get(f"/a/{reference_site['demo:reference']}/")  # warm the hot-list cache as a live site has it
    with django_assert_max_num_queries(8):
        client.get(f"/a/{reference_site['demo:reference']}/")


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.SCHEDULED])
def test_unpublished_articles_are_not_found(client, db, status):
    article = Article.objects.create(title="未发布", status=status)
    response = client.get(f"/a/{article.pk}/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_article_scheduled_for_later_is_not_shown_yet(client, db):
    later = Article.objects.create(title="明天的新闻", published_at=timezone.now() + timedelta(days=1))
    assert client.get(f"/a/{later.pk}/").status_code == 404


def test_unknown_address_gets_a_chinese_404_page(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode() and 'lang="zh-Hans"' in response.content.decode()


def test_body_html_is_rendered_as_stored_html(client, db):
    article = Article.objects.create(title="测试", body_html=paragraphs_to_html(["第一段。", "第二段。"]))
    root = parse(client.get(f"/a/{article.pk}/"))
    assert texts(root, '//div[@class="body"]/p') == ["第一段。", "第二段。"]


def test_article_links_match_the_route_table(db):
    from django.urls import reverse

    article = Article.objects.create(title="链接")
    assert article.get_absolute_url() == reverse("article", args=[article.pk])
