#!/usr/bin/env python3
"""bench/serve.py: pages as readers get them, from `zixun serve` under `wrk`, against a minimal view.

    .venv/bin/python bench/serve.py [--articles 10000] [--seconds 10] [--workers 2]
                                    [--connections 8] [--database-url postgres://…]

Builds a site of N articles in a scratch data dir (the demo, then copies of its real stories
bulk-inserted with new titles and times, then the search index rebuilt), serves it with
`zixun serve`, and drives each page type with `wrk -t1 -cC` on 127.0.0.1. In the same run a
minimal Django view returning the bytes of one article page is served by the same gunicorn
with the same workers; every figure is reported as a ratio to it. Pages are measured with the
anonymous page cache off (every request rendered: "uncached") and, for repeated pages, on.
wrk is Debian's package; the bench installs it when it is missing and may (root).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MINIMAL_APP = '''
import django
from django.conf import settings
from django.http import HttpResponse
from django.urls import path

PAGE = open({page!r}, "rb").read()
settings.configure(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"], DEBUG=False, SECRET_KEY="bench" * 10,
                   MIDDLEWARE=[])
django.setup()


def page(request):
    return HttpResponse(PAGE, content_type="text/html; charset=utf-8")


urlpatterns = [path("", page), path("<path:rest>", page)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
'''
ROTATE_SCRIPT = '''
math.randomseed(7)
local ids = {{{ids}}}
request = function()
  return wrk.format("GET", "/a/" .. ids[math.random(#ids)] .. "/")
end
'''


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("bench/serve.py needs wrk: sudo apt-get install wrk")
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which("wrk") or sys.exit("wrk did not install")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api_cursor(ids: list[int]) -> str:
    """A storage-order cursor half way through the site, as a consumer copying it would hold."""
    raw = json.dumps(["id", sorted(ids)[len(ids) // 2]], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def zixun(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "zixun"), *args], env=env, check=True, **kwargs)


def build_site(env: dict, articles: int) -> None:
    """The demo, topped up to ``articles`` with copies of its stories, indexed for search."""
    zixun(env, "migrate", "-v0")
    zixun(env, "demo", "--if-empty", stdout=subprocess.DEVNULL)
    code = f"""
import random
from datetime import timedelta
from django.utils import timezone
from zixun.articles.models import Article
base = list(Article.objects.filter(status="published").exclude(body_text="")
            .prefetch_related("tags"))
have = Article.objects.count()
rng = random.Random(3)
now = timezone.now()
through = Article.tags.through
tags = {{a.pk: [t.pk for t in a.tags.all()] for a in base}}
while have < {articles}:
    chosen = [rng.choice(base) for _ in range(min(5000, {articles} - have))]
    rows = [Article(title=f"{{a.title}}（{{have + n}}）", body_html=a.body_html, body_text=a.body_text,
                    summary=a.summary, keywords=a.keywords, channel_id=a.channel_id,
                    source_id=a.source_id, account=a.account, author=a.author,
                    published_at=now - timedelta(minutes=have + n),
                    content_hash=f"bench{{have + n}}")
            for n, a in enumerate(chosen)]
    made = Article.objects.bulk_create(rows)
    through.objects.bulk_create(
        [through(article_id=row.pk, tag_id=t) for row, a in zip(made, chosen) for t in tags[a.pk]],
        ignore_conflicts=True)
    have += len(made)
print(Article.objects.count())
"""
    zixun(env, "shell", "-c", code, stdout=subprocess.DEVNULL)
    zixun(env, "search", "rebuild", stdout=subprocess.DEVNULL)
    if env.get("ZIXUN_DATABASE_URL"):
        # What autovacuum would have done by the time readers come: planner statistics of the
        # bulk-inserted rows (without them PostgreSQL plans lists as if the tables were empty).
        zixun(env, "shell", "-c", "from django.db import connection\n"
              "connection.cursor().execute('VACUUM ANALYZE')", stdout=subprocess.DEVNULL)


def site_facts(env: dict) -> dict:
    code = """
import json
from zixun.articles.models import Article, Channel, Tag
from zixun.sources.models import Source
from django.db.models import Count
ids = list(Article.objects.listed().values_list("pk", flat=True))
channel = Channel.objects.annotate(n=Count("articles")).order_by("-n").first()
tag = Tag.objects.annotate(n=Count("articles")).order_by("-n").first()
source = Source.objects.annotate(n=Count("articles")).order_by("-n").first()
print(json.dumps({"ids": ids, "channel": channel.slug, "tag": tag.slug, "source": source.slug,
                  "articles": Article.objects.count()}))
