"""The labelled page sets of bench/extract.py: loading, the open/sealed split, and scoring.

Every set is split by site before anyone tunes a rule: a site is sealed when the SHA-256 of its
name falls in the lowest 30 of 100 buckets. The name is the same for a site in every set (the
label left of the public suffix: news.sina.com.cn and finance.sina.cn are both ``sina``), so
a site sealed in one set is sealed in all, and what was learnt on its pages in one set cannot
leak into another. Rules are developed on the open part; the sealed part is scored once, at the
end.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from zixun.lib.dates import parse_chinese_datetime
from zixun.lib.encoding import decode_html

SEALED_BUCKETS = 30  # of 100: about 30 % of the sites
# Second-level labels that are part of a public suffix (sina.com.cn → sina, not com).
SUFFIX_LABELS = frozenset({"com", "net", "org", "gov", "edu", "ac", "co"})
# The dev set names its sites by brand; these brands live on another registered domain.
BRAND_DOMAIN = {"wechat": "qq", "toutiao": "toutiao", "baijiahao": "baidu"}


@dataclass
class Page:
    set_name: str
    page_id: str
    site: str
    html: str
    label: dict

    @property
    def sealed(self) -> bool:
        return is_sealed(self.site)


def is_sealed(site: str) -> bool:
    """Whether the site's pages belong to the sealed part (deterministic, by hash)."""
    return int(hashlib.sha256(site.encode()).hexdigest(), 16) % 100 < SEALED_BUCKETS


def site_of(url: str | None, fallback: str) -> str:
    """The name a site goes by in every set: the registered domain's own label."""
    host = urlsplit(url).hostname if url else None
    if host == "web.archive.org":  # an archived page belongs to the site it archived
        inner = re.search(r"/web/\d+/(https?://[^\s]+)", url or "")
        host = urlsplit(inner.group(1)).hostname if inner else host
    if not host:
        return BRAND_DOMAIN.get(fallback, fallback)
    labels = host.lower().split(".")
    if len(labels) >= 3 and labels[-2] in SUFFIX_LABELS:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def _read(path: Path) -> str:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return decode_html(raw, None)


def _jsonl(path: Path) -> list[dict]:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]


def load_all(root: Path) -> dict[str, list[Page]]:
    """Every labelled set under ``root/pages``, by set name."""
    pages = root / "pages"
    sets: dict[str, list[Page]] = {}
    sets["dev"] = [
        Page("dev", label["file"], BRAND_DOMAIN.get(label["site"], label["site"]),
             _read(pages / "dev" / label["file"]), label)
        for label in _jsonl(pages / "dev/labels.jsonl")
    ]
    sets["peer-fixtures"] = [
        Page("peer-fixtures", label["id"], site_of(label["url"], label["id"].split("/")[-1]),
             _read(pages / "peer-fixtures" / label["html_path"]), label)
        for label in _jsonl(pages / "peer-fixtures/manifest.jsonl")
    ]
    for name in ("magic-html", "trafilatura-zh", "twnews"):
        sets[name] = [
            Page(name, label["file"], site_of(label.get("url"), label.get("site", "")),
                 _read(pages / name / label["file"]), label)
            for label in _jsonl(pages / name / "labels.jsonl.gz")
        ]
    return sets


# --- scoring ------------------------------------------------------------------------------

def names(value: object) -> frozenset[str]:
    if not value:
        return frozenset()
    text = "、".join(value) if isinstance(value, list) else str(value)
    return frozenset(n for n in re.split(r"[、，,&/;；\s]+", text) if n)


def same_time(label: str | None, value: object) -> bool:
    if not label:
        return not value
    if not value:
        return False
    parsed = value if hasattr(value, "strftime") else parse_chinese_datetime(str(value))
    if parsed is None:
        return False
    label = label.replace("T", " ")
    return parsed.strftime("%Y-%m-%d %H:%M:%S")[: len(label)] == label


