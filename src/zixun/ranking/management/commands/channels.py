"""`zixun channels train FILE` and `zixun channels classify TITLE [TEXT]`."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zixun.ranking import classifier


def read_examples(path: Path) -> Iterator[tuple[str, str, str]]:
    """(channel, title, text) from JSON lines with channel|category, optional title, text|body."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            channel = record.get("channel") or record.get("category")
            body = record.get("text") or record.get("body") or ""
            if not channel or not (body or record.get("title")):
                raise CommandError(f"{path}:{number}: 每行需要 channel（或 category）和 text（或 body）")
            yield channel, record.get("title", ""), body


class Command(BaseCommand):
    help = "训练或试用频道分类器 (train the channel classifier, or classify one article)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help="train from a JSON-lines file (.jsonl or .jsonl.gz)")
        train.add_argument("file", type=Path)
        train.add_argument("--output", type=Path, help="model file (default: data dir)")
        guess = sub.add_parser("classify", help="print the channel of one article")
        guess.add_argument("title")
        guess.add_argument("text", nargs="?", default="")

    def handle(self, *args, action: str, **options):
        if action == "train":
            self.train(options["file"], options["output"])
        else:
            for channel, p in list(classifier.scores(options["title"], options["text"]).items())[:3]:
                self.stdout.write(f"{channel}\t{p:.3f}")

    def train(self, source: Path, output: Path | None) -> None:
        if not source.exists():
            raise CommandError(f"找不到训练文件 {source}：请给出 JSON-lines 文件的路径")
        raw = classifier.train(read_examples(source))
        target = output or Path(settings.DATA_DIR) / classifier.MODEL_FILE
        classifier.save(raw, target)
        self.stdout.write(
            f"zixun channels: trained on {sum(raw['docs'])} articles, {len(raw['channels'])} "
            f"channels ({'、'.join(raw['channels'])}), {len(raw['words'])} words → {target}"
        )
