"""`zixun extract PATH_OR_URL [--json]`: show what zixun reads from one article page."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zixun.extract import ArticleDraft, extract
from zixun.lib.http import FetchError, FetchHTTPError, fetch

# The answer to "is there an article here?" when there is none: the message a script can grep
# for, and exit status 1, instead of a title and a body made of page furniture.
NO_ARTICLE_EXIT = 1


class Command(BaseCommand):
    help = "Extract the article from a saved page or a URL and print it (or its JSON)."

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="PATH_OR_URL", help="an .html file or an http(s) URL")
        parser.add_argument("--json", action="store_true", help="print the draft as JSON")

    def handle(self, *args, **options):
        source: str = options["source"]
        draft = self._extract(source)
        if draft.not_article:
            self._no_article(draft.not_article)
        if options["json"]:
            self.stdout.write(json.dumps(draft.to_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_as_text(draft))

    def _extract(self, source: str) -> ArticleDraft:
        if source.startswith(("http://", "https://")):
            try:
                result = fetch(source)
            except FetchHTTPError as exc:
                if exc.status in (404, 410):
                    self._no_article(f"page not found (HTTP {exc.status})")
                if exc.status in (401, 403):
                    self._no_article(f"login required (HTTP {exc.status})")
                raise CommandError(str(exc)) from None
            except FetchError as exc:
                raise CommandError(str(exc)) from None
            fetched_at = timezone.localtime()
            return extract(result.content, url=result.url, fetched_at=fetched_at,
                           headers=result.headers)
        path = Path(source)
        if not path.is_file():
            raise CommandError(f"找不到文件 {source}：请给出 .html 文件路径或 http(s):// 网址")
        modified = datetime.fromtimestamp(path.stat().st_mtime, timezone.get_current_timezone())
        return extract(path.read_bytes(), fetched_at=modified)

    def _no_article(self, reason: str) -> None:
        self.stderr.write(f"no article: {reason}")
        sys.exit(NO_ARTICLE_EXIT)


def _as_text(draft: ArticleDraft) -> str:
    """A short human-readable view of the draft."""
    rows = [
        ("标题", draft.title),
        ("作者", "、".join(draft.authors)),
        ("来源", draft.original_outlet or ""),
        ("发布时间", draft.published_at.isoformat() if draft.published_at else ""),
        ("网址", draft.original_url),
        ("图片", str(len(draft.images))),
    ]
    head = "\n".join(f"{label}：{value}" for label, value in rows if value)
    return f"{head}\n\n{draft.body_text}\n"
