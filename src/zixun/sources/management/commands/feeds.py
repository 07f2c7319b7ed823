"""`zixun feeds add URL [--channel C]` and `zixun feeds list`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zixun.lib.http import FetchError
from zixun.pipeline.subscribe import add_feed
from zixun.sources.discovery import DiscoveryError


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

    def handle(self, *args, action: str, **options):
        if action == "add":
            self._add(options)
        else:
            self._list()

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

