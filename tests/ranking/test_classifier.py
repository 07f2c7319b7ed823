"""The channel classifier: the shipped model places plain news, and retraining replaces it."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from django.core.management import call_command

from zixun.ranking import classifier

# Headlines and leads written for these tests, one per THUCNews channel the model knows.
NEWS = [
    ("体育", "湖人加时击败马刺", "季后赛首轮，湖人队凭借詹姆斯的绝杀在加时赛中击败马刺，球队主教练赛后表示球员防守出色。"),
    ("财经", "沪指放量上涨 券商股领涨", "今日两市股指高开，沪指收涨1.2%，成交额放大，券商、保险板块领涨，基金加仓。"),
    ("房产", "北京二手房成交量回升", "上月北京二手房住宅成交量环比上涨，多个楼盘开发商推出优惠，购房者贷款利率下降。"),
    ("游戏", "新款网络游戏公测开启", "这款多人在线网络游戏今日开启公测，玩家可以创建角色，体验副本、装备和职业系统。"),
    ("教育", "高考志愿填报指南发布", "教育部门提醒考生和家长，高考志愿填报要结合分数线与专业，高校招生计划已公布。"),
]


@pytest.mark.parametrize("channel,title,lead", NEWS)
def test_shipped_model_puts_plain_news_in_its_channel(channel, title, lead):
    assert classifier.classify(title, lead) == channel


def test_scores_are_probabilities_best_first():
    scores = classifier.scores(*NEWS[0][1:])
    assert list(scores)[0] == "体育"
    assert sum(scores.values()) == pytest.approx(1.0)
    assert list(scores.values()) == sorted(scores.values(), reverse=True)


def test_text_with_no_known_words_falls_back_to_the_largest_channel():
    assert classifier.classify("", "") in classifier.load().channels


def test_train_command_writes_a_model_that_classify_can_load(tmp_path):
    lines = [
        {"channel": "天气", "title": "明天有雨", "text": "气象台预报明天降雨，气温下降，注意带伞。"},
        {"channel": "天气", "title": "台风登陆", "text": "台风登陆沿海，气象台发布暴雨预警。"},
        {"channel": "天气", "title": "降温", "text": "冷空气南下，气温下降，明天降雨。"},
        {"channel": "美食", "title": "红烧肉做法", "text": "五花肉切块焯水，加酱油和冰糖慢炖，红烧肉软糯。"},
        {"channel": "美食", "title": "家常红烧肉", "text": "红烧肉要用五花肉，酱油上色。"},
        {"category": "美食", "text": "火锅底料用牛油炒制，加辣椒花椒，涮肉涮菜都好吃，酱油蘸料。"},
    ]
    source = tmp_path / "train.jsonl.gz"
    with gzip.open(source, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    target = tmp_path / "model.json.gz"
    out = io.StringIO()
    call_command("channels", "train", str(source), "--output", str(target), stdout=out)
    assert "6 articles, 2 channels" in out.getvalue()
    model = classifier.load(target)
    assert model.channels == ("天气", "美食")
    assert classifier.classify("暴雨预警", "气象台说明天降雨", model) == "天气"
    assert classifier.classify("红烧肉", "酱油冰糖五花肉", model) == "美食"


def test_train_command_names_the_line_that_lacks_a_channel(tmp_path):
    from django.core.management.base import CommandError

    source = tmp_path / "bad.jsonl"
    source.write_text('{"text": "没有频道"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="bad.jsonl:1"):
        call_command("channels", "train", str(source), "--output", str(tmp_path / "m.json.gz"))
