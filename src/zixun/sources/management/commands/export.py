"""`zixun export [-o FILE]`: every article as JSON Lines that `zixun import` reads back."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from zixun.pipeline.export import export_records, write_jsonl


class Command(BaseCommand):
    help = "Export all articles as JSON Lines (to stdout, or -o FILE); `zixun import` restores them."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")

    def handle(self, *args, output: Path | None, **options):
        if output is None:
            count = write_jsonl(export_records(), sys.stdout)
        else:
            with output.open("w", encoding="utf-8") as handle:
                count = write_jsonl(export_records(), handle)
        self.stderr.write(f"zixun export: {count} articles")
