"""One bad record never costs a good one: it is reported with its file, line and reason, every
readable record before and after it is stored, and the counts and exit status say so."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from django.test import override_settings

from tests.pipeline.test_import_export import run
from tests.sources.test_worker_kill import database_url
from zixun.articles.models import Article
from zixun.pipeline.records import RecordError, read_records

ZIXUN = Path(sys.executable).with_name("zixun")


def record(number: int) -> dict:
    return {"id": f"r{number}", "title": f"第{number}条：各地抢抓晴好天气收获秋粮",
            "body": f"第{number}条。金秋时节，各地抢抓晴好天气收获秋粮，农机在田间穿梭。"}


def jsonl_line(number: int, encoding: str = "utf-8") -> bytes:
    return (json.dumps(record(number), ensure_ascii=False) + "\n").encode(encoding)


def good_then_gbk_then_good(path: Path, before: int = 600, after: int = 5) -> Path:
    lines = [jsonl_line(n) for n in range(before)] + [jsonl_line(before, "gbk")]
    lines += [jsonl_line(n) for n in range(before + 1, before + 1 + after)]
    path.write_bytes(b"".join(lines))
    return path


def stored_guids() -> set[str]:
    return set(Article.objects.values_list("guid", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("jobs", ["0", "2"])
def test_a_gbk_line_among_606_costs_only_itself(tmp_path, jobs):
    path = good_then_gbk_then_good(tmp_path / "news.jsonl")
    out, err = run("import", str(path), "--jobs", jobs)
    assert "created 605, updated 0, unchanged 0, skipped 0, failed 1" in out
    assert f"{path} 第 601 行" in err and "UTF-8" in err
    assert stored_guids() == {f"r{n}" for n in range(606)} - {"r600"}


@pytest.mark.django_db
def test_invalid_json_too_deep_or_too_long_a_number_is_reported_and_the_rest_stored(tmp_path):
    path = tmp_path / "news.jsonl"
    bad = [b"{not json\n", b"[" * 100_000 + b"\n", b'{"title": ' + b"9" * 5000 + b"}\n"]
    path.write_bytes(jsonl_line(0) + b"".join(bad) + jsonl_line(1))
    out, err = run("import", str(path), "--jobs", "0")
    assert "created 2, updated 0, unchanged 0, skipped 0, failed 3" in out
    for line in (2, 3, 4):
        assert f"第 {line} 行" in err
    assert stored_guids() == {"r0", "r1"}


@pytest.mark.django_db
def test_a_truncated_gzip_keeps_everything_before_the_cut_and_reports_the_cut(tmp_path):
    whole = gzip.compress(b"".join(jsonl_line(n) for n in range(300)))
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    readable = [w for w, r in read_records(path) if not isinstance(r, RecordError)]
    assert 100 < len(readable) < 300
    out, err = run("import", str(path), "--jobs", "0")
    assert f"created {len(readable)}, updated 0, unchanged 0, skipped 0, failed 1" in out
    assert "中断或已损坏" in err
    assert stored_guids() == {f"r{n}" for n in range(len(readable))}


@pytest.mark.django_db
def test_a_csv_field_over_131072_characters_is_stored_and_a_bad_row_costs_only_itself(tmp_path):
    long_body = "金秋时节，各地抢抓晴好天气收获秋粮。" * 10_000  # 190,000 characters
    rows = ["guid,title,body\n", f"c1,长文,\"{long_body}\"\n"]
    path = tmp_path / "news.csv"
    path.write_bytes("".join(rows).encode() + "c2,乱码,正文\n".encode("gbk")
                     + "c3,\"多行\",\"第一段\n第二段\"\nc4,最后,正文\n".encode())
    out, err = run("import", str(path), "--jobs", "0")
    assert "created 3, updated 0, unchanged 0, skipped 0, failed 1" in out
    assert "第 3 行" in err and "UTF-8" in err
    assert stored_guids() == {"c1", "c3", "c4"}
    assert len(Article.objects.get(guid="c1").body_text) >= len(long_body)


@pytest.mark.django_db
@override_settings(IMPORT_MAX_RECORD_BYTES=64 * 1024)
@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_a_record_over_the_size_cap_is_refused_with_a_message_and_the_rest_stored(tmp_path, kind):
    huge = "长" * 100_000
    if kind == "jsonl":
        text = (json.dumps(record(0), ensure_ascii=False) + "\n"
                + json.dumps({"id": "big", "title": "大", "body": huge}, ensure_ascii=False) + "\n"
                + json.dumps(record(1), ensure_ascii=False) + "\n")
    else:
        text = f"guid,title,body\nr0,一,正文\nbig,大,\"{huge}\"\nr1,二,正文\n"
    path = tmp_path / f"news.{kind}"
    path.write_text(text, encoding="utf-8")
    out, err = run("import", str(path), "--jobs", "0")
    assert "created 2, updated 0, unchanged 0, skipped 0, failed 1" in out
    assert "ZIXUN_IMPORT_MAX_RECORD_BYTES" in err and "65,536" in err
    assert stored_guids() == {"r0", "r1"}


def test_an_oversized_json_line_is_skipped_without_being_read_into_memory(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"title": "big", "body": "')
        for _ in range(40):
            handle.write(b"x" * (1024 * 1024))
        handle.write(b'"}\n')
        handle.write(jsonl_line(1))
    tracemalloc.start()
    try:
        results = list(read_records(path, max_bytes=1024 * 1024))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(results[0][1], RecordError) and results[1][1].title.startswith("第1条")
    assert peak < 4 * 1024 * 1024, f"peak {peak:,} bytes for a 40 MB line"


def test_a_wordpress_post_over_the_cap_or_a_cut_off_export_is_reported(tmp_path):
    post = ("<item><title>{t}</title><guid>g{t}</guid><wp:post_type>post</wp:post_type>"
            "<content:encoded><![CDATA[{body}]]></content:encoded></item>")
    head = ('<?xml version="1.0"?><rss xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wp="http://wordpress.org/export/1.2/"><channel>')
    items = [post.format(t="一", body="短"), post.format(t="二", body="长" * 50_000),
             post.format(t="三", body="短")]
    path = tmp_path / "site.xml.gz"
    whole = gzip.compress((head + "".join(items) + "</channel></rss>").encode())
    path.write_bytes(whole)
    results = list(read_records(path, max_bytes=64 * 1024))
    assert [r.title if not isinstance(r, RecordError) else "refused" for _, r in results] == [
        "一", "refused", "三"]
    path.write_bytes(whole[:-20])
    *_, (where, last) = read_records(path, max_bytes=64 * 1024)
    assert isinstance(last, RecordError) and "中断或已损坏" in str(last)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_command_exits_with_status_1_when_a_record_failed_and_0_when_none(tmp_path):
    env = {**os.environ, "ZIXUN_DATABASE_URL": database_url()}
    path = good_then_gbk_then_good(tmp_path / "news.jsonl", before=20, after=5)
    done = subprocess.run([str(ZIXUN), "import", str(path), "--jobs", "0"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "created 25, updated 0, unchanged 0, skipped 0, failed 1" in done.stdout
    assert f"{path} 第 21 行" in done.stderr
    path.write_bytes(b"".join(jsonl_line(n) for n in range(3)))
    done = subprocess.run([str(ZIXUN), "import", str(path), "--jobs", "0"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


@pytest.mark.django_db
def test_nul_bytes_and_lone_surrogate_escapes_are_stored_alike_on_every_database(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(
        '{"id": "n\\u00001", "title": "标题\\u0000零\\ud800", "source": "来\\u0000源",'
        ' "author": "作\\u0001者", "channel": "频\\u0000道", "tags": ["甲\\u0000乙"],'
        ' "body": "正文\\u0000内容。金秋时节，各地抢抓晴好天气收获秋粮。\\udfff"}\n',
        encoding="utf-8")
    out, err = run("import", str(path), "--jobs", "0")
    assert "created 1, updated 0, unchanged 0, skipped 0, failed 0" in out, err
    article = Article.objects.get()
    assert (article.guid, article.title, article.source.name, article.author) == (
        "n1", "标题零\ufffd", "来源", "作者")
    assert article.channel.name == "频道" and [t.name for t in article.tags.all()] == ["甲乙"]
    assert "\x00" not in article.body_text and "\ufffd" in article.body_text
