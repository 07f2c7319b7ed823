"""URL cleaning and the one URL policy.

Cleaning: absolute links without tracking parameters, so one article has one address.
Policy: a link or image zixun shows is http(s) or relative, nothing else (no ``javascript:``,
``data:``, ``vbscript:``, ``mailto:``…), and the policy is applied to the final, joined URL,
never to the raw value alone (``urljoin(base, "") == base``, and the base can be hostile too).
"""

from __future__ import annotations

import functools
import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from django.urls import reverse

# Parameters that only say where a click came from; dropping them never changes the page.
TRACKING_PARAMS = frozenset({
    "spm", "from", "share_token", "share_source", "sharer_shareinfo", "sharer_shareinfo_first",
    "scene", "isappinstalled", "wfr", "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid",
    "mc_cid", "mc_eid", "_hsenc", "_hsmi", "ref_src", "tt_from", "toutiao_share", "share_from",
    "wxshare", "wx_share", "xtrack", "clicktime", "enterid", "ascene", "nettype", "pass_ticket",
    "exportkey", "chksm", "mpshare", "sharer_sharetime", "sharer_shareid", "subscene",
})
TRACKING_PREFIXES = ("utm_", "hmsr", "hmpl", "hmcu", "hmkw", "hmci", "pk_", "mtm_", "ga_")
# WeChat article URLs are identified by __biz/mid/idx/sn; everything else is share noise.
WECHAT_KEEP = frozenset({"__biz", "mid", "idx", "sn"})
WEB_SCHEMES = frozenset({"http", "https"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Browsers drop these anywhere in a URL before reading its scheme ("java\tscript:" runs).
# What the URL standard forbids in a host name: "http://www.<script>…" is no address.
_FORBIDDEN_IN_HOST = re.compile(r"[\x00-\x20\x7f#%/:<>?@\[\\\]^|\"'`{}]")
_IGNORED_BY_BROWSERS = re.compile(r"[\s\x00-\x1f\x7f]+")


def is_tracking_param(name: str) -> bool:
    """True for query parameters that only track where a reader came from."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def clean_url(url: str, base: str | None = None, *, keep_fragment: bool = False) -> str:
    """``url`` made absolute against ``base``, tracking parameters and the fragment dropped."""
    raw = (url or "").strip()
    try:
        # Both raise ValueError on a malformed host (http://[::1): the address is kept as given,
        # for the URL policy to judge, rather than failing the feed or page it came in.
        if base:
            raw = urljoin(base, raw)
        if raw.startswith("//"):
            raw = "https:" + raw
        parts = urlsplit(raw)
    except ValueError:
        return raw
    if parts.scheme.lower() not in ("http", "https"):
        return raw
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if parts.hostname == "mp.weixin.qq.com":
        kept = [(k, v) for k, v in pairs if k in WECHAT_KEEP]
    else:
        kept = [(k, v) for k, v in pairs if not is_tracking_param(k)]
    query = urlencode(kept, doseq=True) if len(kept) != len(pairs) else parts.query
    netloc = parts.netloc.lower() if "@" not in parts.netloc else parts.netloc
    fragment = parts.fragment if keep_fragment else ""
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, fragment))


def is_safe_link(url: str) -> bool:
    """True for http(s) and relative links; False for javascript:, data: and every other scheme."""
    match = _SCHEME.match(_IGNORED_BY_BROWSERS.sub("", url or ""))
    return match is None or match.group(1).lower() in WEB_SCHEMES


def safe_link(url: str, base: str | None = None, *, keep_fragment: bool = False) -> str | None:
    """The link a page may show for ``url`` found on the page at ``base``: joined, untracked,
    and http(s) or relative; None when the joined result is anything else.

    A base that is no web address is not joined to: an empty link then stays empty.
    """
    if base and not is_web_address(base):
        base = None
    joined = clean_url(url, base, keep_fragment=keep_fragment)
    return joined if is_safe_link(joined) else None


def is_web_address(url: str) -> bool:
    """True for an absolute http(s) address with a host: what a stored address field may hold."""
    if not url or not is_safe_link(url):
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    host = parts.hostname or ""
    return (parts.scheme.lower() in WEB_SCHEMES and bool(host)
            and (not _FORBIDDEN_IN_HOST.search(host) or _is_ipv6(host)))


def _is_ipv6(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).version == 6
    except ValueError:
        return False


def web_address(url: str) -> str:
    """``url`` stripped if it is an absolute http(s) address, else "" (stored addresses, hrefs)."""
    return url.strip() if is_web_address(url) else ""


@functools.lru_cache(maxsize=8192)
def page_url(route: str, slug: str) -> str:
    """The address of a named page for one slug; a list links dozens, so each is reversed once."""
    return reverse(route, args=[slug])
