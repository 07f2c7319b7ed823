"""`zixun search QUERY [--json]` searches like the site does; `zixun search rebuild` re-indexes."""

from __future__ import annotations

import argparse
import json
from datetime import date

from django.core.management.base import BaseCommand
from django.utils.html import strip_tags

from zixun.search.query import SearchRequest, search


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD，而不是 {value!r}") from None


class Command(BaseCommand):
    help = (
        'Search articles: words, "phrases" and -exclusions, as on /search. '
        "`zixun search rebuild` re-indexes every article (to search for the word itself, quote it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("words", nargs="+", help="the query, or `rebuild`")
        parser.add_argument("--json", action="store_true", help="print a JSON list of hits")
        parser.add_argument("--channel", default="", help="channel slug")
        parser.add_argument("--source", default="", help="source slug")
        parser.add_argument("--since", type=_date, help="first day, YYYY-MM-DD")
        parser.add_argument("--until", type=_date, help="last day, YYYY-MM-DD")
        parser.add_argument("--sort", choices=["relevance", "time"], default="relevance")
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--limit", type=int, default=20, help="hits per page")

    def handle(self, *args, words: list[str], **options):
        if words == ["rebuild"]:
            return self._rebuild()
        req = SearchRequest(
            q=" ".join(words), channel=options["channel"], source=options["source"],
            since=options["since"], until=options["until"], sort=options["sort"],
            page=options["page"], per_page=max(1, options["limit"]),
        )
        page = search(req)
        hits = [
            {
                "id": hit.article.pk,
                "title": hit.article.title,
                "url": hit.article.get_absolute_url(),
                "score": round(hit.score, 6),
                "snippet": str(hit.snippet_html),
            }
            for hit in page.hits
        ]
        if options["json"]:
            self.stdout.write(json.dumps(hits, ensure_ascii=False, indent=2))
            return
        if page.message:
            self.stderr.write(page.message)
        self.stdout.write(f"共 {page.total} 篇，第 {max(1, req.page)} 页")
        for hit in hits:
            self.stdout.write(f"{hit['id']:>8}  {hit['score']:.4f}  {hit['title']}  {hit['url']}")
            self.stdout.write(f"          {strip_tags(hit['snippet'])}")

    def _rebuild(self) -> None:
        from tqdm import tqdm

        from zixun.articles.models import Article
        from zixun.search.index import rebuild

        with tqdm(total=Article.objects.count(), unit="篇", disable=None) as bar:
            count = rebuild(progress=bar.update)
        self.stdout.write(f"zixun search: indexed {count} articles")
