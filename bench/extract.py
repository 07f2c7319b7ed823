"""Score zixun.extract against trafilatura alone and GNE alone on real Chinese pages.

    ZIXUN_SHARED_DATA=../shared/data .venv/bin/python bench/extract.py [--verbose]

Dev pages (pages/dev/labels.jsonl) are scored with the rules of the data README: title equal
after trimming; author, source and publish time equal after normalising (times at the
precision labelled; an empty label must be matched by no value); body must contain body_first
and body_last, none of the noise strings, and be within 15% of body_chars (non-whitespace).
Peer fixtures (pages/peer-fixtures/manifest.jsonl) are scored on the fields they label; their
titles from Mozilla Readability keep the site suffix, so a title also counts when the label is
ours plus a ``_站名``-style suffix; a body counts when its character-bigram F1 with the expected
text is at least 0.9. Ends with pages per second, zixun vs trafilatura alone.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import trafilatura  # noqa: E402

from zixun.extract import extract  # noqa: E402
from zixun.lib.dates import parse_chinese_datetime  # noqa: E402
from zixun.lib.encoding import decode_html  # noqa: E402

FIELDS = ("title", "author", "source", "publish_time", "body")
Result = dict[str, object]


def data_dir() -> Path:
    """The shared data folder: $ZIXUN_SHARED_DATA, default ../shared/data beside the repo."""
    return Path(os.environ.get("ZIXUN_SHARED_DATA", REPO.parent / "shared" / "data")).resolve()


def run_zixun(html: str) -> Result:
    draft = extract(html)
    return {"title": draft.title, "author": draft.authors, "source": draft.original_outlet,
            "publish_time": draft.published_at, "body": draft.body_text}


def run_trafilatura(html: str) -> Result:
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if doc is None:
        return {}
    return {"title": doc.title, "author": doc.author, "source": doc.sitename,
            "publish_time": doc.date, "body": doc.text}


def run_gne(html: str) -> Result:
    from gne import GeneralNewsExtractor

    try:
        found = GeneralNewsExtractor().extract(html)
    except Exception:  # GNE raises on some layouts; that page simply scores zero
        return {}
    return {"title": found.get("title"), "author": found.get("author"), "source": None,
            "publish_time": found.get("publish_time"), "body": found.get("content")}


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
    return parsed.strftime("%Y-%m-%d %H:%M:%S")[: len(label)] == label


def body_ok(label: dict, text: object) -> bool:
    text = str(text or "")
    squashed = re.sub(r"\s+", "", text)
    if not text or label["body_first"] not in text and label["body_first"] not in squashed:
        return False
    if label["body_last"] not in text and re.sub(r"\s+", "", label["body_last"]) not in squashed:
        return False
    if any(noise in text for noise in label["noise"]):
        return False
    return abs(len(squashed) - label["body_chars"]) <= 0.15 * label["body_chars"]


def score_dev(label: dict, got: Result) -> dict[str, bool]:
    strip = lambda v: (v or "").strip() if isinstance(v, str) or v is None else str(v)  # noqa: E731
    return {
        "title": strip(got.get("title")) == label["title"].strip(),
        "author": names(got.get("author")) == names(label["author"]),
        "source": strip(got.get("source")) == (label["source"] or ""),
        "publish_time": same_time(label["publish_time"], got.get("publish_time")),
        "body": body_ok(label, got.get("body")),
    }


def bigram_f1(expected: str, got: str) -> float:
    a = re.sub(r"\s+", "", expected)
    b = re.sub(r"\s+", "", got or "")
    grams_a = Counter(a[i:i + 2] for i in range(len(a) - 1))
    grams_b = Counter(b[i:i + 2] for i in range(len(b) - 1))
    overlap = sum((grams_a & grams_b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(grams_b.values()), overlap / sum(grams_a.values())
    return 2 * precision * recall / (precision + recall)


def score_peer(label: dict, got: Result) -> dict[str, bool]:
    scores: dict[str, bool] = {}
    title = (got.get("title") or "").strip() if isinstance(got.get("title"), str) else ""
    if label.get("title"):
        want = label["title"].strip()
        scores["title"] = bool(title) and (
            title == want
            or (want.startswith(title) and want[len(title):].lstrip()[:1] in ("_", "|", "-", "@"))
        )
    if label.get("authors"):
        scores["author"] = names(got.get("author")) == names(label["authors"])
    if label.get("publish_date"):
        scores["publish_time"] = same_time(label["publish_date"][:10], got.get("publish_time"))
    if label.get("body_text"):
        scores["body"] = bigram_f1(label["body_text"], str(got.get("body") or "")) >= 0.9
    return scores


def evaluate(pages: list[tuple[str, str, dict]], runner: Callable[[str], Result],
             scorer: Callable[[dict, Result], dict[str, bool]], verbose: bool, name: str):
    hits: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    started = time.perf_counter()
    for page_id, html, label in pages:
        got = runner(html)
        for field, ok in scorer(label, got).items():
            counts[field] += 1
            hits[field] += ok
            if verbose and not ok:
                shown = got.get(field)
                shown = (str(shown)[:60] + "…") if field == "body" else shown
                print(f"  {name} {page_id} {field}: got {shown!r}", file=sys.stderr)
    elapsed = time.perf_counter() - started
    return {f: hits[f] / counts[f] for f in FIELDS if counts[f]}, len(pages) / elapsed


def load_dev(root: Path) -> list[tuple[str, str, dict]]:
    pages = []
    for line in (root / "pages/dev/labels.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        raw = (root / "pages/dev" / label["file"]).read_bytes()
        pages.append((label["file"], decode_html(raw, None), label))
    return pages


def load_peer(root: Path) -> list[tuple[str, str, dict]]:
    folder = root / "pages/peer-fixtures"
    pages = []
    for line in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        raw = (folder / label["html_path"]).read_bytes()
        pages.append((label["id"], decode_html(raw, None), label))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    args = parser.parse_args()
    root = data_dir()
    runners = {"zixun": run_zixun, "trafilatura": run_trafilatura, "gne": run_gne}
    for title, pages, scorer in (("pages/dev", load_dev(root), score_dev),
                                 ("pages/peer-fixtures", load_peer(root), score_peer)):
        print(f"\n### {title} ({len(pages)} pages)\n")
        print("| extractor | " + " | ".join(FIELDS) + " | pages/s |")
        print("|---" * (len(FIELDS) + 2) + "|")
        for name, runner in runners.items():
            scores, speed = evaluate(pages, runner, scorer, args.verbose, name)
            cells = [f"{scores[f]:.3f}" if f in scores else "–" for f in FIELDS]
            print(f"| {name} | " + " | ".join(cells) + f" | {speed:.1f} |")


if __name__ == "__main__":
    main()
