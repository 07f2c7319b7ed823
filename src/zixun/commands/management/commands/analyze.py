"""`zixun analyze`: a thin wrapper around zixun.text.cli.main."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zixun.text.cli import main


class Command(BaseCommand):
    help = "分析一篇中文新闻：规范化文本、句数、关键词、摘要和署名（analyze [FILE|-] [--json]）。"

    def run_from_argv(self, argv: list[str]) -> None:
        """Hand the raw arguments to the pure CLI, which has its own parser and help."""
        status = main(argv[2:])
        if status:
            raise SystemExit(status)

    def handle(self, *args: Any, **options: Any) -> None:
        """Reached only through call_command(), which the pure CLI does not need."""
        raise CommandError("run `zixun analyze [FILE|-] [--json]` from the command line")
