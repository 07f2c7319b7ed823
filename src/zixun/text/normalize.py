"""Unicode and punctuation clean-up for Chinese news text."""

from __future__ import annotations

import re
import unicodedata

# Zero-width and formatting characters that pages leave behind; they break matching and search.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u180e"))
# Full-width digits and Latin letters mean the same as ASCII ones; ASCII keeps search simple.
_FULLWIDTH_ALNUM = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},
    **{0xFF21 + i: 0x41 + i for i in range(26)},
    **{0xFF41 + i: 0x61 + i for i in range(26)},
}
_ODD_SPACES = dict.fromkeys([0x3000, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F], 0x20)
# A lone surrogate (from an unpaired JSON escape) is no character: no encoder, the segmenter's
# included, takes it, so it becomes U+FFFD like any other undecodable input.
_SURROGATES = dict.fromkeys(range(0xD800, 0xE000), 0xFFFD)
_TRANSLATE = {**_INVISIBLE, **_FULLWIDTH_ALNUM, **_ODD_SPACES, **_SURROGATES,
              0x2028: 0x0A, 0x2029: 0x0A}
# str.translate walks every character; most articles need none of it, so look first.
_NEEDS_TRANSLATE = re.compile("[" + "".join(re.escape(chr(c)) for c in _TRANSLATE) + "]")

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{_HAN}]")
# Characters after which an ASCII mark belongs to Chinese text: Han, kana and full-width marks.
_CJK_CONTEXT = re.compile(f"[{_HAN}\u3000-\u303f\u3040-\u30ff\uff00-\uffef“”‘’…—]")
_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", ".": "。"}
_ASCII_MARK = re.compile(r"[,;:!?.]")
_ELLIPSIS = re.compile(f"(?<=[{_HAN}])\\.{{3,}}")
_DOUBLE_QUOTED = re.compile(r'"([^"\n]*)"')
_SINGLE_QUOTED = re.compile(f"'([^'\\nA-Za-z]*[{_HAN}][^'\\nA-Za-z]*)'")
# Some Chinese text near an ASCII mark; without any, _restore_marks has nothing to do.
_MARK_NEAR_CJK = re.compile(f"[,;:!?.](?:(?<={_CJK_CONTEXT.pattern}.)|(?=[{_HAN}]))")
_SPACES = re.compile(r"[ \t\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize(text: str) -> str:
    """Return `text` in NFC with clean whitespace and full-width punctuation inside Chinese."""
    # Translate before NFC: dropping a zero-width char can bring a base and its accent together.
    if _NEEDS_TRANSLATE.search(text):
        text = text.translate(_TRANSLATE)
    text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Each `in` test below is far cheaper than the regex scan it guards, and usually fails.
    # A test for two characters walks the text a character at a time, one for a single ASCII
    # character runs at memchr speed, so the one screens the other: most Chinese texts hold no
    # space at all, which settles the two-character tests for spaces at once.
    if (" " in text and "  " in text) or "\t" in text or "\f" in text or "\v" in text:
        text = _SPACES.sub(" ", text)
    # What str.strip would take off a line is, by now, a space or one of the rare separators
    # \x1c-\x1f and \x85 (the rest were translated or replaced above): most texts have none
    # next to a line break and are spared the split, the strip of every line and the join.
    if (
        (" " in text and (" \n" in text or "\n " in text or text[:1] == " " or text[-1:] == " "))
        or "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text or "\x85" in text
    ):
        text = "\n".join(map(str.strip, text.split("\n")))
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    text = text.strip("\n")
    if not _HAN_RE.search(text):
        return text
    if "." in text and "..." in text:
        text = _ELLIPSIS.sub("……", text)
    if '"' in text:
        text = _DOUBLE_QUOTED.sub(_curly_double, text)
    if "'" in text:
        # Nested pairs (''美'') open one level per pass: repeat until none is left, so that
        # normalising twice gives what normalising once did.
        for _ in range(8):
            quoted = _SINGLE_QUOTED.sub(lambda m: f"‘{m.group(1)}’", text)
            if quoted == text:
                break
            text = quoted
    # Most texts hold none of the six marks; a few `in` tests spare the lookbehind scan.
    if not ("," in text or "." in text or ":" in text or ";" in text or "!" in text or "?" in text):
        return text
    return _restore_marks(text) if _MARK_NEAR_CJK.search(text) else text


def _curly_double(match: re.Match[str]) -> str:
    """Turn a pair of ASCII double quotes into “” when the quote sits in Chinese text."""
    inner, string = match.group(1), match.string
    before = string[match.start() - 1] if match.start() else ""
    after = string[match.end()] if match.end() < len(string) else ""
    if _HAN_RE.search(inner) or _HAN_RE.match(before) or _HAN_RE.match(after):
        return f"“{inner}”"
    return match.group(0)


def _restore_marks(text: str) -> str:
    """Replace , ; : ! ? . that follow Chinese text (or precede Han) with full-width marks."""
    out: list[str] = []
    last = 0
    for match in _ASCII_MARK.finditer(text):
        pos = match.start()
        mark = match.group()
        out.append(text[last:pos])
        last = pos + 1
        prev = out[-1][-1:] if out[-1] else (out[-2][-1:] if len(out) > 1 else "")
        nxt = text[pos + 1 : pos + 2]
        out.append(_FULL[mark] if _wants_full(mark, prev, nxt) else mark)
    out.append(text[last:])
    return "".join(out)


def _wants_full(mark: str, prev: str, nxt: str) -> bool:
    """Decide from the neighbours whether an ASCII mark is Chinese punctuation."""
    prev_cjk = bool(prev) and bool(_CJK_CONTEXT.match(prev))
    next_han = bool(nxt) and bool(_HAN_RE.match(nxt))
    if mark == ".":
        # A full stop only between Han characters or closing a Chinese line: 3.5 and a.b stay.
        return bool(prev) and bool(_HAN_RE.match(prev)) and (next_han or nxt in ("", "\n"))
    if mark == ":" and nxt == "/":
        return False
    return prev_cjk or (next_han and not (prev.isascii() and prev.isalnum()) and prev != "")
