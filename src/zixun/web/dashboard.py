"""The editors' dashboard on the admin's front page: what waits for them, and how the site goes.

The queue awaiting review, the scheduled articles, the feeds failing or backing off, today's
arrivals by source, and a chart of articles in and views per hour over the last week. The
chart is drawn here as SVG, with presentation attributes only, so it needs no script, no
library and no inline style: the site's Content-Security-Policy (zixun.web.csp) stays as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db.models import Count, Sum
from django.db.models.functions import TruncHour
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from zixun.articles.models import Article
from zixun.ranking.models import HourlyViews
from zixun.sources.models import Feed

# How many rows each list shows; the rest are a click away in the article list.
LIST_ROWS = 15
CHART_DAYS = 7


@dataclass
class Dashboard:
    review: list[Article]
    review_count: int
    scheduled: list[Article]
    scheduled_count: int
    feeds: list[Feed]
    arrivals: list[tuple[str, int]]
    arrivals_total: int
    chart: SafeString
    chart_totals: dict[str, int] = field(default_factory=dict)


def dashboard(now: datetime | None = None) -> Dashboard:
    """Everything the dashboard shows, read now."""
    now = now or timezone.now()
    waiting = Article.objects.filter(status=Article.Status.REVIEW)
    scheduled = Article.objects.filter(status=Article.Status.SCHEDULED)
    arrivals = arrivals_by_source(now)
    articles, views = hourly_series(now)
    return Dashboard(
        review=list(waiting.select_related("source", "channel", "created_by")
                    .order_by("-created_at", "-id")[:LIST_ROWS]),
        review_count=waiting.count(),
        scheduled=list(scheduled.select_related("channel").order_by("published_at", "id")[:LIST_ROWS]),
        scheduled_count=scheduled.count(),
        feeds=troubled_feeds(),
        arrivals=arrivals,
        arrivals_total=sum(count for _name, count in arrivals),
        chart=hourly_chart(articles, views, now),
        chart_totals={"articles": sum(articles.values()), "views": sum(views.values())},
    )


def troubled_feeds() -> list[Feed]:
    """Active feeds whose last fetches failed: the queue waits longer after each failure."""
    return list(Feed.objects.filter(active=True, error_count__gt=0).select_related("source")
                .order_by("-error_count", "next_check_at")[:LIST_ROWS])


def arrivals_by_source(now: datetime) -> list[tuple[str, int]]:
    """Articles that arrived since local midnight, per source, most first."""
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    rows = (Article.objects.filter(created_at__gte=midnight, created_at__lte=now)
            .values("source__name").annotate(count=Count("id")).order_by("-count", "source__name"))
    return [(row["source__name"] or "（编辑部稿件）", row["count"]) for row in rows]


def _hours(now: datetime) -> list[datetime]:
    """The clock hours (UTC, as HourlyViews keeps them) of the chart, oldest first."""
    last = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    return [last - timedelta(hours=back) for back in range(CHART_DAYS * 24 - 1, -1, -1)]


def hourly_series(now: datetime) -> tuple[dict[datetime, int], dict[datetime, int]]:
    """Articles in and views, per clock hour of the last week (hours with none left out)."""
    since = _hours(now)[0]
    articles = (Article.objects.filter(created_at__gte=since, created_at__lte=now)
                .annotate(hour=TruncHour("created_at", tzinfo=UTC)).values("hour")
                .annotate(count=Count("id")).order_by())
    views = (HourlyViews.objects.filter(hour__gte=since, hour__lte=now).values("hour")
             .annotate(count=Sum("views")).order_by())
    return ({row["hour"].astimezone(UTC): row["count"] for row in articles},
            {row["hour"].astimezone(UTC): row["count"] for row in views})


# The chart's drawing area, in SVG units; it scales to the width of the page.
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 760, 220, 44, 52, 12, 28
ARTICLE_COLOUR, VIEW_COLOUR, GRID_COLOUR = "#79aec8", "#c0392b", "#ddd"


def hourly_chart(articles: dict[datetime, int], views: dict[datetime, int], now: datetime) -> SafeString:
    """Bars of articles in and a line of views per hour, each on its own scale (left, right)."""
    hours = _hours(now)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(hours)
    top_articles = max([articles.get(h, 0) for h in hours] + [1])
    top_views = max([views.get(h, 0) for h in hours] + [1])

    def y(value: int, top: int) -> float:
        return TOP + plot_h - plot_h * value / top

    def n(value: float) -> str:  # escaping turns numbers into text: format them first
        return f"{value:.1f}"

    bars = format_html_join("", '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                            '<title>{}：{} 篇进站，{} 次浏览</title></rect>', (
        (n(LEFT + i * step), n(y(articles[h], top_articles)), n(max(step - 1, 1)),
         n(TOP + plot_h - y(articles[h], top_articles)), ARTICLE_COLOUR,
         timezone.localtime(h).strftime("%m-%d %H:00"), articles[h], views.get(h, 0))
        for i, h in enumerate(hours) if articles.get(h)))
    points = " ".join(f"{n(LEFT + (i + 0.5) * step)},{n(y(views.get(h, 0), top_views))}"
                      for i, h in enumerate(hours))
    days = format_html_join("", '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}"/>'
                            '<text x="{4}" y="{5}" font-size="11" text-anchor="middle" fill="#666">{6}</text>', (
        (n(LEFT + i * step), TOP, TOP + plot_h, GRID_COLOUR,
         n(min(LEFT + (i + 12) * step, WIDTH - RIGHT - 16)), HEIGHT - 8,
         timezone.localtime(h).strftime("%m-%d"))
        for i, h in enumerate(hours) if timezone.localtime(h).hour == 0))
    return format_html(
        '<svg class="zixun-chart" viewBox="0 0 {w} {h}" width="100%" role="img" '
        'aria-label="最近 7 天每小时进站文章数与浏览量" xmlns="http://www.w3.org/2000/svg">'
        '<rect x="{l}" y="{t}" width="{pw}" height="{ph}" fill="none" stroke="{grid}"/>{days}{bars}'
        '<polyline points="{points}" fill="none" stroke="{vc}" stroke-width="1.5"/>'
        '<text x="{lx}" y="{ty}" font-size="11" text-anchor="end" fill="{ac}">{ta}</text>'
        '<text x="{lx}" y="{by}" font-size="11" text-anchor="end" fill="{ac}">0</text>'
        '<text x="{rx}" y="{ty}" font-size="11" fill="{vc}">{tv}</text>'
        '<text x="{rx}" y="{by}" font-size="11" fill="{vc}">0</text>'
        '</svg>',
        w=WIDTH, h=HEIGHT, l=LEFT, t=TOP, pw=plot_w, ph=plot_h, grid=GRID_COLOUR, days=days, bars=bars,
        points=points, vc=VIEW_COLOUR, ac=ARTICLE_COLOUR, lx=LEFT - 4, rx=WIDTH - RIGHT + 4,
        ty=TOP + 10, by=TOP + plot_h, ta=top_articles, tv=top_views,
    )
