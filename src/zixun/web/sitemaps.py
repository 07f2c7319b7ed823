"""Sitemaps for search engines, and the robots.txt that names them.

- ``/sitemap.xml``: the index (Google, Bing): the list pages' file, the news file and one file
  per block of article ids (ids 1–50,000, 50,001–100,000, …), so a file never holds more than
  50,000 addresses and an article stays in the same file for good.
- ``/sitemap-<n>.xml`` and ``/sitemap-<n>.txt``: the articles of block n, with the time of
  their last edit; the .txt files are for Baidu, which reads no index.
- ``/sitemap-pages.xml`` and ``/sitemap.txt``: home, channels, sources and published 专题.
- ``/sitemap-news.xml``: Google News: the last 48 hours' articles, at most 1,000.

An article file is streamed: it reads the block's rows a chunk at a time along the primary
key, so its cost and memory stay the same at any size of the site.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import BigIntegerField, Count, ExpressionWrapper, F, Max, Q
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from zixun.articles.models import Article, Channel
from zixun.newsroom.models import Topic
from zixun.sources.models import Source
from zixun.web.feedformats import rfc3339, xml_text
from zixun.web.links import site_root

BLOCK = 50_000  # addresses per file: the sitemaps protocol's limit
CHUNK = 5_000  # rows per query while a file streams
NEWS_HOURS = 48  # Google News takes only the last two days
NEWS_MAX = 1_000  # and at most this many articles a file
BLOCKS_SECONDS = 60  # how long the list of blocks is kept; it counts every public article
XML_TYPE = "application/xml; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


@dataclass(frozen=True)
class Block:
    """Articles whose ids fall in one file's range: its number, how many, their last edit."""

    number: int
    count: int
    lastmod: datetime


def blocks() -> list[Block]:
    """The article files that have articles, oldest ids first (one grouped query, cached)."""
    found = cache.get("sitemap-blocks")
    if found is None:
        number = ExpressionWrapper((F("id") - 1) / BLOCK + 1, output_field=BigIntegerField())
        rows = (Article.objects.listed().annotate(block=number).order_by().values("block")
                .annotate(count=Count("id"), lastmod=Max("updated_at")).order_by("block"))
        found = [Block(row["block"], row["count"], row["lastmod"]) for row in rows]
        cache.set("sitemap-blocks", found, BLOCKS_SECONDS)
    return found


def block(number: int) -> Block | None:
    return next((b for b in blocks() if b.number == number), None)


def block_rows(number: int) -> Iterator[tuple[int, datetime]]:
    """(id, updated_at) of block ``number``'s public articles, read CHUNK rows at a time."""
    last, end = (number - 1) * BLOCK, number * BLOCK
    while True:
        rows = list(Article.objects.listed().filter(id__gt=last, id__lte=end).order_by("id")
                    .values_list("id", "updated_at")[:CHUNK])
        yield from rows
        if len(rows) < CHUNK:
            return
        last = rows[-1][0]


def _article_url(root: str, pk: int) -> str:
    return f"{root}/a/{pk}/"


def _newest(articles) -> datetime | None:
    return articles.order_by("-published_at").values_list("published_at", flat=True).first()


def list_pages(root: str) -> list[tuple[str, datetime | None]]:
    """Home, every channel, source and published topic, each with its newest article's time
    (a topic's own edit, if later: it may have been rearranged)."""
    listed = Article.objects.listed()
    pages = [(root + "/", _newest(listed))]
    for channel in Channel.objects.all():
        pages.append((root + iri_to_uri(channel.get_absolute_url()),
                      _newest(listed.filter(channel=channel))))
    for source in Source.objects.order_by("pk"):
        pages.append((root + iri_to_uri(source.get_absolute_url()),
                      _newest(listed.filter(source=source))))
    public = Q(items__article__status=Article.Status.PUBLISHED,
               items__article__published_at__lte=timezone.now())
    topics = (Topic.objects.filter(published=True)
              .annotate(newest=Max("items__article__published_at", filter=public)).order_by("pk"))
    for topic in topics:
        pages.append((root + iri_to_uri(topic.get_absolute_url()),
                      max(filter(None, (topic.newest, topic.updated_at)))))
    return pages


def _url(loc: str, lastmod: datetime | None, extra: str = "") -> str:
    when = f"<lastmod>{rfc3339(lastmod)}</lastmod>" if lastmod else ""
    return f"<url><loc>{xml_text(loc)}</loc>{when}{extra}</url>\n"


def _urlset(entries: Iterable[str], namespaces: str = "") -> Iterator[str]:
    yield f'{XML_HEAD}<urlset xmlns="{SITEMAP_NS}"{namespaces}>\n'
    yield from entries
    yield "</urlset>\n"


