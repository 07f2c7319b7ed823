"""Boilerplate never makes a story: shared footers do not merge posts, editors' splits hold."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command

from tests.dedup.test_stories import JULY, PAGE, copy, stored
from zixun.articles.models import Article, Story
from zixun.dedup.stories import split_out
from zixun.demo.load import describe
from zixun.text.boilerplate import strip_boilerplate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "dedup"
# Not in the known table: only the counting of sentences and the confirmation keep it apart.
# As long as the posts themselves, as on the platforms whose posts are a paragraph or two.
FOOTER = ("本文由自媒体平台“某某号”作者上传并发布，本平台仅提供信息存储服务，不代表本平台观点。"
          "如有侵权，请联系平台删除。平台鼓励原创，转载须经作者授权并注明出处。"
          "作者对内容的真实性、准确性和合法性负责，平台不承担由此引起的任何法律责任。"
          "读者应自行判断内容的可靠性，据此操作风险自担。"
          "本平台不对用户上传内容作任何形式的保证，亦不代表本平台赞同其观点或证实其描述。"
          "如需转载或合作，请通过平台私信联系作者本人，平台客服不代为处理任何版权事宜。"
          "感谢您的阅读与支持，欢迎在评论区理性发表您的看法，共同维护良好的社区氛围。"
          "更多精彩内容请留意平台每日推送。")


def ten_unrelated_posts() -> list[str]:
    bodies = [json.loads(line)["body"] for line in (FIXTURES / "xinwenlianbo.jsonl").open(encoding="utf-8")]
    # The cremation report opens with the obituary's words: take its later lines instead.
    texts = [b[:80] if n != 7 else b[300:380] for n, b in enumerate(bodies)]
    texts += [b[600:680] for b in bodies if len(b) > 800][:2]
    assert len(texts) == 10
    return texts


def test_ten_unrelated_posts_with_one_platform_footer_stay_ten_stories(db):
    posts = [stored(describe(f"帖子{n}", [text, FOOTER], JULY + timedelta(minutes=n), guid=f"p{n}",
                             source="某某号", account=f"作者{n}"))
             for n, text in enumerate(ten_unrelated_posts())]
    assert [Article.objects.get(pk=p.pk).story_id for p in posts] == [None] * 10
    assert Article.objects.listed().filter(pk__in=[p.pk for p in posts]).count() == 10


def test_a_repost_that_adds_a_different_footer_still_joins(db):
    original = stored(copy("first", JULY, "观察者网", [*PAGE.paragraphs, FOOTER]))
    repost = stored(copy("second", JULY + timedelta(hours=1), "新浪新闻",
                         [*PAGE.paragraphs, "特别声明：以上内容为自媒体平台“网易号”用户上传并发布，"
                          "本平台仅提供信息存储服务。扫码关注我们，获取更多资讯。"]))
    assert repost.story_id == Article.objects.get(pk=original.pk).story_id is not None


def test_an_editors_split_holds_when_new_copies_arrive_and_after_a_rebuild(db):
    first = stored(copy("first", JULY, "观察者网"))
    # Another headline: the same headline and body would be the same article, not a copy.
    second = stored(describe("美日首次书面确认核保护", PAGE.paragraphs, JULY + timedelta(hours=1),
                           guid="second", source="环球网"))
    story_id = Article.objects.get(pk=first.pk).story_id
    assert story_id is not None and second.story_id == story_id
    split_out(Article.objects.get(pk=second.pk))
    apart = Article.objects.get(pk=second.pk).story_id
    assert apart != story_id
    third = stored(describe("美日举行首次部长级会谈", PAGE.paragraphs, JULY + timedelta(hours=2),
                          guid="third", source="新浪新闻"))
    assert third.story_id == story_id
    assert Article.objects.get(pk=second.pk).story_id == apart
    call_command("dedup", "rebuild", stdout=io.StringIO())
    assert Article.objects.get(pk=second.pk).story_id == apart
    assert Article.objects.get(pk=first.pk).story_id == Article.objects.get(pk=third.pk).story_id


def test_rebuild_splits_a_story_held_together_by_a_footer_and_says_so(db):
    posts = [stored(describe(f"帖子{n}", [text, FOOTER], JULY + timedelta(minutes=n), guid=f"p{n}",
                             source="某某号"))
             for n, text in enumerate(ten_unrelated_posts()[:3])]
    wrong = Story.objects.create()  # as the rules of before merged them
    Article.objects.filter(pk__in=[p.pk for p in posts]).update(story=wrong)
    out = io.StringIO()
    call_command("dedup", "rebuild", stdout=out)
    assert "拆开了 1 个原有报道" in out.getvalue()
    assert not Article.objects.filter(pk__in=[p.pk for p in posts], story__isnull=False).exists()


def test_known_platform_disclaimers_leave_the_clean_text():
    text = ("女单决赛今晚举行。\n特别声明：以上内容(如有图片或视频亦包括在内)为自媒体平台“网易号”用户上传并发布，"
            "本平台仅提供信息存储服务。 Notice: The content above is uploaded by a user of NetEase Hao.")
    assert strip_boilerplate(text).strip() == "女单决赛今晚举行。"


def form_values(html: str) -> dict[str, list[str]]:
    """What a browser would post back of the page's form, unchanged."""
    from lxml import html as lxml_html

    form = lxml_html.fromstring(html).xpath("//form[@id='story_form']")[0]
    values: dict[str, list[str]] = {}
    for field in form.xpath(".//input[@name]|.//select[@name]"):
        name = field.get("name")
        if field.tag == "select":
            chosen = field.xpath("./option[@selected]/@value")
            values.setdefault(name, []).extend(chosen)
        elif field.get("type") in ("checkbox", "radio"):
            if field.get("checked") is not None:
                values.setdefault(name, []).append(field.get("value", "on"))
        elif field.get("type") != "submit":
            values.setdefault(name, []).append(field.get("value", ""))
    return values


