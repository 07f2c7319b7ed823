"""`zixun import FILE`: articles from JSON Lines, CSV or a WordPress WXR export."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from zixun.articles.ingest import BATCH_SIZE, DATABASE_DOWN
from zixun.pipeline import records
from zixun.pipeline.counts import Counts
from zixun.pipeline.importer import default_jobs, import_file
from zixun.sources.management.commands._output import print_counts

# The exit status when some records could not be imported (the others were).
PARTIAL_EXIT = 1


class Command(BaseCommand):
    help = (
        "Import articles from FILE: JSON Lines (.jsonl, also .gz), CSV (first row names the "
        "columns) or a WordPress export (WXR .xml). Re-importing never duplicates: identity is "
        "guid, then url, then the content. A record that cannot be read (not UTF-8, not valid, "
        "over ZIXUN_IMPORT_MAX_RECORD_BYTES) is reported with its line and skipped, and the "
        "command then exits with status 1. Accepted fields:\n" + records.__doc__.split(
            "first one present wins):", 1)[1]
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--guid-prefix", default="",
                            help="put before every guid/id, e.g. xwlb: for ids that are bare numbers")
        parser.add_argument("--jobs", type=int, default=default_jobs(),
                            help="processes for text analysis beside the one that stores "
                                 "(default %(default)s: one per CPU, at most 4, each at a "
                                 "lower priority than the one that stores; 0: all in one process)")
        parser.add_argument("--batch", type=int, default=BATCH_SIZE,
                            help="articles per transaction (default %(default)s); a kill loses "
                                 "at most one batch, which the next run stores again")

    def handle(self, *args, file: Path, guid_prefix: str, jobs: int, batch: int, **options):
        if not file.is_file():
            raise CommandError(f"找不到文件 {file}")
        if jobs < 0:
            raise CommandError("--jobs 不能为负数")
        if batch < 1:
            raise CommandError("--batch 至少为 1")
        counts = Counts()
        try:
            with tqdm(unit="篇", disable=None) as bar:
                import_file(file, guid_prefix=guid_prefix, jobs=jobs, batch_size=batch,
                            on_item=lambda: bar.update(1), counts=counts)
        except DATABASE_DOWN as exc:
            print_counts(self, "import", counts, origin=str(file))
            raise CommandError(_stopped(exc)) from None
        print_counts(self, "import", counts, origin=str(file))
        if counts.failed and getattr(self, "_called_from_command_line", False):
            # Every readable record is stored; the status tells a script that some were not.
            sys.exit(PARTIAL_EXIT)


def _stopped(exc: Exception) -> str:
    """Why the import stopped, and how to go on from there."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    full = "full" in detail.lower() or "no space" in detail.lower()
    return (f"数据库写入失败，导入已停止（{detail}）。已保存的文章完好，正在写入的一批已整批撤回；"
            + ("请先腾出磁盘空间，再" if full else "请检查数据库后")
            + "重新运行同一命令，会从中断处继续，已导入的不会重复")
