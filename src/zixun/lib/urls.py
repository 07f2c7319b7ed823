"""URL cleaning: absolute links without tracking parameters, so one article has one address."""

from __future__ import annotations

import functools
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
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def is_tracking_param(name: str) -> bool:
    """True for query parameters that only track where a reader came from."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def clean_url(url: str, base: str | None = None, *, keep_fragment: bool = False) -> str:
    """``url`` made absolute against ``base``, tracking parameters and the fragment dropped."""
    raw = (url or "").strip()
    if base:
        raw = urljoin(base, raw)
    if raw.startswith("//"):
        raw = "https:" + raw
    try:
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
    """True for http(s)/mailto and relative links; False for javascript:, data: and the like."""
    compact = re.sub(r"[\s\x00-\x1f]+", "", url or "")
    match = _SCHEME.match(compact)
    return match is None or match.group(1).lower() in SAFE_SCHEMES


@functools.lru_cache(maxsize=8192)
def page_url(route: str, slug: str) -> str:
    """The address of a named page for one slug; a list links dozens, so each is reversed once."""
    return reverse(route, args=[slug])
