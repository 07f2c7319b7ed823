"""The junk gate's rules (zixun.text.junk) on made-up pages that each show one structural trait."""

from __future__ import annotations

import pytest

from zixun.text.junk import junk_verdict

REPORT = ("本报讯（记者 王明）昨天上午，市公安局在市民广场举行防范电信诈骗宣传活动，民警向过往群众"
          "讲解常见骗局，提醒大家不轻信陌生来电。")

JUNK = [
    # (title, text, links, words the reason shown to editors must contain)
    ("周末去哪儿玩比较好【本地生活吧】_百度贴吧", "楼下那家店不错，推荐给大家。", (), "百度贴吧"),
    ("沂水洒水车_沂水洒水车工厂直供_沂水专用车服务", "各种型号现货。", (), "沂水洒水车"),
    ("不锈钢保温水箱", "本厂专业生产不锈钢保温水箱，价格实惠，联系电话13912345678，王经理。", (),
     "联系方式"),
    ("某某市不锈钢水箱厂家", "本厂专业生产各种规格水箱，欢迎选购。", (), "商品或供求"),
    ("有人知道哪家火锅好吃吗", "", (), "一句话"),
    ("本站首页", "要闻 体育 财经",
     ("要闻一则标题", "要闻二则标题", "体育新闻标题", "财经新闻标题", "科技新闻标题",
      "娱乐新闻标题", "汽车新闻标题", "房产新闻标题", "教育新闻标题", "旅游新闻标题"),
     "链接列表"),
    ("某某娱乐城_注册就送", REPORT, (), "博彩"),
    ("港口今年吞吐量创新高", "首页新闻军事娱乐体育健康视频图片社会游戏汽车科技财经 今日天气晴。",
     (), "导航"),
    ("怒斥某某公司黑心骗局", "大家好，我是一名受害者，去年在某某公司买了理财产品，至今拿不回本金，"
     "公司电话打不通，办公室也人去楼空，希望有关部门管一管。", (), "控诉"),
    ("某某公司2019年销售人员招聘", "职位名称：销售代表\n学历要求：大专\n工作地点：本市\n招聘人数：5人",
     (), "招聘"),
]


@pytest.mark.parametrize(("title", "text", "links", "why"), JUNK, ids=[case[0] for case in JUNK])
def test_a_page_with_a_structural_mark_of_junk_is_held_with_a_reason_an_editor_can_read(
        title, text, links, why) -> None:
    verdict = junk_verdict(title, text, links)
    assert verdict.is_junk
    assert why in verdict.reason


NEWS = [
    ("市公安局开展防范电信诈骗宣传", REPORT),
    # A report may give a hotline and a sum: its reporter shows it is no advert.
    ("我市开通价格举报热线", "本报讯（记者 李华）市场监管局今天开通价格举报电话12315，"
     "市民可反映商品价格问题，查实后最高奖励500元。"),
    # 出售 in a headline about a deal is no classified.
    ("某矿业集团拟出售所持铜矿股权", "新华社伦敦5月1日电（记者 张三）某矿业集团1日确认，"
     "正就出售其所持铜矿股权与买方谈判。"),
    # A title with no text of its own is a stub, not chatter, unless a person's voice shows.
    ("男子利用职务之便贪污补贴被判刑", ""),
    # A headline with an outlet's suffix, as portals title their pages.
    ("春运首日铁路发送旅客超千万人次_新闻频道_某某网", "本报北京1月17日电（记者 赵四）春运首日，"
     "全国铁路发送旅客超千万人次。"),
]


@pytest.mark.parametrize(("title", "text"), NEWS, ids=[case[0] for case in NEWS])
def test_a_report_passes_the_gate(title, text) -> None:
    verdict = junk_verdict(title, text)
    assert not verdict.is_junk, verdict.reason
    assert verdict.reason == ""


def test_a_person_quoted_in_a_report_is_not_taken_for_a_post() -> None:
    text = ("“我被骗了三万元，钱都是血汗钱。”受害人张女士说。据了解，警方已立案调查，"
            "提醒市民谨防诈骗。")
    assert not junk_verdict("女子网购被骗三万元 警方立案调查", text).is_junk
    first_person = "我被骗了三万元，钱都是血汗钱，希望大家帮帮我。据了解，这家公司已经跑路。"
    assert junk_verdict("女子网购被骗三万元", first_person).is_junk
