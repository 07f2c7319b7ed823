"""bench/ingest.py: import N articles from JSON Lines into a fresh SQLite database, end to end.

The xinwenlianbo corpus is repeated with altered ids, addresses and titles (so GUID, URL and
content hash all differ) until N records exist; then `zixun import` does what it does for
users: read → text analysis (issue #3) → store with identity, tombstones, story and search hooks.

    ZIXUN_SHARED_DATA=../shared/data .venv/bin/python bench/ingest.py --count 100000
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shared_data() -> Path:
    return Path(os.environ.get("ZIXUN_SHARED_DATA", ROOT.parent / "shared" / "data")).resolve()


def write_records(count: int, out: Path) -> int:
    """Write ``count`` records: the corpus again and again, each repeat with new ids."""
    corpus = shared_data() / "corpus" / "xinwenlianbo.jsonl.gz"
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        base = [json.loads(line) for line in handle]
    written = 0
    with out.open("w", encoding="utf-8") as sink:
        while written < count:
            repeat = written // len(base)
            for record in base[: count - written]:
                copy = dict(record, id=f"r{repeat}-{record['id']}")
                if repeat:
                    # A new title (so a new content hash) and a new address: otherwise the
                    # repeat is the same article by URL and updates it instead of creating one.
                    copy["title"] = f"{record['title']}（{repeat}）"
                    if record.get("url"):
                        copy["url"] = f"{record['url']}?repeat={repeat}"
                sink.write(json.dumps(copy, ensure_ascii=False) + "\n")
            written = min(count, written + len(base))
    return written


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo
                if line.startswith("model name")), platform.processor())
    mem_kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    return f"nproc {os.cpu_count()}, {cpu}, {mem_kb / 1024 / 1024:.1f} GiB RAM"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=None,
                        help="processes for text analysis (zixun import --jobs; default: its own)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="zixun-bench-ingest-") as scratch:
        data = Path(scratch)
        source = data / "records.jsonl"
        count = write_records(args.count, source)
        env = {**os.environ, "ZIXUN_DATA_DIR": str(data), "ZIXUN_DATABASE_URL": ""}
        zixun = str(Path(sys.executable).with_name("zixun"))
        subprocess.run([zixun, "migrate", "-v0"], env=env, check=True)
        command = [zixun, "import", str(source)]
        if args.jobs is not None:
            command += ["--jobs", str(args.jobs)]
        load_before = os.getloadavg()[0]
        done, elapsed, cpu = timed_run(command, env)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        rerun, rerun_elapsed, rerun_cpu = timed_run(command, env)
    print(f"machine: {machine()}; load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after (shared with other jobs)")
    print(f"records: {count}, jobs: {'default' if args.jobs is None else args.jobs}")
    print(f"first import: {done.strip()}")
    print(f"  {elapsed:.1f} s, {count / elapsed:.0f} articles/s, peak RSS {peak:.0f} MiB "
          f"(largest single process), CPU {1000 * cpu / count:.1f} ms per article (all processes)")
    print(f"re-import: {rerun.strip()}")
    print(f"  {rerun_elapsed:.1f} s, {count / rerun_elapsed:.0f} articles/s, "
          f"CPU {1000 * rerun_cpu / count:.1f} ms per article")
    return 0


def timed_run(command: list[str], env: dict) -> tuple[str, float, float]:
    """Run ``command``; its output, wall seconds and CPU seconds (it and its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return done.stdout, elapsed, cpu


if __name__ == "__main__":
    raise SystemExit(main())
