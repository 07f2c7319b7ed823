"""Finding a site's feed from its address, through `<link rel="alternate">` in its HTML."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from zixun.lib.http import FetchError, FetchPolicy, FetchResult, fetch
from zixun.lib.urls import clean_url
from zixun.sources.parse import FeedParseError, ParsedFeed, parse_feed

FEED_TYPES = (
    "application/rss+xml", "application/atom+xml", "application/feed+json",
    "application/json", "application/rdf+xml", "application/xml", "text/xml",
)


class DiscoveryError(ValueError):
    """The address is neither a feed nor a page that names one."""


@dataclass
class DiscoveredFeed:
    """A feed found for an address: where it lives and what it says about itself."""

    url: str
    title: str
    site_url: str
    parsed: ParsedFeed
    result: FetchResult


class _AlternateLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.page_title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag == "title":
            self._in_title = True
        if tag != "link" or "alternate" not in values.get("rel", "").lower().split():
            return
        kind = values.get("type", "").lower().split(";")[0].strip()
        if kind in FEED_TYPES and values.get("href"):
            self.links.append((values["href"], values.get("title", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title and not self.page_title:
            self.page_title = data.strip()


def feed_links(html: str, base_url: str) -> list[str]:
    """Absolute feed addresses a page announces with `<link rel="alternate">`, in page order."""
    parser = _AlternateLinks()
    parser.feed(html)
    seen: list[str] = []
    for href, _title in parser.links:
        url = clean_url(href, base_url)
        if url not in seen:
            seen.append(url)
    return seen


def discover(url: str, policy: FetchPolicy | None = None) -> DiscoveredFeed:
    """The feed at ``url``, or the first working feed its page links to."""
    result = fetch(url, policy=policy)
    try:
        parsed = parse_feed(result.content, result.url)
        return DiscoveredFeed(result.url, parsed.title, parsed.site_url, parsed, result)
    except FeedParseError:
        pass
    candidates = feed_links(result.text, result.url)
    if not candidates:
        raise DiscoveryError(
            f"{url} 不是订阅源，页面里也没有 <link rel=\"alternate\"> 指向订阅源；"
            "请直接填写 RSS/Atom/JSON Feed 地址"
        )
    problems = []
    for candidate in candidates:
        try:
            found = fetch(candidate, policy=policy)
            parsed = parse_feed(found.content, found.url)
        except (FeedParseError, FetchError) as exc:
            problems.append(f"{candidate}: {exc}")
            continue
        site = parsed.site_url or result.url
        return DiscoveredFeed(found.url, parsed.title, site, parsed, found)
    raise DiscoveryError("页面指向的订阅源都无法读取：" + "；".join(problems))
