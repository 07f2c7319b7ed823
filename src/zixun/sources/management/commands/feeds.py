"""`zixun feeds add URL [--channel C]`, `zixun feeds list`, and subscriptions in bulk:
`zixun feeds import FILE` (OPML or one address a line) and `zixun feeds export`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zixun.lib.http import FetchError
from zixun.pipeline.subscribe import add_feed, export_opml, subscribe_many, subscriptions
from zixun.sources.discovery import DiscoveryError
from zixun.sources.opml import SubscriptionListError, read_subscriptions


class Command(BaseCommand):
    help = (
        "Manage feeds. `feeds add URL` takes a feed address or a site's page (its "
        '<link rel="alternate"> feed is found); `feeds list` shows every feed and its state.'
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a feed by its address or its site's address")
        add.add_argument("url")
        add.add_argument("--channel", default="", help="channel name for its articles (e.g. 科技)")
        add.add_argument("--source", default="", help="outlet name (default: the feed's title)")
        add.add_argument("--interval", type=int, default=30, help="minutes between checks")
        add.add_argument("--no-pages", action="store_true",
                         help="never fetch article pages, keep what the feed carries")
        sub.add_parser("list", help="list feeds with status, errors and next check")
        bulk = sub.add_parser(
            "import", help="subscribe to every feed of an OPML file or a list of addresses (one "
                           "a line), without fetching them; the worker polls them later")
        bulk.add_argument("file", type=Path)
        bulk.add_argument("--channel", default="",
                          help="channel for feeds the file puts in no folder")
        bulk.add_argument("--interval", type=int, default=30, help="minutes between checks")
        bulk.add_argument("--no-pages", action="store_true",
                          help="never fetch article pages, keep what the feeds carry")
        out = sub.add_parser("export", help="every feed as OPML (or --urls: one address a line)")
        out.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
        out.add_argument("--urls", action="store_true", help="a plain list of addresses")

    def handle(self, *args, action: str, **options):
        if action == "add":
            self._add(options)
        elif action == "import":
            self._import(options)
        elif action == "export":
            self._export(options)
        else:
            self._list()

    def _import(self, options: dict) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"找不到文件 {path}")
        try:
            found = read_subscriptions(path.read_bytes())
        except SubscriptionListError as exc:
            raise CommandError(str(exc)) from None
        done = subscribe_many(found.subscriptions, channel=options["channel"],
                              interval=options["interval"], fetch_pages=not options["no_pages"])
        problems = found.problems + done.problems
        self.stdout.write(f"zixun feeds import: created {done.created}, already present "
                          f"{done.present}, failed {len(problems)}")
        for where, reason in problems:
            self.stderr.write(f"  failed: {where}: {reason}")

    def _export(self, options: dict) -> None:
        if options["urls"]:
            data = "".join(f"{sub.url}\n" for sub in subscriptions()).encode()
        else:
            data = export_opml()
        if options["output"] is None:
            self.stdout.write(data.decode(), ending="")
        else:
            options["output"].write_bytes(data)

    def _add(self, options: dict) -> None:
        try:
            feed, created = add_feed(
                options["url"], channel=options["channel"], source=options["source"],
                interval=options["interval"], fetch_pages=not options["no_pages"],
            )
        except (FetchError, DiscoveryError) as exc:
            raise CommandError(str(exc)) from None
        verb = "added" if created else "already present"
        self.stdout.write(f"zixun feeds: {verb} #{feed.pk} {feed.url} ({feed.title or '-'}, "
                          f"source {feed.source.name})")

    def _list(self) -> None:
        from zixun.sources.models import Feed

        now = timezone.now()
        feeds = Feed.objects.select_related("source", "channel").order_by("pk")
        self.stdout.write("id\tstatus\tnext check\terrors\tchannel\turl\tlast error")
        for feed in feeds:
            status = feed.status(now)
            next_check = timezone.localtime(feed.next_check_at).strftime("%Y-%m-%d %H:%M")
            channel = feed.channel.name if feed.channel else "-"
            self.stdout.write(f"{feed.pk}\t{status}\t{next_check}\t{feed.error_count}\t"
                              f"{channel}\t{feed.url}\t{feed.last_error[:80]}")

