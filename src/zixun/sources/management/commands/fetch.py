"""`zixun fetch [--feed ID | --all]`: poll feeds now, whether due or not."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from zixun.pipeline.importer import default_jobs
from zixun.pipeline.worker import Worker
from zixun.sources.management.commands._output import print_counts
from zixun.sources.models import Feed


class Command(BaseCommand):
    help = (
        "Fetch feeds now: --feed ID (repeatable) or --all active feeds. Feeds a worker is "
        "fetching at this moment are left to it. Ends with created/updated/unchanged/skipped/"
        "failed counts and each failure's reason."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--feed", type=int, action="append", dest="feeds", metavar="ID")
        group.add_argument("--all", action="store_true", help="every active feed")
        parser.add_argument("--concurrency", type=int, default=settings.WORKER_CONCURRENCY,
                            help="requests in flight at once across hosts (default "
                                 "%(default)s, ZIXUN_WORKER_CONCURRENCY)")
        parser.add_argument("--jobs", type=int, default=default_jobs(),
                            help="processes for parsing, extraction and text analysis "
                                 "(default %(default)s; 0: all in this process)")

    def handle(self, *args, feeds: list[int] | None, all: bool,  # noqa: A002
               concurrency: int, jobs: int, **options):
        query = Feed.objects.filter(active=True)
        if feeds:
            missing = set(feeds) - set(Feed.objects.filter(pk__in=feeds).values_list("pk", flat=True))
            if missing:
                raise CommandError(f"没有编号为 {sorted(missing)} 的订阅源；用 `zixun feeds list` 查看")
            query = Feed.objects.filter(pk__in=feeds)
        ids = list(query.order_by("pk").values_list("pk", flat=True))
        polled: set[int] = set()

        def done(run) -> None:
            polled.add(run.feed_id)
            bar.update(1)

        with tqdm(total=len(ids), unit="feed", disable=None) as bar:
            worker = Worker(on_run=done, concurrency=max(1, concurrency), jobs=max(0, jobs))
            worker.run_pass(feed_ids=ids)
        for feed_id in ids:
            if feed_id not in polled:
                self.stderr.write(f"  feed {feed_id}: 正由另一个工作进程抓取或已停用，跳过")
        print_counts(self, "fetch", worker.counts)
