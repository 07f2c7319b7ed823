"""The labelled repost set of bench/dedup.py: real articles, reposted with the edits reposting does.

Originals are 新闻联播 stories (corpus/xinwenlianbo.jsonl.gz) of at least three paragraphs and
300 characters; each gets one repost per edit kind, made with a seeded random generator so every
run scores the same set. Hard negatives: every other story of the originals' days (same day, same
programme, often the same topic), the daily roll-ups 国内联播快讯 / 国际联播快讯 of those days, and
the inews groups that share a 200-character prefix, labelled by hand (INEWS_DIFFERENT).
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import zhconv

ROLLUP_TITLES = ("国内联播快讯", "国际联播快讯")
ADS = [
    "点击上方蓝字关注我们，获取更多精彩资讯！",
    "扫码下载APP，新用户领取188元红包>>",
    "免责声明：本文转自网络，版权归原作者所有，如有侵权请联系删除。",
    "【广告】试过了!这个是最好用的!限时特价，点击购买",
    "喜欢就点个“在看”吧，分享给更多朋友！",
]
CAPTIONS = [
    "图为活动现场。 视觉中国",
    "（图片来源：网络）",
    "当地时间2024年4月10日，会议在北京举行。 新华社记者 李明 摄",
]
OUTLETS = ["观察者网", "环球网", "澎湃新闻", "新浪新闻", "今日头条", "网易新闻"]
_ASCII = str.maketrans({"，": ",", "。": ".", "：": ":", "；": ";", "！": "!", "？": "?",
                        "“": '"', "”": '"', "（": "(", "）": ")"})

# inews groups sharing a 200-character prefix that are different items, by hand: template pages
# (freight routes, meter products, stock notices with another stock) and forum threads whose
# posts differ under the same page chrome. Ids name the second member of each such pair.
INEWS_DIFFERENT_TITLES = (
    "从宁波市去往永州市整车专线", "xva-1s41消防电源监控系统", "dds3366m智能电力仪表",
    "monkeyso能量棒效果安全吗太胖了想", "华为手机的桌面备份和锁定在那里", "北京老教授泄露，持有博敏电子",
    # Read again in December 2026 (issue #17): three tieba threads whose bodies are only the
    # forum's page chrome, and two more meter products on the same template page.
    "10016【河北联通吧】", "表演系师哥，有问题请留言", "pa866x-80ai多功能电力仪表",
    "pd1688z-as9多功能电力仪表",
)
# Prefix groups that are one article: their 200-character prefixes differ only in the width of
# a bracket (中国房地产1996年（中） / (中)), read the same in December 2026.
INEWS_SAME_FAMILY = {"inews:train-2010": "inews:train-793"}


@dataclass
class Doc:
    """One document of the labelled set: `family` is the truth, equal for copies of one story."""

    id: str
    body: str
    family: str
    kind: str  # "original", an edit kind, or a negative kind


def paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.split("\n") if p.strip()]


def _ascii_punct(ps: list[str], rng: random.Random) -> list[str]:
    return [p.translate(_ASCII) for p in ps]


def _new_headline(ps: list[str], rng: random.Random) -> list[str]:
    # The body is what dedup compares; a repost's new headline often lands as its first line too.
    return [f"重磅！{ps[0][:18]}……", *ps]


def _credit_lines(ps: list[str], rng: random.Random) -> list[str]:
    outlet = rng.choice(OUTLETS)
    return [f"转自：{outlet}", f"来源：{rng.choice(OUTLETS)}", *ps, f"责任编辑：{outlet}小编"]


def _ads(ps: list[str], rng: random.Random) -> list[str]:
    top, bottom = rng.sample(ADS, 2)
    return [top, *ps, bottom]


def _drop_paragraph(ps: list[str], rng: random.Random) -> list[str]:
    total = sum(map(len, ps))
    choices = [i for i, p in enumerate(ps) if i and len(p) < 0.4 * total]
    drop = rng.choice(choices) if choices else len(ps) - 1
    return [p for i, p in enumerate(ps) if i != drop]


def _reorder(ps: list[str], rng: random.Random) -> list[str]:
    head, rest = ps[:1], ps[1:]
    while rest == ps[1:]:
        rng.shuffle(rest)
    return head + rest


def _traditional(ps: list[str], rng: random.Random) -> list[str]:
    return [zhconv.convert(p, "zh-hant") for p in ps]


def _whitespace(ps: list[str], rng: random.Random) -> list[str]:
    joined = "  ".join(ps)
    lines = re.sub(r"(。)", "\\1\n\n", joined).split("\n")
    return [" " + line.replace("，", "， ") for line in lines]


def _caption(ps: list[str], rng: random.Random) -> list[str]:
    at = rng.randrange(1, len(ps) + 1)
    return [*ps[:at], rng.choice(CAPTIONS), *ps[at:]]


def _everything(ps: list[str], rng: random.Random) -> list[str]:
    for edit in (_drop_paragraph, _ads, _credit_lines, _caption, _ascii_punct, _traditional):
        ps = edit(ps, rng)
    return ps


EDITS: dict[str, Callable[[list[str], random.Random], list[str]]] = {
    "ascii_punct": _ascii_punct,
    "new_headline": _new_headline,
    "credit_lines": _credit_lines,
    "ads": _ads,
    "drop_paragraph": _drop_paragraph,
    "reorder": _reorder,
    "traditional": _traditional,
    "whitespace": _whitespace,
    "caption": _caption,
    "all_at_once": _everything,
}


def read_gz(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def labelled_set(data: Path, originals: int = 200, seed: int = 5) -> list[Doc]:
    """Originals with one repost per edit kind, plus the hard negatives."""
    rng = random.Random(seed)
    news = read_gz(data / "corpus" / "xinwenlianbo.jsonl.gz")
    usable = [r for r in news if r["title"] not in ROLLUP_TITLES
              and len(paragraphs(r["body"])) >= 3 and len(r["body"]) >= 300]
    chosen = rng.sample(usable, originals)
    docs = []
    for record in chosen:
        ps = paragraphs(record["body"])
        docs.append(Doc(record["id"], record["body"], record["id"], "original"))
        for kind, edit in EDITS.items():
            body = "\n".join(edit(list(ps), rng))
            docs.append(Doc(f"{record['id']}~{kind}", body, record["id"], kind))
    days = {r["date"] for r in chosen}
    picked = {r["id"] for r in chosen}
    for record in news:
        if record["date"] in days and record["id"] not in picked and record["body"]:
            kind = "rollup" if record["title"] in ROLLUP_TITLES else "same_day"
            docs.append(Doc(record["id"], record["body"], record["id"], kind))
    docs += inews_groups(data)
    return docs


def inews_groups(data: Path) -> list[Doc]:
    """inews items sharing a 200-character prefix; one family unless labelled different."""
    groups: dict[str, list[dict]] = {}
    for record in read_gz(data / "corpus" / "inews.jsonl.gz"):
        body = record.get("content") or ""
        if len(body) >= 200:
            groups.setdefault(body[:200], []).append(record)
    docs = []
    for members in (g for g in groups.values() if len(g) > 1):
        family = f"inews:{members[0]['id']}"
        family = INEWS_SAME_FAMILY.get(family, family)
        for record in members:
            different = record["title"].startswith(INEWS_DIFFERENT_TITLES)
            own = f"inews:{record['id']}" if different else family
            docs.append(Doc(f"inews:{record['id']}", record["content"], own, "inews"))
    return docs
