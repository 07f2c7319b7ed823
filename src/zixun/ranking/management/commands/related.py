"""`zixun related ID [--json]`: an article's 相关内容, recomputed and stored."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from zixun.articles.models import Article
from zixun.ranking.related import compute_related, refresh_pending, store_related


class Command(BaseCommand):
    help = "相关内容: print the related articles of one article (and store them for its page)."

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, nargs="?", help="the article id (as in /a/ID/)")
        parser.add_argument("--due", action="store_true",
                            help="compute every due list now (the worker does this in batches)")
        parser.add_argument("--json", action="store_true", help="print a JSON list")

    def handle(self, *args, id: int | None, json: bool, due: bool, **options):
        if due:
            total = 0
            while done := refresh_pending(limit=100):
                total += done
            self.stdout.write(f"zixun related: {total} lists computed")
            return
        if id is None:
            raise CommandError("给出文章编号，或用 --due 计算所有待算的相关内容")
        article = Article.objects.filter(pk=id).first()
        if article is None:
            raise CommandError(f"文章 {id} 不存在：请检查编号")
        related = compute_related(article)
        store_related(article, [r.article for r in related])
        rows = [
            {"id": r.article.pk, "title": r.article.title, "url": r.article.get_absolute_url(),
             "score": r.score, "reason": r.reason,
             "published_at": r.article.published_at.isoformat()}
            for r in related
        ]
        if json:
            self.stdout.write(_dumps(rows))
            return
        self.stdout.write(f"[{article.pk}] {article.title}")
        for row in rows:
            self.stdout.write(f"  {row['score']:.3f} {row['reason']:8} [{row['id']}] {row['title']}")


def _dumps(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)
