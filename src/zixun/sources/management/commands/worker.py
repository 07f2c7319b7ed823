"""`zixun worker`: poll due feeds until stopped (SIGTERM or Ctrl-C)."""

from __future__ import annotations

import logging
import os
import signal
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from zixun.articles.publishing import publish_due
from zixun.pipeline.importer import default_jobs
from zixun.pipeline.worker import Worker
from zixun.sources.management.commands._output import print_counts
from zixun.sources.queue import worker_name

log = logging.getLogger("zixun.worker")


class Command(BaseCommand):
    help = (
        "Poll due feeds forever, sharing the work with any other workers on the same database. "
        "SIGTERM or Ctrl-C stops it after the current article; a second Ctrl-C stops at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one batch, then exit")
        parser.add_argument("--batch", type=int, default=5,
                            help="feeds claimed at a time by --once (a pass claims as it goes)")
        parser.add_argument("--concurrency", type=int, default=settings.WORKER_CONCURRENCY,
                            help="requests in flight at once across hosts (default "
                                 "%(default)s, ZIXUN_WORKER_CONCURRENCY); each host still gets "
                                 "at most its own limit")
        parser.add_argument("--jobs", type=int, default=default_jobs(),
                            help="processes for parsing, extraction and text analysis beside "
                                 "the fetches (default %(default)s; 0: all in this process)")
        parser.add_argument("--idle", type=float, default=30.0,
                            help="seconds to wait when no feed is due")
        parser.add_argument("--lease", type=int, default=600,
                            help="seconds a claim lasts before another worker may take the feed")
        parser.add_argument("--name", default="", help="worker name shown on claimed feeds")

    def handle(self, *args, once: bool, batch: int, idle: float, lease: int, name: str,
               concurrency: int, jobs: int, **options):
        worker = Worker(name=name or worker_name(), batch=max(1, batch), idle_seconds=idle,
                        lease=timedelta(seconds=max(1, lease)), concurrency=max(1, concurrency),
                        jobs=max(0, jobs))

        owner = os.getpid()

        def stop(signum, _frame):
            if os.getpid() != owner:
                # A process forked for the pools, signalled before it set its own handlers
                # (a pool stopped at once): it must die as the signal says, not wait for work.
                signal.signal(signum, signal.SIG_DFL)
                os.kill(os.getpid(), signum)
                return
            if worker.stop.is_set():
                raise KeyboardInterrupt
            log.info("worker stopping worker=%s signal=%s", worker.name, signal.Signals(signum).name)
            worker.stop.set()

        # Put back afterwards: the command may run inside another program (a test, a shell).
        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            if once:
                published = publish_due()
                if published:
                    self.stdout.write(f"published {len(published)} scheduled article(s)")
                worker.run_once()
            else:
                worker.run_forever()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        print_counts(self, "worker", worker.counts)
