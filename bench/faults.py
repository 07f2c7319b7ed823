"""bench/faults.py: faults during ingest; each must lose nothing, count right and restart clean.

- import kills: SIGKILL `zixun import` N times part-way through one file, checking after each
  kill for duplicates and half-written articles, then run it to the end: nothing lost;
- worker kills: SIGKILL `zixun worker` N times while it stores a feed's entries, the same checks,
  then `zixun fetch --all` finishes the feed;
- disk full: `zixun import` onto a small tmpfs (root only): one clear error, nothing
  half-written, and the rerun after the disk grows stores the rest;
- busy SQLite: an import, a worker and `zixun serve` at once while readers load pages; any
  error a reader sees, or "database is locked" in the import's or worker's output, counts.
- dedup kills: SIGKILL `zixun import` N times inside story assignment (each time right after
  one of its writes, in turn), the same checks plus broken stories, then the rerun; the stories
  must come out as a run without kills forms them;
- PostgreSQL restarts (with --pg-dir, the folder of scripts/pgtest.py's server): restarted N
  times while `zixun worker` stores a large feed (it must carry on: nothing lost or twice), and
  N times while readers load `zixun serve` (503 with Retry-After while it is down, never a 500,
  and 200 again by itself once it is back).

    .venv/bin/python bench/faults.py                      # all four, on SQLite
    .venv/bin/python bench/faults.py --only import-kills --kills 50
    .venv/bin/python bench/faults.py --only dedup-kills --kills 50
    url=$(.venv/bin/python scripts/pgtest.py start /tmp/pg-faults)
    .venv/bin/python bench/faults.py --database-url "$url" --pg-dir /tmp/pg-faults --only pg-restart
    ZIXUN_SHARED_DATA=../shared/data .venv/bin/python bench/faults.py --database-url postgres://…
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ["import-kills", "worker-kills", "disk-full", "busy", "dedup-kills", "pg-restart"]


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


def dedup_kills(env: dict, scratch: Path, kills: int, records: int) -> list[str]:
    from tests.dedup import dedup_kills as kills_in
    from tests.pipeline.import_kills import check_stored

    path = scratch / "reposts.jsonl"
    lines = kills_in.repost_records(corpus(records // 4), copies=4, prefix="dk:", seed=1)
    path.write_text("".join(lines), encoding="utf-8")
    started = time.monotonic()
    run = kills_in.kill_in_dedup_repeatedly(path, env, kills, batch=10, seed=4)
    done = kills_in.finish(path, env, batch=10)
    after = kills_in.DedupKillRun()
    check_stored(after)
    kills_in.check_stories(after)
    killed = kills_in.summary(env)
    same = killed == kills_in.clean_run_summary(path, env, 10, scratch / "clean")
    return [
        f"| dedup kills | {len(run.stored_at_kill)} of {kills} landed inside story assignment "
        f"({len(lines)} records, {records // 4} stories of 4 copies, batch 10; stored at the "
        f"kills: {run.stored_at_kill[:3]} … {run.stored_at_kill[-3:]}); broken stories "
        f"{run.broken_stories} | {run.duplicates} | {run.half_written} | "
        f"{lost('dk:', len(lines))} after the rerun (exit {done.returncode}, "
        f"{done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ''}); after it: "
        f"{after.duplicates} duplicates, {after.half_written} half, {after.broken_stories} broken "
        f"stories; {len(killed['stories'])} stories, "
        f"{'the same as' if same else 'NOT the same as'} a run without kills | "
        f"{time.monotonic() - started:.0f} s |"
    ]


def pg_restart(env: dict, pg_dir: Path, restarts: int, items: int, down: float,
               seconds: float) -> list[str]:
    return [pg_restart_worker(env, pg_dir, restarts, items, down),
            pg_restart_served(env, pg_dir, restarts, down, seconds)]


def restart_postgres(pg_dir: Path, down: float) -> None:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "pgtest.py"), "restart", str(pg_dir),
                    str(down)], check=True)


def pg_restart_worker(env: dict, pg_dir: Path, restarts: int, items: int, down: float) -> str:
    from django.db import connection
    from tests.httpserver import serve
    from tests.pipeline.import_kills import KillRun, check_stored
    from tests.sources.worker_kills import feed_xml

    from zixun.articles.models import Article
    from zixun.sources.models import Feed, Source

    rng = random.Random(5)
    started = time.monotonic()
    rss = {"Content-Type": "application/rss+xml; charset=utf-8"}
    log = Path(env["ZIXUN_DATA_DIR"]) / "pg-restart-worker.log"
    with serve({"/feed": (200, rss, feed_xml(items, "pgr"))}) as srv:
        source, _ = Source.objects.get_or_create(name="重启", defaults={"slug": "pg-restart"})
        feed = Feed.objects.create(url=srv.url("/feed"), source=source, fetch_pages=False)
        worker = subprocess.Popen([str(zixun_bin()), "worker", "--idle", "0.5", "--jobs", "0"],
                                  env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
        stored_at = []
        try:
            for _ in range(restarts):
                time.sleep(rng.uniform(2, 10))
                restart_postgres(pg_dir, down)
                connection.close()
                stored_at.append(Article.objects.filter(feed=feed).count())
            deadline = time.monotonic() + 900
            while Article.objects.filter(feed=feed).count() < items and worker.poll() is None:
                if time.monotonic() > deadline:
                    break
                time.sleep(1)
            alive = worker.poll() is None
        finally:
            worker.terminate()
            worker.wait(60)
    guids = Counter(Article.objects.filter(feed=feed).values_list("guid", flat=True))
    after = KillRun()
    check_stored(after)
    errors = log.read_text(errors="replace").count("worker database error")
    return (f"| PostgreSQL restarts during a worker run | {restarts} restarts ({down:g} s down "
            f"each), 2–10 s apart, while one worker stores a feed of {items} entries (stored "
            f"at the restarts: {stored_at}); {errors} 'worker database error … retrying' lines; "
            f"worker {'still running' if alive else 'DEAD'} at the end | "
            f"{sum(c - 1 for c in guids.values())} | {after.half_written} | "
            f"{items - len(guids)} | {time.monotonic() - started:.0f} s |")


def pg_restart_served(env: dict, pg_dir: Path, restarts: int, down: float,
                      seconds: float) -> str:
    import httpx

    sys.path.insert(0, str(ROOT / "bench"))
    from serve import Server

    from zixun.articles.models import Article

    ids = list(Article.objects.values_list("pk", flat=True)[:500])
    server = Server([str(zixun_bin()), "serve", "--port", "{port}", "--workers", "2",
                     "--no-migrate"], env)
    # (asked at, answered at, status, a proper 503 page)
    answers: list[tuple[float, float, int | str, bool]] = []
    outages: list[tuple[float, float]] = []
    stop = threading.Event()

    def read(number: int) -> None:
        rng = random.Random(number)
        headers = {"User-Agent": f"Mozilla/5.0 (X11; Linux x86_64) reader/{number}"}
        with httpx.Client(base_url=server.url(""), headers=headers, timeout=30) as client:
            while not stop.is_set():
                path = rng.choice([f"/a/{rng.choice(ids)}/", f"/search?q={rng.random()}", "/"])
                at = time.monotonic()
                try:
                    response = client.get(path)
                except httpx.HTTPError as error:
                    answers.append((at, time.monotonic(), type(error).__name__, False))
                    continue
                proper = (response.status_code == 503 and "Retry-After" in response.headers
                          and "网站暂时无法访问" in response.text)
                answers.append((at, time.monotonic(), response.status_code, proper))

    readers = [threading.Thread(target=read, args=(n,)) for n in range(8)]
    started = time.monotonic()
    for thread in readers:
        thread.start()
    try:
        gap = seconds / (restarts + 1)
        for _ in range(restarts):
            time.sleep(gap)
            went = time.monotonic()
            restart_postgres(pg_dir, down)
            outages.append((went, time.monotonic()))
        time.sleep(gap)
    finally:
        stop.set()
        for thread in readers:
            thread.join()
        server.stop()
    statuses = Counter(status for _, _, status, _ in answers)
    improper = sum(1 for _, _, status, proper in answers if status != 200 and not proper)
    # Recovery: from the moment PostgreSQL accepts connections again to the next 200 asked.
    recovery = [min((at for at, _, status, _ in answers if at >= back and status == 200),
                    default=float("inf")) - back for _, back in outages]
    # Not 200 though neither asked nor answered between a stop and 2 s after the start.
    late = sum(1 for at, done, status, _ in answers if status != 200
               and not any(at <= back + 2 and done >= went for went, back in outages))
    return (f"| PostgreSQL restarts during served load | {restarts} restarts ({down:g} s down "
            f"each) in {time.monotonic() - started:.0f} s, `zixun serve` with 2 workers, 8 "
            f"readers (article, uncached search, home): answers {dict(statuses)}; "
            f"{improper} not 200 and not a proper 503 (Retry-After, the Chinese page); "
            f"{late} not 200 outside the outages (+2 s); first 200 asked after each restart: "
            f"{', '.join(f'{r:.2f} s' for r in recovery)} | – | – | – | |")


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
    parser.add_argument("--pg-dir", type=Path,
                        help="the folder of the scripts/pgtest.py server --database-url names "
                             "(for pg-restart: it is restarted)")
    parser.add_argument("--restarts", type=int, default=5)
    parser.add_argument("--down-seconds", type=float, default=3.0,
                        help="how long PostgreSQL stays down at each restart")
    parser.add_argument("--served-seconds", type=float, default=90.0)
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
        if "dedup-kills" in sections:
            rows += dedup_kills(env, Path(scratch), args.kills, min(args.records, 800))
        if "pg-restart" in sections:
            if not args.pg_dir or not args.database_url.startswith("postgres"):
                rows += ["| PostgreSQL restarts | not run: needs --database-url and --pg-dir "
                         "| | | | |"]
            else:
                rows += pg_restart(env, args.pg_dir, args.restarts, args.worker_items,
                                   args.down_seconds, args.served_seconds)
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
