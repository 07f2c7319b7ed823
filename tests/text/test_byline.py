"""parse_byline on the conventions of issue #3, and strip_credits."""

from __future__ import annotations

import datetime as dt

from zixun.text import normalize, parse_byline, strip_credits


def test_reference_byline_gives_outlet_author_and_dated_cited_source() -> None:
    text = "【文/观察者网 严珊珊】据日本《读卖新闻》7月21日报道,多名日本政府相关人士透露"
    credit = parse_byline(text, dt.date(2025, 3, 14)).to_dict()
    assert credit["outlet"] == "观察者网" and credit["authors"] == ["严珊珊"]
    # the page is dated March 2025, so July 21 without a year is July 2024, never the future
    assert credit["cited_sources"] == [{"outlet": "读卖新闻", "date": "2024-07-21"}]


def test_xinhua_dateline_gives_outlet_place_date_and_reporter() -> None:
    byline = parse_byline("新华社北京7月26日电（记者 王晓洁）今天", dt.date(2025, 8, 1))
    assert (byline.outlet, byline.original_place) == ("新华社", "北京")
    assert byline.original_date == dt.date(2025, 7, 26)
    assert byline.authors == ["王晓洁"]


def test_prose_with_a_word_of_electricity_or_television_is_no_dateline() -> None:
    # Openings of real xinwenlianbo stories: 电 opens or ends a word here (电力, 电视, 电池,
    # 用电量, 发电), and 的 sits where a dateline has its place. Each once lost its first words.
    stories = [
        "国网四川电力成都高新连心桥党员服务队，主要承担成都15个社区、10万多客户的供电服务职责。",
        "由中央广播电视总台制作的电视专题片《非凡的领航2022》将于今晚（1月1日）在总台央视新闻频道播出。",
        "福建宁德拥有世界最大的聚合物锂离子电池生产基地，锂电新能源产业年产值超2700亿元。",
        "10月份全社会用电量同比增长，国家能源局今天发布数据。",
        "金沙江上游巴塘水电站首台机组并网发电，年发电量可达数十亿千瓦时。",
        "来自国家管网集团的消息，今年我国天然气管道新增里程创下新高。",
    ]
    for story in stories:
        led = "央视网消息（新闻联播）：" + story
        byline = parse_byline(led, dt.date(2024, 11, 1))
        assert byline.outlet == "央视网" and byline.original_place is None
        assert strip_credits(led, byline) == story
        assert not parse_byline(story).spans


def test_a_dateline_without_a_date_still_ends_at_its_place() -> None:
    byline = parse_byline("本报丽水电 记者张三报道：今天丽水天气晴朗。")
    assert byline.original_place == "丽水" and byline.authors == ["张三"]
    assert strip_credits("新华社南通电 今天南通天气晴朗。") == "今天南通天气晴朗。"


def test_half_and_full_width_punctuation_parse_alike() -> None:
    full = parse_byline("人民网伦敦6月9日电（徐量）2025年伦敦科技周开幕。", dt.date(2025, 6, 10))
    half = parse_byline("人民网伦敦6月9日电 (徐量)2025年伦敦科技周开幕。", dt.date(2025, 6, 10))
    assert full.to_dict() == half.to_dict()
    assert full.authors == ["徐量"] and full.original_date == dt.date(2025, 6, 9)


def test_editor_source_original_title_and_end_mark_are_found() -> None:
    text = "原标题：出租屋半年被偷8次\n正文第一句。（完）\n来源：看看新闻\n责任编辑：张义凌"
    credit = parse_byline(text).to_dict()
    assert credit["original_title"] == "出租屋半年被偷8次"
    assert credit["original_outlet"] == "看看新闻"
    assert credit["editors"] == ["张义凌"]


def test_strip_credits_keeps_only_the_news() -> None:
    text = normalize("人民网伦敦6月9日电 (徐量)2025年伦敦科技周开幕。（完）\n责任编辑：张三\n来源：人民网")
    assert strip_credits(text) == "2025年伦敦科技周开幕。"


