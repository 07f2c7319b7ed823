"""`zixun analyze [FILE|-] [--json]`: print what zixun.text finds in a text."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from zixun.text.analyze import Analysis, analyze


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zixun analyze", description="分析一篇中文新闻：规范化文本、句数、关键词、摘要和署名。"
    )
    parser.add_argument("file", nargs="?", default="-", help="UTF-8 text file, or - for stdin")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "--date", type=dt.date.fromisoformat, default=None,
        help="the article's date (YYYY-MM-DD), for dates in credits that have no year",
    )
    return parser


def main(argv: list[str]) -> int:
    """Run the analyze command on `argv`; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"无法读取 {args.file}：{error}。请给出一个 UTF-8 文本文件，或用 - 读取标准输入。",
              file=sys.stderr)
        return 2
    result = analyze(text, args.date)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(_as_text(result))
    return 0


def _as_text(result: Analysis) -> str:
    """A human-readable report of `result`."""
    credit = result.byline.to_dict()
    lines = [
        "== normalized ==", result.normalized, "",
        f"sentences: {result.sentence_count}",
        f"keywords: {'、'.join(result.keywords)}",
        f"summary: {result.summary}",
        f"outlet: {credit['outlet'] or '-'}",
        f"authors: {'、'.join(credit['authors']) or '-'}",
        f"editors: {'、'.join(credit['editors']) or '-'}",
        f"original outlet: {credit['original_outlet'] or '-'}",
        f"original date: {credit['original_date'] or '-'}",
        f"original place: {result.byline.original_place or '-'}",
        "cited sources: " + ("、".join(
            f"{c['outlet']}（{c['date'] or '日期不详'}）" for c in credit["cited_sources"]
        ) or "-"),
        f"original title: {credit['original_title'] or '-'}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
