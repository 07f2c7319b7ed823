"""`zixun extract PATH_OR_URL [--json]`: show what zixun reads from one article page."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zixun.extract import ArticleDraft, extract
from zixun.lib.http import FetchError, fetch


class Command(BaseCommand):
    help = "Extract the article from a saved page or a URL and print it (or its JSON)."

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="PATH_OR_URL", help="an .html file or an http(s) URL")
        parser.add_argument("--json", action="store_true", help="print the draft as JSON")

    def handle(self, *args, **options):
        source: str = options["source"]
        draft = self._extract(source)
        if options["json"]:
            self.stdout.write(json.dumps(draft.to_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_as_text(draft))

    def _extract(self, source: str) -> ArticleDraft:
        if source.startswith(("http://", "https://")):
            try:
                result = fetch(source)
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
