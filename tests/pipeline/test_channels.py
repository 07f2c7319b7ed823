"""Articles that arrive without a channel get one from the classifier; an explicit "none" stays."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from zixun.articles.models import Article

SPORTS = ("湖人击败马刺 詹姆斯砍下三双", "北京时间4月12日，NBA常规赛湖人主场迎战马刺，詹姆斯全场得到25分12篮板11助攻，"
          "湖人队以108比99击败对手，锁定季后赛席位。主教练赛后表示球队防守有明显进步。")


def import_records(tmp_path, records: list[dict]) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    call_command("import", str(path), stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
def test_imported_article_without_a_channel_is_classified(tmp_path):
    import_records(tmp_path, [{"id": "s1", "title": SPORTS[0], "body": SPORTS[1]}])
    article = Article.objects.get(guid__endswith="s1")
    assert article.channel is not None and article.channel.name == "体育"


@pytest.mark.django_db
def test_imported_article_with_an_empty_channel_keeps_none(tmp_path):
    import_records(tmp_path, [{"id": "s2", "title": SPORTS[0], "body": SPORTS[1], "channel": ""}])
    assert Article.objects.get(guid__endswith="s2").channel is None


@pytest.mark.django_db
def test_imported_article_with_a_channel_keeps_it(tmp_path):
    import_records(tmp_path, [{"id": "s3", "title": SPORTS[0], "body": SPORTS[1], "channel": "国际"}])
    assert Article.objects.get(guid__endswith="s3").channel.name == "国际"