def test_an_editor_splits_an_article_out_of_its_story_in_the_admin(db, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "e@example.com", "pw-123456789"))
    first = stored(copy("first", JULY, "观察者网"))
    second = stored(describe("美日首次书面确认核保护", PAGE.paragraphs, JULY + timedelta(hours=1),
                             guid="second", source="环球网"))
    story_id = second.story_id
    page = client.get(f"/admin/articles/story/{story_id}/change/")
    assert page.status_code == 200
    values = form_values(page.content.decode())
    values["split"] = [str(second.pk)]
    response = client.post(f"/admin/articles/story/{story_id}/change/", values)
    assert response.status_code == 302, response.content.decode()[:2000]
    moved = Article.objects.get(pk=second.pk)
    assert moved.story_id != story_id and Story.objects.get(pk=moved.story_id).kept_apart
    assert Article.objects.get(pk=first.pk).story_id == story_id


HEADER = ("欢迎关注某某日报官方账号。这里每天为您带来本地最新的民生资讯、政策解读和便民服务信息。"
          "内容来源于编辑部整理和读者投稿，转载请注明来源。本账号由某某日报新媒体中心运营维护。"
          "商务合作与新闻线索请通过后台私信联系我们，我们将在三个工作日内回复。"
          "本账号发布的图片除特别注明外均由编辑部拍摄，未经许可不得用于商业用途。"
          "读者来信请注明真实姓名和联系方式，编辑部对来稿有删改权。"
          "每日早八点准时推送，节假日照常更新，敬请留意。")


def test_a_sources_house_header_stops_joining_its_posts_once_it_has_been_seen_on_three(db):
    bodies = [json.loads(line)["body"] for line in (FIXTURES / "xinwenlianbo.jsonl").open(encoding="utf-8")]
    for n, text in enumerate([bodies[1][:900], bodies[2][:900], bodies[4][:900]]):
        stored(describe(f"长帖{n}", [HEADER, text], JULY + timedelta(minutes=n), guid=f"l{n}",
                        source="某某日报"))
    # Two posts that are mostly the header: without its counts they would share enough to join.
    posts = [stored(describe(f"短帖{n}", [HEADER, text], JULY + timedelta(hours=1, minutes=n),
                             guid=f"s{n}", source="某某日报"))
             for n, text in enumerate([bodies[5][20:170], bodies[3][300:450]])]
    assert [Article.objects.get(pk=p.pk).story_id for p in posts] == [None, None]