def test_text_without_credits_has_an_empty_byline() -> None:
    byline = parse_byline("记者从应急管理部获悉，截至10月7日18时，全国安全形势总体平稳。")
    assert byline.to_dict()["authors"] == [] and byline.outlet is None and byline.spans == []


def test_strip_credits_keeps_the_story_that_runs_on_after_an_original_title() -> None:
    text = normalize("原标题:某地暴雨致道路积水 今天上午，某地突降暴雨，多条道路积水。交警已到场疏导。")
    assert strip_credits(text) == "今天上午，某地突降暴雨，多条道路积水。交警已到场疏导。"
    assert parse_byline(text).original_title == "某地暴雨致道路积水"


def test_an_original_title_with_spaces_ends_at_the_last_space_before_the_story() -> None:
    text = normalize("原标题：无语！老公天天晚上挨着妈睡 女子无处发泄 市民陈巧跟老公结婚2年。")
    assert parse_byline(text).original_title == "无语！老公天天晚上挨着妈睡 女子无处发泄"
    assert strip_credits(text) == "市民陈巧跟老公结婚2年。"


def test_strip_credits_drops_only_the_label_of_a_run_on_title_it_cannot_split() -> None:
    text = normalize("原标题:某地暴雨致道路积水某地突降暴雨。")
    assert strip_credits(text) == "某地暴雨致道路积水某地突降暴雨。"
    assert parse_byline(text).original_title is None


def test_a_credit_line_naming_the_reporters_outlet_gives_outlet_and_authors() -> None:
    # Real lines from ../shared/data/pages/dev (ifeng-1, qq-qq, toutiao-3).
    cases = {
        "澎湃新闻记者 段彦超 廖艳\n7岁小花（化名）“眼睛被塞纸”事件，仍有许多疑问。": ("澎湃新闻", ["段彦超", "廖艳"]),
        "历时4年积累出《56个民族新儿歌》等作品。\n扬子晚报记者 张楠": ("扬子晚报", ["张楠"]),
        "“是我的孩子，他一定会回来的。”\n采写：南都见习记者 林子沛": ("南都", ["林子沛"]),
        "红星新闻记者 宦小淮 实习生 杨培": ("红星新闻", ["宦小淮", "杨培"]),
    }
    for text, (outlet, authors) in cases.items():
        byline = parse_byline(normalize(text))
        assert (byline.outlet, byline.authors) == (outlet, authors), text


def test_a_reporter_line_of_this_paper_or_a_photo_credit_names_no_outlet() -> None:
    assert parse_byline("本报记者 张三").outlet is None
    photo = parse_byline("马汉选还单独收受现金210万元。\n澎湃新闻记者 朱安足图\n安政军在成都温江投资。")
    assert photo.outlet is None and photo.authors == []


def test_a_contributor_note_credits_no_author_and_stays_out_of_the_summary() -> None:
    text = "此外，学校还多次组织观看了校园欺凌教育片。\n（实习生王金茹对此文亦有贡献）"
    byline = parse_byline(text)
    assert byline.authors == [] and [kind for _, _, kind in byline.spans] == ["byline"]
    assert "王金茹" not in strip_credits(text)


def test_a_short_name_in_brackets_closing_the_text_is_its_author() -> None:
    assert parse_byline("某地发生一起交通事故，造成两人受伤。\n(李楠)").authors == ["李楠"]
    text = normalize("全年增效24万元。\n    （单旭泽  何庆  徐鹏飞）")
    assert parse_byline(text).authors == ["单旭泽", "何庆", "徐鹏飞"]
    # Not editorial marks, not a bracket that opens the text or stands mid-text.
    for tail in ("(完)", "(图)", "（视频）", "（全文完）", "（小风）"):
        assert parse_byline(f"某地发生一起交通事故。\n{tail}").authors == [], tail
    assert parse_byline("(李楠)").authors == []
    assert parse_byline("(李楠)\n某地发生一起交通事故。").authors == []
