"""`zixun import FILE`: articles from JSON Lines, CSV or a WordPress WXR export."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from zixun.articles.ingest import BATCH_SIZE
from zixun.pipeline import records
from zixun.pipeline.importer import default_jobs, import_file
from zixun.sources.management.commands._output import print_counts


class Command(BaseCommand):
    help = (
        "Import articles from FILE: JSON Lines (.jsonl, also .gz), CSV (first row names the "
        "columns) or a WordPress export (WXR .xml). Re-importing never duplicates: identity is "
        "guid, then url, then the content. Accepted fields:\n" + records.__doc__.split(
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
        with tqdm(unit="篇", disable=None) as bar:
            counts = import_file(file, guid_prefix=guid_prefix, jobs=jobs, batch_size=batch,
                                 on_item=lambda: bar.update(1))
        print_counts(self, "import", counts)