"""
    out = zixun(env, "shell", "-c", code, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


class Server:
    """A gunicorn serving one app on a free port, stopped on exit."""

    def __init__(self, command: list[str], env: dict) -> None:
        """``command`` with "{port}" where the port goes."""
        self.port = free_port()
        self.process = subprocess.Popen(
            [part.format(port=self.port) for part in command],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.url("/"), timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"server did not start: {command}") from None
                time.sleep(0.3)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def worker_rss_mb(self) -> list[float]:
        out = subprocess.run(["ps", "-o", "rss=", "--ppid", str(self.process.pid)],
                             capture_output=True, text=True).stdout
        return [int(line) / 1024 for line in out.split() if line.strip()]

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def run_wrk(wrk: str, url: str, seconds: int, connections: int, script: Path | None = None) -> dict:
    command = [wrk, "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                              r"timeout (\d+)", out)
    bad_status = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = sum(map(int, socket_errors.groups())) if socket_errors else 0
    errors += int(bad_status.group(1)) if bad_status else 0
    return {"rps": rps, "p50": _ms(latency.get("50", "0ms")), "p99": _ms(latency.get("99", "0ms")),
            "errors": errors}


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--database-url", default="", help="PostgreSQL; default a scratch SQLite")
    parser.add_argument("--data-dir", default="", help="reuse a site built before (kept)")
    args = parser.parse_args(argv)
    wrk = ensure_wrk()
    scratch = Path(args.data_dir or tempfile.mkdtemp(prefix="zixun-bench-serve-"))
    env = {**os.environ, "ZIXUN_DATA_DIR": str(scratch), "ZIXUN_DATABASE_URL": args.database_url,
           "ZIXUN_ALLOWED_HOSTS": "127.0.0.1,localhost",
           # wrk is one address asking thousands of times a second: the API's limit stays out
           # of the way of what is measured.
           "ZIXUN_API_RATE": "1000000000"}
    started = time.monotonic()
    facts = None
    if args.data_dir:
        zixun(env, "migrate", "-v0")
        try:
            facts = site_facts(env)
        except subprocess.CalledProcessError:  # an empty site: built below
            facts = None
    if not facts or facts["articles"] < args.articles:
        build_site(env, args.articles)
        facts = site_facts(env)
    built = time.monotonic() - started
    ids = facts["ids"]
    rotate = scratch / "rotate.lua"
    sample = random.Random(5).sample(ids, min(len(ids), 20_000))
    rotate.write_text(ROTATE_SCRIPT.format(ids=",".join(map(str, sample))))
    pages = {
        "home": "/", "home page 50": "/?page=50",
        "home feed, RSS of 30 full texts": "/rss.xml",
        "channel": f"/channel/{quote(facts['channel'])}/",
        "tag": f"/tag/{quote(facts['tag'])}/", "source": f"/source/{quote(facts['source'])}/",
        "search, one word": "/search?q=" + quote("经济"),
        "search, two words": "/search?q=" + quote("经济 发展"),
        "search, a question": "/search?q=" + quote("今年中国经济增长的目标是多少"),
        "API list of 20": "/api/v1/articles?limit=20",
        "API list of 20, storage order, deep": f"/api/v1/articles?order=id&limit=20&cursor="
                                               f"{api_cursor(ids)}",
        "API detail": f"/api/v1/articles/{ids[len(ids) // 2]}",
    }
    serve = [str(BIN / "zixun"), "serve", "--no-migrate", "--workers", str(args.workers),
             "--port", "{port}"]
    results: list[tuple[str, dict]] = []
    rss: list[float] = []
    # The minimal view returns the bytes of one real article page.
    def measure(server: Server, named: dict[str, str], mode: str) -> None:
        for name, path in named.items():
            results.append((f"{name} ({mode})", run_wrk(wrk, server.url(path), args.seconds,
                                                        args.connections)))
        results.append((f"article ids rotating ({mode})",
                        run_wrk(wrk, server.url("/"), args.seconds, args.connections, rotate)))
        rss.extend(server.worker_rss_mb())
        server.stop()

    repeated = {"one article repeated": f"/a/{ids[0]}/"}
    server = Server(serve, {**env, "ZIXUN_PAGE_CACHE_SECONDS": "0"})
    page_file = scratch / "page.html"
    page_file.write_bytes(urllib.request.urlopen(server.url(f"/a/{ids[0]}/")).read())
    measure(server, {**repeated, **pages}, "uncached")
    measure(Server(serve, env), {**repeated, "home": "/", "home feed, RSS of 30 full texts": "/rss.xml",
                                 "API list of 20": "/api/v1/articles?limit=20"},
            "page cache")
    app = scratch / "minimal_app.py"
    app.write_text(MINIMAL_APP.format(page=str(page_file)))
    minimal = Server([str(BIN / "gunicorn"), "minimal_app:application", "--chdir", str(scratch),
                      "--workers", str(args.workers), "--bind", "127.0.0.1:{port}"], env)
    baseline = run_wrk(wrk, minimal.url("/"), args.seconds, args.connections)
    minimal.stop()
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"site: {facts['articles']:,} articles on {database}, built in {built:.0f} s; "
          f"{args.workers} workers, wrk -t1 -c{args.connections} -d{args.seconds}s; "
          f"page {len(page_file.read_bytes()):,} bytes; load {os.getloadavg()[0]:.1f}")
    print(f"minimal view: {baseline['rps']:.0f} req/s, p50 {baseline['p50']:.2f} ms, "
          f"p99 {baseline['p99']:.2f} ms")
    print("| page | req/s | p50 ms | p99 ms | errors | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in results:
        print(f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']} | "
              f"{r['rps'] / baseline['rps']:.3f} |")
    print(f"worker RSS after the runs: {', '.join(f'{mb:.0f} MB' for mb in rss)}")
    if not args.data_dir:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
