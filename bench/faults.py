"""bench/faults.py: faults during ingest; each must lose nothing, count right and restart clean.

- import kills: SIGKILL `zixun import` N times part-way through one file, checking after each
  kill for duplicates and half-written articles, then run it to the end: nothing lost;
- worker kills: SIGKILL `zixun worker` N times while it stores a feed's entries, the same checks,
  then `zixun fetch --all` finishes the feed;
- disk full: `zixun import` onto a small tmpfs (root only): one clear error, nothing
  half-written, and the rerun after the disk grows stores the rest;
- busy SQLite: an import, a worker and `zixun serve` at once while readers load pages; any
  error a reader sees, or "database is locked" in the import's or worker's output, counts.

    .venv/bin/python bench/faults.py                      # all four, on SQLite
    .venv/bin/python bench/faults.py --only import-kills --kills 50
    ZIXUN_SHARED_DATA=../shared/data .venv/bin/python bench/faults.py --database-url postgres://…
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ["import-kills", "worker-kills", "disk-full", "busy"]


def shared_data() -> Path:
    return Path(os.environ.get("ZIXUN_SHARED_DATA", ROOT.parent / "shared" / "data")).resolve()


def corpus(count: int) -> list[str]:
    with gzip.open(shared_data() / "corpus" / "xinwenlianbo.jsonl.gz", "rt", encoding="utf-8") as f:
        lines = []
        for line in f:
            lines.append(line)
            if len(lines) == count:
                break
    return lines


def setup(data_dir: Path, database_url: str) -> dict:
    env = {**os.environ, "ZIXUN_DATA_DIR": str(data_dir), "ZIXUN_DATABASE_URL": database_url,
           "ZIXUN_FETCH_ALLOW_HOSTS": "127.0.0.1", "DJANGO_SETTINGS_MODULE": "zixun.settings"}
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    subprocess.run([str(zixun_bin()), "migrate", "-v0"], env=env, check=True)
    import django

    django.setup()
    return env


def zixun_bin() -> Path:
    return Path(sys.executable).with_name("zixun")


def lost(prefix: str, expected: int) -> int:
    from zixun.articles.models import Article

    have = set(Article.objects.filter(guid__startswith=prefix).values_list("guid", flat=True))
    return expected - len(have)


def import_kills(env: dict, scratch: Path, kills: int, records: int) -> list[str]:
    from tests.pipeline.import_kills import (
        KillRun,
        check_stored,
        finish,
        kill_repeatedly,
        unique_records,
    )

    path = scratch / "kills.jsonl"
    lines = unique_records(corpus(records), "kill:")
    path.write_text("".join(lines), encoding="utf-8")
    started = time.monotonic()
    run = kill_repeatedly(path, env, kills=kills, batch=10, seed=1, jitter=0.15)
    done = finish(path, env, batch=10)
    after = KillRun()
    check_stored(after)
    return [
        f"| import kills | {len(run.stored_at_kill)} of {kills} landed before the end "
        f"({records} records, batch 10; stored at the kills: {run.stored_at_kill[:3]} … "
        f"{run.stored_at_kill[-3:]}) | {run.duplicates} | {run.half_written} | "
        f"{lost('kill:', len(lines))} after the rerun (exit {done.returncode}, "
        f"{done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ''}); after it: "
        f"{after.duplicates} duplicates, {after.half_written} half | "
        f"{time.monotonic() - started:.0f} s |"
    ]


def worker_kills(env: dict, kills: int, items: int, window: float) -> list[str]:
    from tests.httpserver import serve
    from tests.pipeline.import_kills import KillRun, check_stored
    from tests.sources.worker_kills import feed_xml, fetch_to_the_end, kill_worker_repeatedly

    from zixun.articles.models import Article
    from zixun.sources.models import Feed, Source

    started = time.monotonic()
    rss = {"Content-Type": "application/rss+xml; charset=utf-8"}
    with serve({"/feed": (200, rss, feed_xml(items))}) as srv:
        source, _ = Source.objects.get_or_create(name="杀进程", defaults={"slug": "kill-bench"})
        feed = Feed.objects.create(url=srv.url("/feed"), source=source, fetch_pages=False)
        run = kill_worker_repeatedly(feed, env, kills, window=window, seed=2,
                                     log=Path(os.environ.get("ZIXUN_BENCH_LOG", os.devnull)))
        done = fetch_to_the_end(feed, env)
    guids = Counter(Article.objects.filter(feed=feed).values_list("guid", flat=True))
    after = KillRun()
    check_stored(after)
    return [
        f"| worker kills | {len(run.seconds)}, each 0–{window:g} s into a poll ({items} feed entries; "
        f"stored at the kills: {run.stored_at_kill[:3]} … {run.stored_at_kill[-3:]}) | "
        f"{run.duplicates} | {run.half_written} | {items - len(guids)} after `zixun fetch` "
        f"(exit {done.returncode}, {done.stdout.strip()}); after it: "
        f"{sum(c - 1 for c in guids.values())} duplicates, {after.half_written} half | "
        f"{time.monotonic() - started:.0f} s |"
    ]


def disk_full(records: int) -> list[str]:
    from tests.pipeline.test_import_disk_full import small_disk, stored, zixun

    with tempfile.TemporaryDirectory(prefix="zixun-bench-full-") as scratch:
        source = Path(scratch) / "news.jsonl"
        source.write_text("".join(corpus(records)), encoding="utf-8")
        data_dir = Path(scratch) / "data"
        data_dir.mkdir()
        with small_disk(data_dir, "8m") as mounted:
            if not mounted:
                return ["| disk full | not run: mounting a tmpfs needs root | | | | |"]
            zixun(data_dir, "migrate", "-v0")
            started = time.monotonic()
            full = zixun(data_dir, "import", str(source), "--jobs", "0")
            elapsed = time.monotonic() - started
            before = stored(data_dir)
            half = sum(1 for _, entries in before if entries != 1)
            subprocess.run(["mount", "-o", "remount,size=512m", str(data_dir)], check=True)
            rerun = zixun(data_dir, "import", str(source), "--jobs", "0")
            after = stored(data_dir)
    guids = [guid for guid, _ in after]
    error = [line for line in full.stderr.splitlines() if line.strip()]
    return [
        f"| disk full (8 MB tmpfs) | exit {full.returncode} after {elapsed:.1f} s, "
        f"{len(error)} line on stderr: `{error[0][:90] if error else ''}…`; {len(before)} "
        f"articles stored before | {len(guids) - len(set(guids))} | {half} | rerun exit "
        f"{rerun.returncode}: {rerun.stdout.strip()}; {len(after)} articles | |"
    ]


def busy(env: dict, scratch: Path, seconds: float, records: int) -> list[str]:
    from tests.httpserver import serve
    from tests.pipeline.busy import ingest_while_serving
    from tests.pipeline.import_kills import unique_records
    from tests.sources.worker_kills import feed_xml

    from zixun.articles.models import Article
    from zixun.sources.models import Feed, Source

    path = scratch / "busy.jsonl"
    path.write_text("".join(unique_records(corpus(records), "busy:")), encoding="utf-8")
    # Pages of articles stored by the sections before; the lists and search show the new ones.
    ids = list(Article.objects.published().values_list("pk", flat=True)[:200])
    rss = {"Content-Type": "application/rss+xml; charset=utf-8"}
    with serve({"/feed": (200, rss, feed_xml(300, "busy"))}) as srv:
        source, _ = Source.objects.get_or_create(name="并发", defaults={"slug": "busy-bench"})
        Feed.objects.create(url=srv.url("/feed"), source=source, fetch_pages=False)
        run = ingest_while_serving(env, scratch, path, seconds, ids)
    database = "SQLite" if not env["ZIXUN_DATABASE_URL"].startswith("postgres") else "PostgreSQL"
    return [
        f"| busy {database} ({run.seconds:.0f} s: import of {records}, worker, serve with 2 "
        f"workers, 4 readers) | import: {run.import_summary or 'stopped at the time limit'}; "
        f"{run.statuses[200]} pages served | {run.reader_errors} reader errors "
        f"{dict(run.statuses)} | {run.database_errors} database errors in import/worker output"
        " | | |"
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=SECTIONS)
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--records", type=int, default=4000)
    parser.add_argument("--worker-items", type=int, default=1500,
                        help="entries in the feed the killed workers poll")
    parser.add_argument("--worker-window", type=float, default=20.0,
                        help="a worker is killed at a random moment up to this many seconds "
                             "after it claimed the feed")
    parser.add_argument("--busy-seconds", type=float, default=120)
    parser.add_argument("--database-url", default="",
                        help="an empty database to use (default: SQLite in a scratch directory)")
    args = parser.parse_args(argv)
    sections = args.only or SECTIONS
    rows = Rows()
    with tempfile.TemporaryDirectory(prefix="zixun-bench-faults-") as scratch:
        env = setup(Path(scratch), args.database_url)
        load = os.getloadavg()[0]
        if "import-kills" in sections:
            rows += import_kills(env, Path(scratch), args.kills, args.records)
        if "worker-kills" in sections:
            rows += worker_kills(env, args.kills, args.worker_items, args.worker_window)
        if "disk-full" in sections:
            rows += disk_full(args.records)
        if "busy" in sections:
            rows += busy(env, Path(scratch), args.busy_seconds, args.records)
    print(f"bench/faults.py on {args.database_url.split('@')[-1] or 'SQLite'}, "
          f"load {load:.2f} → {os.getloadavg()[0]:.2f}")
    return 0


class Rows(list):
    """The table, each row printed as soon as its fault is done (a long run shows progress)."""

    def __init__(self) -> None:
        super().__init__()
        self += ["| fault | runs | duplicates | half-written | lost | time |",
                 "|---|---|---:|---:|---|---:|"]

    def __iadd__(self, rows: list[str]) -> Rows:  # type: ignore[override]
        for row in rows:
            print(row, flush=True)
            self.append(row)
        return self


if __name__ == "__main__":
    raise SystemExit(main())
