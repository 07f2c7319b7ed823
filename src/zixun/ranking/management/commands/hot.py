"""`zixun hot refresh` recomputes the hot lists; `zixun hot show [--channel NAME]` prints one."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from zixun.articles.models import Channel
from zixun.ranking.hot import compute_hot, refresh_hot_lists


class Command(BaseCommand):
    help = "热门资讯: recompute the hot lists (the worker does this every minute) or show one."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("refresh", help="recompute the site-wide and every channel's list")
        show = sub.add_parser("show", help="print a hot list as computed now")
        show.add_argument("--channel", help="a channel name; default the site-wide list")

    def handle(self, *args, action: str, **options):
        if action == "refresh":
            sizes = refresh_hot_lists()
            self.stdout.write(f"zixun hot: refreshed {len(sizes)} lists ({sizes.get('site', 0)} site-wide)")
            return
        channel = None
        if options["channel"]:
            channel = Channel.objects.filter(name=options["channel"]).first()
            if channel is None:
                raise CommandError(f"没有名为 {options['channel']} 的频道")
        for rank, article in enumerate(compute_hot(channel=channel), 1):
            self.stdout.write(f"{rank:2d}. [{article.pk}] {article.title}")
