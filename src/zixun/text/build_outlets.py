"""Build the shipped outlet gazetteer (data/outlets.txt) from the shared news corpora.

Run: python -m zixun.text.build_outlets [DATA_DIR] [--exclude FIXTURE.jsonl ...]
DATA_DIR defaults to $ZIXUN_SHARED_DATA or ../shared/data. A name enters the list when it opens a
paragraph as a dateline or opener (`中新网天津8月7日电`, `新浪体育讯`, `IT之家8月12日消息`) or as a
reporter's outlet (`每经记者 李娜`) in at least MIN_RECORDS articles, and has an outlet's shape.
Only paragraph openings count: there nothing glues a title to the name, so its first character
is known. The gazetteer then finds those names where a title is glued to them. Records named by
an --exclude fixture (labelled cases, whose scores must not lean on their own text) are skipped.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from zixun.text.normalize import normalize
from zixun.text.outlets import OUTLET_SUFFIX, has_outlet_shape

_CORPORA = (
    ("crud-news-2023", ("text",)),
    ("xinhua-2015-2017", ("text",)),
    ("sogou-2012", ("text",)),
    ("thucnews-sample", ("text",)),
    ("xinwenlianbo", ("body",)),
    ("inews", ("content",)),
)
_PREFIX = {"crud-news-2023": "crud", "xinhua-2015-2017": "xinhua", "sogou-2012": "sogou",
           "thucnews-sample": "thuc", "xinwenlianbo": "xwlb", "inews": "inews"}
MIN_RECORDS = 2
# A name glued after a title: one that comes before 讯 or a dated 电 after at least MIN_LEFT
# different characters (新浪体育讯 follows many titles; 浪体育讯 only ever follows 新).
MIN_LEFT = 3
_GLUED_MARK = re.compile(r"\d{1,2}月\d{1,2}日(?:电|讯)|讯(?!员|息|号)")
_NAME = rf"[\u4e00-\u9fffA-Za-z0-9·]{{1,10}}?(?:{OUTLET_SUFFIX})"
_OPENER = re.compile(
    rf"^[\s□■○●⊙◎【\[]*(?P<name>{_NAME})(?:[（(][^（）()\n]{{1,10}}[）)])?"
    rf"(?:[\u4e00-\u9fff]{{0,8}}?\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)?\s*(?:[\u4e00-\u9fff]{{0,3}}专电|电|讯|消息)"
)
_REPORTER = re.compile(
    rf"^[\s□■○●⊙◎【\[]*(?P<name>{_NAME})(?:首席|全媒体|融媒体|见习|实习|特约)?记者\s*[\u4e00-\u9fff]"
)


def _paragraphs(data: Path, excluded: set[str]) -> Iterator[tuple[str, str]]:
    for corpus, fields in _CORPORA:
        with gzip.open(data / "corpus" / f"{corpus}.jsonl.gz", "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                key = f"{_PREFIX[corpus]}:{record['id']}"
                if key in excluded:
                    continue
                text = "\n".join(record.get(f) or "" for f in fields).replace("\\n", "\n")
                for paragraph in normalize(text).split("\n"):
                    yield key, paragraph[:160]


def build(data: Path, excluded: set[str]) -> list[str]:
    """Outlet names found at paragraph openings of at least MIN_RECORDS records, or glued
    before a dateline's mark after at least MIN_LEFT different characters."""
    records: dict[str, set[str]] = defaultdict(set)
    glued: dict[str, set[str]] = defaultdict(set)
    left: dict[str, set[str]] = defaultdict(set)
    for key, paragraph in _paragraphs(data, excluded):
        for pattern in (_OPENER, _REPORTER):
            match = pattern.match(paragraph)
            if match and has_outlet_shape(match.group("name")) and len(match.group("name")) <= 10:
                records[match.group("name")].add(key)
        for mark in _GLUED_MARK.finditer(paragraph):
            before = paragraph[max(0, mark.start() - 11) : mark.start()]
            for size in range(3, len(before) + 1):
                name = before[-size:]
                if has_outlet_shape(name):
                    glued[name].add(key)
                    left[name].add(before[-size - 1] if size < len(before) else "^")
    names = {name for name, keys in records.items() if len(keys) >= MIN_RECORDS}
    names |= {n for n, keys in glued.items() if len(keys) >= MIN_RECORDS and len(left[n]) >= MIN_LEFT}
    # A bare outlet word (客户端, 晚报) names no outlet on its own where a title is glued to it.
    return sorted(names - set(OUTLET_SUFFIX.split("|")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    root = Path(__file__).resolve().parents[3]
    default = Path(os.environ.get("ZIXUN_SHARED_DATA", root / ".." / "shared" / "data"))
    parser.add_argument("data", nargs="?", type=Path, default=default)
    parser.add_argument("--exclude", nargs="*", type=Path, default=[])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data" / "outlets.txt")
    args = parser.parse_args()
    excluded = set()
    for fixture in args.exclude:
        for line in fixture.read_text("utf-8").splitlines():
            if line.strip():
                excluded.add(json.loads(line)["origin"].split("#")[0])
    names = build(args.data, excluded)
    header = (
        "# Outlet names that open paragraphs as datelines, openers or reporters' outlets in\n"
        "# ../shared/data/corpus (six corpora; labelled records left out), built by\n"
        "# `python -m zixun.text.build_outlets --exclude tests/fixtures/text/credit_cases.jsonl`.\n"
    )
    args.out.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} outlets written to {args.out}")


if __name__ == "__main__":
    main()