def _squash(text: object) -> str:
    return re.sub(r"\s+", "", str(text or ""))


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def bigram_f1(expected: str, got: str) -> float:
    a, b = _squash(expected), _squash(got)
    grams_a = Counter(a[i:i + 2] for i in range(len(a) - 1))
    grams_b = Counter(b[i:i + 2] for i in range(len(b) - 1))
    overlap = sum((grams_a & grams_b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(grams_b.values()), overlap / sum(grams_a.values())
    return 2 * precision * recall / (precision + recall)


def bigram_precision(expected: str, got: str) -> float:
    """Share of the extracted text's character bigrams that the expected text has too."""
    a, b = _squash(expected), _squash(got)
    grams_a = Counter(a[i:i + 2] for i in range(len(a) - 1))
    grams_b = Counter(b[i:i + 2] for i in range(len(b) - 1))
    total = sum(grams_b.values())
    return sum((grams_a & grams_b).values()) / total if total else 0.0


def _dev_body(label: dict, text: object) -> bool:
    text = str(text or "")
    squashed = _squash(text)
    if not text or label["body_first"] not in text and label["body_first"] not in squashed:
        return False
    if label["body_last"] not in text and _squash(label["body_last"]) not in squashed:
        return False
    if any(noise in text for noise in label["noise"]):
        return False
    return abs(len(squashed) - label["body_chars"]) <= 0.15 * label["body_chars"]


def score(page: Page, got: dict) -> dict[str, float]:
    """Field → 1.0/0.0 (``body_f1`` is a fraction) for the fields this page's set labels."""
    label, name = page.label, page.set_name
    if name == "dev":
        return {
            "title": _text(got.get("title")) == label["title"].strip(),
            "publish_time": same_time(label["publish_time"], got.get("publish_time")),
            "author": names(got.get("author")) == names(label["author"]),
            "outlet": _text(got.get("outlet")) == (label["source"] or ""),
            "body": _dev_body(label, got.get("body")),
        }
    if name == "peer-fixtures":
        scores: dict[str, float] = {}
        title = _text(got.get("title"))
        if label.get("title"):
            want = label["title"].strip()  # Readability's titles keep the site's "_站名" suffix
            scores["title"] = bool(title) and (title == want or (
                want.startswith(title) and want[len(title):].lstrip()[:1] in ("_", "|", "-", "@")))
        if label.get("publish_date"):
            scores["publish_time"] = same_time(label["publish_date"][:10], got.get("publish_time"))
        if label.get("authors"):
            scores["author"] = names(got.get("author")) == names(label["authors"])
        if label.get("body_text"):
            f1 = bigram_f1(label["body_text"], str(got.get("body") or ""))
            scores["body"], scores["body_f1"] = f1 >= 0.9, f1
        return scores
    if name == "magic-html":
        body = str(got.get("body") or "")
        f1 = bigram_f1(label["body_text"], body)
        scores = {"body": f1 >= 0.9, "body_f1": f1}
        if label.get("kind") == "forum":
            # The gold text of a thread holds its replies; zixun keeps the first post only, so
            # a thread is also judged by how much of what was kept belongs to the gold text.
            scores["forum_f1"] = f1
            scores["forum_precision"] = bigram_precision(label["body_text"], body)
        else:
            scores["article_f1"] = f1
        return scores
    if name == "trafilatura-zh":
        body = _squash(got.get("body"))
        return {
            "title": _text(got.get("title")) == label["title"].strip(),
            "publish_time": same_time(label["date"], got.get("publish_time")),
            "author": names(got.get("author")) == names(label["author"]),
            "body": bool(body) and all(_squash(s) in body for s in label["with"])
            and not any(_squash(s) in body for s in label["without"]),
        }
    if name == "twnews":
        return {
            "title": bool(_text(got.get("title")))
            and _squash(label["title_contains"]) in _squash(got.get("title")),
            "publish_time": same_time(label["published"], got.get("publish_time")),
            "author": names(got.get("author")) == names(label["author"]),
            "body": _squash(label["body_contains"]) in _squash(got.get("body")),
        }
    raise ValueError(name)
