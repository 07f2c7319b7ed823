"""Score zixun.extract against trafilatura alone and GNE alone on every labelled page set.

    ZIXUN_SHARED_DATA=../shared/data .venv/bin/python bench/extract.py [--part open|sealed|both]
        [--set NAME] [--verbose]

Sets (under $ZIXUN_SHARED_DATA/pages): dev, peer-fixtures, magic-html, trafilatura-zh, twnews.
Each is split by site into an open part (develop on it) and a sealed part (score it once, at the
end); bench/_extract_sets.py says how, and how each set's labels are scored: dev by the rules
of the data README; peer fixtures and magic-html bodies by character-bigram F1 against the
expected text (a page counts at F1 ≥ 0.9; ``body F1`` is the mean); trafilatura-zh bodies by
the snippets they must and must not contain; twnews titles and bodies by the snippets they
contain. On magic-html ``article_f1`` and ``forum_f1`` split the mean F1 by page kind, and
``forum_precision`` is the share of a thread's extracted bigrams found in its gold text (the
gold holds every reply; zixun keeps the first post). ``outlet`` is the credited original outlet (dev labels it as ``source``). Prints one
table per set, rows per extractor and part, then pages per second over all sets and the pages
on which zixun raised (there must be none). ``--verbose`` prints zixun's misses on open sites
only: the sealed pages are never looked at one by one.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

import trafilatura  # noqa: E402
from _extract_sets import Page, load_all, score  # noqa: E402

from zixun.extract import extract  # noqa: E402

COLUMNS = ("title", "publish_time", "author", "outlet", "body", "body_f1", "article_f1",
           "forum_f1", "forum_precision")
Result = dict[str, object]


def data_dir() -> Path:
    """The shared data folder: $ZIXUN_SHARED_DATA, default ../shared/data beside the repo."""
    return Path(os.environ.get("ZIXUN_SHARED_DATA", REPO.parent / "shared" / "data")).resolve()


def run_zixun(html: str) -> Result:
    draft = extract(html)
    if draft.not_article:
        return {}
    return {"title": draft.title, "author": draft.authors, "outlet": draft.original_outlet,
            "publish_time": draft.published_at, "body": draft.body_text}


def run_trafilatura(html: str) -> Result:
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if doc is None:
        return {}
    return {"title": doc.title, "author": doc.author, "outlet": doc.sitename,
            "publish_time": doc.date, "body": doc.text}


def run_gne(html: str) -> Result:
    from gne import GeneralNewsExtractor

    try:
        found = GeneralNewsExtractor().extract(html)
    except Exception:  # GNE raises on some layouts; that page simply scores zero
        return {}
    return {"title": found.get("title"), "author": found.get("author"), "outlet": None,
            "publish_time": found.get("publish_time"), "body": found.get("content")}


RUNNERS: dict[str, Callable[[str], Result]] = {
    "zixun": run_zixun, "trafilatura": run_trafilatura, "gne": run_gne}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=("open", "sealed", "both"), default="open",
                        help="which sites to score (default: open; sealed only once, at the end)")
    parser.add_argument("--set", action="append", help="only this set (repeatable)")
    parser.add_argument("--only", choices=tuple(RUNNERS), help="run one extractor")
    parser.add_argument("--verbose", action="store_true", help="print zixun's misses (open only)")
    args = parser.parse_args()
    sets = load_all(data_dir())
    parts = ("open", "sealed") if args.part == "both" else (args.part,)
    runners = {k: v for k, v in RUNNERS.items() if not args.only or k == args.only}
    seconds: dict[str, float] = defaultdict(float)
    counted = 0
    raised: list[str] = []
    for set_name, pages in sets.items():
        if args.set and set_name not in args.set:
            continue
        chosen = [p for p in pages if ("sealed" if p.sealed else "open") in parts]
        counted += len(chosen)
        sites = {p.site for p in pages}
        sealed_sites = {p.site for p in pages if p.sealed}
        print(f"\n### {set_name}: {len(pages)} pages, {len(sites)} sites "
              f"({len(sealed_sites)} sealed, {sum(p.sealed for p in pages)} pages)\n")
        rows = []
        for name, runner in runners.items():
            by_part: dict[str, list[dict]] = defaultdict(list)
            for page in chosen:
                started = time.perf_counter()
                try:
                    got = runner(page.html)
                except Exception:
                    if name == "zixun":
                        raised.append(f"{set_name}/{page.page_id}")
                        traceback.print_exc()
                    got = {}
                seconds[name] += time.perf_counter() - started
                scores = score(page, got)
                part = "sealed" if page.sealed else "open"
                by_part[part].append(scores)
                if args.verbose and name == "zixun" and part == "open":
                    _print_misses(page, got, scores)
            for part in parts:
                rows.append((name, part, _means(by_part[part]), len(by_part[part])))
        present = [c for c in COLUMNS if any(c in means for _, _, means, _ in rows)]
        print("| extractor | part | pages | " + " | ".join(present) + " |")
        print("|---" * (len(present) + 3) + "|")
        for name, part, means, count in rows:
            cells = [f"{means[c]:.3f}" if c in means else "–" for c in present]
            print(f"| {name} | {part} | {count} | " + " | ".join(cells) + " |")
    print(f"\n### speed over {counted} pages\n")
    for name in runners:
        print(f"- {name}: {counted / seconds[name]:.1f} pages/s" if seconds[name] else "")
    print(f"\nzixun raised on {len(raised)} pages" + (f": {', '.join(raised)}" if raised else ""))


def _means(scores: list[dict]) -> dict[str, float]:
    totals: dict[str, list[float]] = defaultdict(list)
    for page_scores in scores:
        for field, value in page_scores.items():
            totals[field].append(float(value))
    return {field: sum(values) / len(values) for field, values in totals.items()}


def _print_misses(page: Page, got: Result, scores: dict) -> None:
    for field, value in scores.items():
        if field.endswith(("_f1", "_precision")) or value >= 1:
            continue
        shown = got.get(field if field != "body_f1" else "body")
        if field == "body":
            text = str(shown or "")
            shown = f"{text[:40]!r}…{text[-40:]!r} ({len(text)})"
            if "body_f1" in scores:
                shown += f" F1={scores['body_f1']:.2f}"
        print(f"  {page.set_name}/{page.page_id} [{page.site}] {field}: got {shown}",
              file=sys.stderr)


if __name__ == "__main__":
    main()
