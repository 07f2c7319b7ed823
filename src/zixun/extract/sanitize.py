"""Article HTML made safe to show: an allow-list of tags and attributes (nh3), clean links."""

from __future__ import annotations

import nh3

from zixun.lib.urls import WEB_SCHEMES, safe_link

ALLOWED_TAGS = frozenset({
    "p", "br", "h2", "h3", "h4", "h5", "h6", "blockquote", "q", "cite", "pre", "code",
    "ul", "ol", "li", "dl", "dt", "dd", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "mark", "small", "a", "img", "figure", "figcaption", "table", "thead", "tbody", "tfoot",
    "tr", "th", "td", "caption", "hr", "span", "abbr", "time",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "abbr": {"title"},
    "time": {"datetime"},
    "ol": {"start"},
}
URL_ATTRIBUTES = frozenset({("a", "href"), ("img", "src")})


def sanitize_html(html: str, base_url: str | None) -> str:
    """Only allow-listed tags/attributes; links absolute, untracked and http(s) (lib.urls policy).

    The policy judges each link after it is joined to ``base_url``: an empty ``href`` becomes
    the base itself, which may be no web address at all. ``data:`` images are refused too: on
    news pages they are lazy-load placeholders or tracking pixels, never the photo, and they
    can carry SVG with script.
    """

    def filter_attribute(tag: str, attribute: str, value: str) -> str | None:
        if (tag, attribute) not in URL_ATTRIBUTES:
            return value
        return safe_link(value, base_url, keep_fragment=tag == "a")

    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=filter_attribute,
        url_schemes=set(WEB_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()
