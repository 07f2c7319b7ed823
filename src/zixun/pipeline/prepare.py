"""The text stage: a draft from any way in becomes a draft ready to store.

HTML is sanitised here whatever its origin (feeds and import files are untrusted), the text is
normalised, and the Chinese text analysis fills in summary, keywords and credits unless the
draft already carries them (a zixun export does, so it round-trips unchanged). Every way in that
passes here is a feed or an import, never an editor: so here the junk gate
(`zixun.text.junk`) holds ads, SEO spam, forum posts and navigation pages for review.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

from django.utils import timezone

from zixun import text
from zixun.articles.ingest import TITLE_CHARS, tag_names
from zixun.dedup import stories
from zixun.dedup.fingerprint import fingerprint
from zixun.extract.draft import ArticleDraft
from zixun.extract.sanitize import sanitize_html
from zixun.lib.html import html_to_text, text_to_html
from zixun.ranking.classifier import classify
from zixun.search import index
from zixun.text.boilerplate import strip_boilerplate
from zixun.text.junk import junk_verdict

# The text of each link in sanitised HTML (the sanitiser leaves plain <a href="…">…</a>).
_ANCHOR = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
# Control characters no text means (tab and line ends aside); PostgreSQL cannot store NUL at all,
# so a draft from any way in loses them here, and stores alike on SQLite and PostgreSQL.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TEXT_FIELDS = ("title", "body_html", "body_text", "original_url", "guid", "author", "source",
                "account", "summary", "keywords", "byline", "original_outlet", "original_title",
                "channel", "tags", "cover_image", "cover_caption")


def without_control_characters(draft: ArticleDraft) -> ArticleDraft:
    """``draft`` with control characters taken out of every text field."""
    changed = {name: _cleaned(getattr(draft, name)) for name in _TEXT_FIELDS
               if _has_control(getattr(draft, name))}
    return replace(draft, **changed) if changed else draft


def _has_control(value: object) -> bool:
    if isinstance(value, str):
        return bool(_CONTROL.search(value))
    if isinstance(value, list | tuple):
        return any(map(_has_control, value))
    if isinstance(value, dict):
        return any(map(_has_control, value)) or any(map(_has_control, value.values()))
    return False


def _cleaned(value: object) -> object:
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, list | tuple):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {_cleaned(key): _cleaned(item) for key, item in value.items()}
    return value


def prepare(draft: ArticleDraft, now: datetime | None = None) -> ArticleDraft:
    """Sanitise, normalise and analyse ``draft`` into a new draft with nothing left open."""
    draft = without_control_characters(draft)
    html = sanitize_html(draft.body_html, draft.original_url or None) if draft.body_html.strip() else ""
    # Platform disclaimers and site footers leave the clean text (they are no part of the news,
    # and would fill summaries, keywords and search); the markers are read on normalised text.
    body = strip_boilerplate(text.normalize(draft.body_text.strip() or html_to_text(html)))
    when = draft.published_at or now or timezone.now()
    context = timezone.localtime(when).date()
    byline = None
    if draft.summary is None or draft.keywords is None or draft.byline is None:
        analysis = text.analyze_normalized(body, context_date=context)
        body, byline = analysis.normalized, analysis.byline
        found = {
            "summary": analysis.summary,
            "keywords": analysis.keywords,
            "byline": byline.to_dict(),
            "original_outlet": byline.original_outlet or byline.outlet or "",
            "author": "、".join(byline.authors),
            "original_title": byline.original_title or "",
        }
    else:
        found = {"summary": draft.summary, "keywords": draft.keywords, "byline": draft.byline,
                 "original_outlet": "", "author": "", "original_title": ""}
    ready = replace(
        draft,
        title=text.normalize(draft.title),
        body_html=html or text_to_html(body),
        body_text=body,
        summary=_given(draft.summary, found["summary"]),
        keywords=found["keywords"],
        byline=found["byline"],
        author=draft.author or found["author"],
        original_outlet=_given(draft.original_outlet, found["original_outlet"]),
        original_title=_given(draft.original_title, found["original_title"]),
        original_published_at=draft.original_published_at or _original_day(byline, context, body),
        channel=draft.channel if draft.channel is not None else classify(draft.title, body),
        tags=draft.tags if draft.tags is not None else found["keywords"][:3],
        prepared={},
    )
    return precompute(screened(ready), byline)


def screened(draft: ArticleDraft) -> ArticleDraft:
    """``draft`` held for review, with the reason, when it would go live and the junk gate
    finds it is no news; otherwise ``draft`` itself. A status the draft carries from its
    origin (a draft, a scheduled or already held article of an export) is left as it is."""
    if draft.status != "published":
        return draft
    links = [_TAG.sub("", anchor) for anchor in _ANCHOR.findall(draft.body_html)]
    verdict = junk_verdict(draft.title, draft.body_text, links)
    if not verdict.is_junk:
        return draft
    return replace(draft, status="review", status_reason=verdict.reason)


def _original_day(byline: text.Byline | None, posted: date, body: str) -> datetime | None:
    """When the credits date the original more than a day before the repost: that day."""
    day = text.original_date(byline, posted, body) if byline else None
    return timezone.make_aware(datetime.combine(day, datetime.min.time())) if day else None


def precompute(draft: ArticleDraft, byline: text.Byline | None = None) -> ArticleDraft:
    """Work out the pure parts of the steps that run after a store, here in the text stage.

    Bulk imports run this stage in several processes while one process writes; the dedup
    fingerprint and the search tokens cost more than the write itself, so the writer takes
    them ready-made instead of making them one article at a time. `byline`: the credits that
    analysis found in ``draft.body_text``, so that the fingerprint need not parse them again.
    """
    draft.prepared[stories.STEP] = fingerprint(draft.body_text, byline)
    draft.prepared[index.STEP] = index.document_of(
        draft.title.strip()[:TITLE_CHARS], tag_names(draft.tags or []), draft.keywords or [],
        draft.body_text,
    )
    return draft


def warm_up() -> None:
    """Load everything the text stage reads (dictionaries, IDF table, channel model, tables) by
    preparing one small article, so that processes forked afterwards share it all."""
    prepare(ArticleDraft(title="新闻联播", body_text="新华社北京1月1日电（记者 王明）今天天气很好。"),
            now=timezone.now())


def _given(value, found):
    return value if value is not None else found
