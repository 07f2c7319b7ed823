"""`zixun worker`: poll due feeds until stopped (SIGTERM or Ctrl-C)."""

from __future__ import annotations

import logging
import signal
from datetime import timedelta

from django.core.management.base import BaseCommand

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
        parser.add_argument("--batch", type=int, default=5, help="feeds claimed at a time")
        parser.add_argument("--idle", type=float, default=30.0,
                            help="seconds to wait when no feed is due")
        parser.add_argument("--lease", type=int, default=600,
                            help="seconds a claim lasts before another worker may take the feed")
        parser.add_argument("--name", default="", help="worker name shown on claimed feeds")

    def handle(self, *args, once: bool, batch: int, idle: float, lease: int, name: str, **options):
        worker = Worker(name=name or worker_name(), batch=max(1, batch), idle_seconds=idle,
                        lease=timedelta(seconds=max(1, lease)))

        def stop(signum, _frame):
            if worker.stop.is_set():
                raise KeyboardInterrupt
            log.info("worker stopping worker=%s signal=%s", worker.name, signal.Signals(signum).name)
            worker.stop.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        if once:
            worker.run_once()
        else:
            worker.run_forever()
        print_counts(self, "worker", worker.counts)
