"""Template filters for the cut rules of lists (display width, never splitting a word), and
the feed links every page announces."""

import functools
from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from zixun import text
from zixun.web.feeds import alternates

register = template.Library()


@register.filter(name="cut_to")
def cut_to(value: str, width: int) -> str:
    """`{{ title|cut_to:15 }}`: at most `width` display columns, `...` marking a cut."""
    return _cut(value or "", int(width))


# Lists show the same titles and summaries to every reader: each is measured once.
@functools.lru_cache(maxsize=20_000)
def _cut(value: str, width: int) -> str:
    return text.cut(value, width)


# Lists print two times per item; Django's `date` filter builds a formatter for each, which
# came to a large share of a list page's rendering. These print the same text more directly.
@register.filter(name="local_iso")
def local_iso(value: datetime | None) -> str:
    """`{{ t|local_iso }}`: the time in the site's zone as ISO 8601, as `date:'c'` prints it."""
    return timezone.localtime(value).isoformat() if value else ""


@register.filter(name="local")
def local(value: datetime | None, pattern: str) -> str:
    """`{{ t|local:"%Y-%m-%d %H:%M" }}`: the time in the site's zone, by a strftime pattern."""
    return timezone.localtime(value).strftime(pattern) if value else ""


@register.simple_tag
def published(article, pattern: str, css_class: str = "") -> str:
    """`{% published item "%Y-%m-%d %H:%M" %}`: the article's publication time in a <time>, or
    日期不详 when it came without a date (its stored time is only the day it arrived)."""
    # Built directly, as the filters above are (a list prints one per item): every part is a
    # template's own literal or digits of a time, nothing a reader or a feed can set.
    extra = f" {css_class}" if css_class else ""
    if not getattr(article, "date_known", True):
        return mark_safe(f'<span class="date-unknown{extra}">日期不详</span>')
    when = article.published_at
    attribute = f' class="{css_class}"' if css_class else ""
    return mark_safe(f'<time{attribute} datetime="{local_iso(when)}">{local(when, pattern)}</time>')


@register.simple_tag(takes_context=True)
def feed_links(context, feed_path: str = "/", title: str = "", query: str = "") -> str:
    """`{% feed_links %}`: <link rel="alternate"> to the feeds at ``feed_path`` (the home's by
    default), titled ``title`` (the site's name by default); ``query`` is carried along."""
    links = alternates(feed_path, title or context.get("site_name", ""), query)
    return format_html_join("\n", '<link rel="alternate" type="{}" title="{}" href="{}">',
                            ((link["type"], link["title"], link["href"]) for link in links))
