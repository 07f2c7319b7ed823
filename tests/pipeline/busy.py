"""An import, a worker and `zixun serve` at once on one database, while readers load pages.

Shared by tests/pipeline/test_busy_database.py (seconds) and bench/faults.py (minutes). What
counts: any answer but 200 a reader gets, and any "database is locked" or other database error
in the import's or the worker's output.
"""

from __future__ import annotations

import random
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.pipeline.import_kills import ZIXUN

READER_PAGES = ["/", "/search?q=%E7%A7%8B%E7%B2%AE", "/rss.xml"]


@dataclass
class BusyRun:
    """What the readers got, and what the writers said."""

    statuses: Counter = field(default_factory=Counter)
    database_errors: int = 0
    import_summary: str = ""
    seconds: float = 0.0

    @property
    def reader_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status != 200)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _read_pages(port: int, article_ids: list[int], run: BusyRun, stop: threading.Event,
                seed: int) -> None:
    rng = random.Random(seed)
    pages = READER_PAGES + [f"/a/{pk}/" for pk in article_ids[:200]]
    while not stop.is_set():
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{rng.choice(pages)}",
                                        timeout=30) as response:
                run.statuses[response.status] += 1
        except urllib.error.HTTPError as exc:
            run.statuses[exc.code] += 1
        except OSError as exc:
            run.statuses[type(exc).__name__] += 1


def _wait_until_serving(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def ingest_while_serving(env: dict, scratch: Path, records: Path, seconds: float,
                         article_ids: list[int], readers: int = 4) -> BusyRun:
    """Serve, import ``records`` and run a worker (over the feeds in the database) at once for
    up to ``seconds`` (or until the import ends), ``readers`` threads loading pages."""
    run = BusyRun()
    port = free_port()
    server = subprocess.Popen([str(ZIXUN), "serve", "--port", str(port), "--workers", "2",
                               "--no-migrate"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    import_log, worker_log = scratch / "busy-import.log", scratch / "busy-worker.log"
    stop = threading.Event()
    threads = [threading.Thread(target=_read_pages, args=(port, article_ids, run, stop, n))
               for n in range(readers)]
    try:
        _wait_until_serving(port)
        with import_log.open("w") as out_import, worker_log.open("w") as out_worker:
            importer = subprocess.Popen([str(ZIXUN), "import", str(records), "--jobs", "1"],
                                        env=env, stdout=out_import, stderr=subprocess.STDOUT)
            worker = subprocess.Popen([str(ZIXUN), "worker", "--batch", "1", "--idle", "0.5",
                                       "--jobs", "0"], env=env, stdout=out_worker,
                                      stderr=subprocess.STDOUT)
            for thread in threads:
                thread.start()
            started = time.monotonic()
            try:
                importer.wait(seconds)
            except subprocess.TimeoutExpired:
                importer.kill()
                importer.wait(10)
            run.seconds = time.monotonic() - started
            worker.send_signal(signal.SIGTERM)
            worker.wait(60)
    finally:
        stop.set()
        for thread in threads:
            if thread.is_alive():
                thread.join()
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    said = import_log.read_text() + worker_log.read_text()
    run.database_errors = said.count("database is locked") + said.count("OperationalError")
    run.import_summary = next((line for line in import_log.read_text().splitlines()
                               if line.startswith("zixun import:")), "")
    return run
