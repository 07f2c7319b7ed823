"""Turn page bytes into text: BOM, HTTP header, <meta>, then detection tuned for Chinese pages."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
# GB2312 and GBK pages routinely use characters only GB18030 (their superset) names, so we
# always read them as GB18030; likewise Big5 as Big5-HKSCS. Latin-1 labels on Chinese pages
# are almost always a server default, so they are checked like undeclared pages.
_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "cp936": "gb18030", "euc-cn": "gb18030", "hz-gb-2312": "gb18030", "gb18030": "gb18030",
    "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "x-x-big5": "big5hkscs", "cp950": "big5hkscs",
    "utf8": "utf-8", "unicode": "utf-8",
}
_WEAK = {"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "us-ascii", "ascii"}


def normalize_charset(label: str | None) -> str | None:
    """The Python codec for a charset label, with Chinese supersets applied; None if unknown."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def decode_html(content: bytes, content_type: str | None = None) -> str:
    """Decode a page: BOM, header charset, <meta> charset, then UTF-8/GB18030/Big5 detection."""
    if not content:
        return ""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if content.startswith(bom):
            return content[len(bom):].decode(codec, errors="replace")
    meta = _META_CHARSET.search(content[:32768])
    declared = [
        charset_from_content_type(content_type),
        meta.group(1).decode("ascii", "ignore") if meta else None,
    ]
    for label in declared:
        if label and label.strip().lower() in _WEAK:
            continue
        codec = normalize_charset(label)
        if codec:
            text = _decode_if_clean(content, codec)
            if text is not None:
                return text
    return _detect(content)


def _decode_if_clean(content: bytes, codec: str) -> str | None:
    """The text if ``codec`` fits: a stray bad byte is tolerated, a wrong charset is not."""
    text = content.decode(codec, errors="replace")
    bad = text.count("\ufffd")
    return text if bad <= max(2, len(content) // 5000) else None


def _detect(content: bytes) -> str:
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    fits = [codec for codec in ("gb18030", "big5hkscs") if _decode_if_clean(content, codec)]
    if len(fits) == 1:
        return content.decode(fits[0], errors="replace")
    # Big5 bytes often decode as GB18030 too (and the reverse); let the detector weigh the
    # character frequencies between the two only.
    isolation = fits or None
    best = charset_normalizer.from_bytes(content[:200_000], cp_isolation=isolation).best()
    codec = normalize_charset(best.encoding) if best else None
    return content.decode(codec or "utf-8", errors="replace")
