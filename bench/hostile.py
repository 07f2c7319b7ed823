"""Every hostile payload in every field, every page that shows them in Chromium, every link clicked.

    python bench/hostile.py [--database-url postgres://…] [--limit N]

Imports one record per line of hostile/xss-payloads.txt (tests/web/hostile.py builds them) into
a throwaway site, serves it with `zixun serve` on 127.0.0.1, and opens with Debian's chromium:
every article, every page of the home, channel, tag and source lists, a search for every
payload, and, logged in, every page of the admin's lists and every article's change form. It
prints what tests/web/test_xss_browser.py asserts on a sample: dialogs, javascript:/data:
links or navigations, on* attributes and foreign elements (all must be 0), and the CSP
violations the browser saw and the server logged.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import _site

sys.path.insert(0, str(_site.REPO))

from tests.web import hostile  # noqa: E402 - after the path is set

LIST_PAGE = 20  # articles a reader's list page shows (zixun.web.paging)
ADMIN_PAGE = 100  # rows an admin list page shows (Django's default)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int, log: Path) -> subprocess.Popen:
    """`zixun serve` on the bench's own data dir and database; its log goes to ``log``."""
    server = subprocess.Popen(
        [sys.executable, "-m", "zixun", "serve", "--no-migrate", "--port", str(port), "--workers", "2"],
        stdout=log.open("w"), stderr=subprocess.STDOUT, env=os.environ.copy())
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"zixun serve did not answer; see {log}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL to run on (default: SQLite)")
    parser.add_argument("--limit", type=int, help="only the first N payloads")
    args = parser.parse_args()
    _site.setup_django("hostile", args.database_url)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from zixun.articles.models import Article, Channel, Tag
    from zixun.sources.models import Source

    every = hostile.payloads()[: args.limit]
    path = hostile.write_records(hostile.records(every), Path(tempfile.mkdtemp()) / "hostile.jsonl")
    started = time.perf_counter()
    call_command("import", str(path), "--jobs", "0", stdout=io.StringIO(), stderr=io.StringIO())
    print(f"imported {Article.objects.count()} articles from {len(every)} payloads "
          f"in {time.perf_counter() - started:.0f} s")
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    lists = math.ceil(len(ids) / LIST_PAGE)
    slugs = {"channel": list(Channel.objects.values_list("slug", flat=True)),
             "tag": list(Tag.objects.values_list("slug", flat=True)),
             "source": list(Source.objects.values_list("slug", flat=True))}
    reader = hostile.reader_pages(ids, slugs, every)
    reader += [f"/?page={n}" for n in range(2, lists + 1)]
    reader += [f"/tag/{Tag.objects.get(name=hostile.SAMPLE_TAG).slug}/?page={n}" for n in range(2, lists + 1)]
    admin_lists = [f"/admin/articles/{model}/?p={n}" for model in ("article", "tag")
                   for n in range(1, math.ceil(len(ids) / ADMIN_PAGE) + 1)]
    admin = admin_lists + ["/admin/sources/source/"] + [f"/admin/articles/article/{pk}/change/" for pk in ids]

    editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "a-long-password-1")
    client = Client()
    client.force_login(editor)
    port = free_port()
    log = Path(os.environ["ZIXUN_DATA_DIR"]) / "serve.log"
    server = serve(port, log)
    base = f"http://127.0.0.1:{port}"
    try:
        started = time.perf_counter()
        with hostile.chromium() as browser:
            readers = hostile.Prober(browser, base)
            for n, page in enumerate(reader, 1):
                readers.probe(page)
                if n % 250 == 0:
                    print(f"  reader pages {n}/{len(reader)}", file=sys.stderr, flush=True)
            editors = hostile.Prober(browser, base, [{"name": "sessionid", "url": base,
                                              "value": client.cookies["sessionid"].value}])
            for n, page in enumerate(admin, 1):
                editors.probe(page)
                if n % 250 == 0:
                    print(f"  admin pages {n}/{len(admin)}", file=sys.stderr, flush=True)
            time.sleep(2)  # the last violation reports on their way
            readers.close()
            editors.close()
        seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait()
    logged = log.read_text(encoding="utf-8", errors="replace").count("csp violation")
    print(f"{len(every)} payloads × 8 fields; {readers.findings.pages + editors.findings.pages} page "
          f"loads in {seconds:.0f} s")
    for name, findings in (("reader pages", readers.findings), ("admin pages", editors.findings)):
        print(f"{name}: " + ", ".join(f"{key} {value}" for key, value in findings.summary().items()))
        for item in (findings.dialogs + findings.script_links + findings.handlers + findings.foreign
                     + findings.violations + findings.errors)[:10]:
            print("   ", item)
    print(f"CSP violation reports the server logged: {logged}")
    harm = readers.findings.harm + editors.findings.harm
    print("PASS" if harm == 0 else f"FAIL: {harm} findings")
    sys.exit(1 if harm else 0)


if __name__ == "__main__":
    main()