def _chunked(lines: Iterable[str], size: int = 1000) -> Iterator[str]:
    """Lines joined a thousand at a time: fewer, larger writes to the socket."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def _stream(parts: Iterable[str], content_type: str) -> StreamingHttpResponse:
    return StreamingHttpResponse((part.encode("utf-8") for part in _chunked(parts)),
                                 content_type=content_type)


def index(request: HttpRequest) -> StreamingHttpResponse:
    """The sitemap index: the pages' file, the news file and each article file."""
    root = site_root(request)
    files = [(f"{root}/sitemap-pages.xml", None), (f"{root}/sitemap-news.xml", None)]
    files += [(f"{root}/sitemap-{b.number}.xml", b.lastmod) for b in blocks()]
    entries = []
    for loc, lastmod in files:
        when = f"<lastmod>{rfc3339(lastmod)}</lastmod>" if lastmod else ""
        entries.append(f"<sitemap><loc>{xml_text(loc)}</loc>{when}</sitemap>\n")
    head = f'{XML_HEAD}<sitemapindex xmlns="{SITEMAP_NS}">\n'
    return _stream([head, *entries, "</sitemapindex>\n"], XML_TYPE)


def _existing(number: int) -> int:
    if block(number) is None:
        raise Http404("没有这个站点地图文件")
    return number


def _article_entries(root: str, rows: Iterable[tuple[int, datetime]]) -> Iterator[str]:
    """<url> elements for (id, updated_at) rows: the file's hot loop, so the site's address is
    escaped once and each time goes straight to the site's zone."""
    base, zone = xml_text(root), timezone.get_current_timezone()
    for pk, updated in rows:
        stamp = updated.astimezone(zone).isoformat(timespec="seconds")
        yield f"<url><loc>{base}/a/{pk}/</loc><lastmod>{stamp}</lastmod></url>\n"


def articles_xml(request: HttpRequest, number: int) -> StreamingHttpResponse:
    rows = block_rows(_existing(number))
    return _stream(_urlset(_article_entries(site_root(request), rows)), XML_TYPE)


def articles_text(request: HttpRequest, number: int) -> StreamingHttpResponse:
    root = site_root(request)
    number = _existing(number)
    return _stream((_article_url(root, pk) + "\n" for pk, _updated in block_rows(number)),
                   TEXT_TYPE)


def pages_xml(request: HttpRequest) -> StreamingHttpResponse:
    return _stream(_urlset(_url(loc, lastmod) for loc, lastmod in list_pages(site_root(request))),
                   XML_TYPE)


def pages_text(request: HttpRequest) -> StreamingHttpResponse:
    return _stream((loc + "\n" for loc, _lastmod in list_pages(site_root(request))), TEXT_TYPE)


def news_rows(now: datetime | None = None) -> list[tuple[int, str, datetime]]:
    """(id, title, published_at) of the last NEWS_HOURS' public articles, newest first."""
    since = (now or timezone.now()) - timedelta(hours=NEWS_HOURS)
    # Google News needs each article's publication date: one that came without a date has none.
    return list(Article.objects.listed().filter(published_at__gte=since, date_known=True)
                .order_by("-published_at", "-id")
                .values_list("id", "title", "published_at")[:NEWS_MAX])


def news_xml(request: HttpRequest) -> StreamingHttpResponse:
    """Google News: publication name and language, date and title of each recent article.

    With nothing recent the file still names the home page: a sitemap needs one address."""
    root = site_root(request)
    publication = (f"<news:publication><news:name>{xml_text(settings.SITE_NAME)}</news:name>"
                   "<news:language>zh-cn</news:language></news:publication>")
    entries = [
        _url(_article_url(root, pk), None,
             f"<news:news>{publication}<news:publication_date>{rfc3339(published)}"
             f"</news:publication_date><news:title>{xml_text(title)}</news:title></news:news>")
        for pk, title, published in news_rows()
    ] or [_url(root + "/", None)]
    return _stream(_urlset(entries, f' xmlns:news="{NEWS_NS}"'), XML_TYPE)


def robots_lines(root: str) -> list[str]:
    """robots.txt: the admin and search result pages are not for crawlers; the sitemaps are."""
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search?", ""]
    lines += [f"Sitemap: {root}/sitemap.xml", f"Sitemap: {root}/sitemap-news.xml",
              f"Sitemap: {root}/sitemap.txt"]
    lines += [f"Sitemap: {root}/sitemap-{b.number}.txt" for b in blocks()]
    return lines
