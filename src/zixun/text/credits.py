"""Credits a page prints around its story, read as strings.

The header line under the headline (``2019-09-07 13:43:45 来源：新京报 作者：X``), the editor
credit at its foot (``责任编辑：杨倩_NF4425``), reporters in the dateline (``（记者 唐霁）``) and a
closing signature (``……的通知。（李楠）``). zixun.extract finds where these lines sit on a page;
this module says what they credit and whether a line is a credit at all. parse_byline reads
the credit lines of a text in depth; these rules are the page's quicker reading of them.
"""

from __future__ import annotations

import re

from zixun.text.names import EDITOR_ROLES, PLACEHOLDER_NAMES, split_names

# Where the value of a header field ends: a space, a bracket, or the next field's label.
_FIELD_END = (
    r"(?=\s|$|[|｜,，;；(（\[【]|作者|编辑|责任|记者|来源|分享|字号|阅读|评论|参与|举报|原创"
    r"|时间|发布|\d{4}-)"
)
_SOURCE_FIELD = re.compile(
    r"(?:来源|来自|出处|稿源|本文来源)\s*[:：]?\s*([^\s:：|｜]{2,24}?)" + _FIELD_END
)
_AUTHOR_FIELD = re.compile(
    r"(?:作者|文|撰文|执笔|采写|记者)\s*[:：/]\s*([^\s:：|｜]{2,30}?)" + _FIELD_END
)
_AUTHOR_WITHOUT_COLON = re.compile(
    r"作者\s*([\u4e00-\u9fa5]{2,4}|[A-Za-z][\w.-]{1,30})" + _FIELD_END
)
# "作者： 责任编辑：X" prints an empty author field: the next label is no name.
_LABEL_AS_VALUE = re.compile(r"责任|编辑|来源|记者")
# Every editor role, longest first so that 责任编辑 is read whole.
_EDITOR_FIELD = re.compile(
    "(?:" + "|".join(sorted(EDITOR_ROLES, key=len, reverse=True)) + ")"
    r"\s*[:：]?\s*([\w\u4e00-\u9fa5、，, ]{2,30}?)"
    r"\s*(?=[)）\]】]|$|\s{2}|来源|校对|审核|\n)"
)
# The content system's id glued to an editor's name: 杨倩_NF4425, 张迪 SN222.
_EDITOR_ID = re.compile(r"[_\s]*[A-Za-z]{1,4}\d{2,}$")
_SOURCE_LABEL = re.compile(r"^(?:来源|来自)\s*[:：]\s*")

_NAME = r"[\u4e00-\u9fa5·]{2,5}"
# Credit lines that name the writers, each with the names as group 1.
_WRITER_CREDITS = (
    # 新京报讯（记者 陆一夫）… / 新华社巴黎12月9日电（记者唐霁）
    re.compile(r"[（(](?:本报|见习|特约|首席)?记者\s*((?:" + _NAME + r"[\s、，,]*)+)[）)]"),
    # 《棱镜》作者 周纯 / 采写：南都见习记者 林子沛 / 澎湃新闻记者 段彦超 廖艳
    re.compile(r"^《[^》]{1,12}》(?:作者|记者)\s*((?:" + _NAME + r"\s*)+)$"),
    re.compile(r"^(?:采写|撰文|作者|文|执笔)\s*[:：/]\s*(?:\S{0,10}?记者\s*)?(\S+(?:[、&]\S+)*)$"),
    re.compile(r"^\S{0,12}?(?<!实习生)记者\s*((?:" + _NAME + r"\s*)+)$"),
    # 原创： 路闻卓立编译 人民币交易与研究 (compiler credited on reposts)
    re.compile(r"^原创\s*[:：]\s*(" + _NAME + r")(?:编译|整理)\s"),
)
_SIGNATURE = re.compile(r"[（(]([\u4e00-\u9fa5]{2,3})[）)]$")
# Brackets closing a story that sign no writer: （新华社）, （完）, （图）, （摄）.
_NOT_A_SIGNATURE = re.compile(r"[社网报台站刊部]$|^完$|^图$|^摄$")

# How a line that is nothing but a credit opens, or what it is whole.
_CREDIT_LINE = re.compile(
    r"^[（(]?原标题[:：]|^编辑[:：\s]|^[(（\[【]?(?:责任编辑|责编)|^编辑\s*\S{2,4}\s*校对"
    r"|^(?:本文)?来源[:：]|^图片来源[:：].{0,20}$|^(?:文|作者|执笔|撰文|采写|记者|原创)\s*[:：/]"
    r"|^\S{0,12}记者\s*[\u4e00-\u9fa5]{2,4}(?:\s+[\u4e00-\u9fa5]{2,4})*$|^《[^》]{1,12}》作者\s*\S+$"
    r"|^\d{4}[-年/]\d{1,2}[-月/]\d{1,2}.{0,30}(?:来源|作者)[:：]"
)
# The editor in charge signs off a story: 责任编辑：X, 【责编：X】.
_EDITOR_LINE = re.compile(r"^[(（\[【]?(?:责任编辑|责编)\s*[:：]")


def clean_outlet_name(raw: str) -> str | None:
    """An outlet's name without edge punctuation or a bracketed note; None for a placeholder."""
    name = re.sub(r"^[\s:：]+|[\s:：,，。|]+$", "", raw)
    name = re.sub(r"[\[【(（][^\]】)）]*[\]】)）]?$", "", name).strip()
    return name if name and name not in PLACEHOLDER_NAMES else None


def labelled_outlet(text: str) -> str | None:
    """The outlet of the first ``来源：新京报`` field in `text`.

    None when there is no such field; "" when there is one but it names no outlet
    (``来源：网络``), so that a caller can stop looking.
    """
    match = _SOURCE_FIELD.search(text)
    if match is None:
        return None
    return clean_outlet_name(match.group(1)) or ""


def outlet_from_source_field(value: str) -> str | None:
    """The outlet a source field names (a ``source`` meta tag): ``来源：新京报 2019-09-07`` →
    新京报; None for a number or a placeholder."""
    words = _SOURCE_LABEL.sub("", value).split()
    name = clean_outlet_name(words[0]) if words else None
    return name if name and not name.isdigit() else None


def labelled_authors(text: str) -> list[str]:
    """The writers of the first ``作者：X`` (or ``记者：X``, ``文/X``) field in `text`."""
    match = _AUTHOR_FIELD.search(text) or _AUTHOR_WITHOUT_COLON.search(text)
    if not match or _LABEL_AS_VALUE.match(match.group(1)):
        return []
    return split_names(match.group(1), as_printed=True)


def labelled_editors(text: str) -> list[str]:
    """``责任编辑：杨倩_NF4425`` → ["杨倩"]: the last editor credit in `text`."""
    matches = list(_EDITOR_FIELD.finditer(text))
    if not matches:
        return []
    return split_names(_EDITOR_ID.sub("", matches[-1].group(1).strip()), as_printed=True)


def authors_in_credit_lines(lines: list[str]) -> list[str]:
    """The writers named by the first credit line that names any: a dateline's ``（记者 唐霁）``,
    ``澎湃新闻记者 段彦超 廖艳``, ``采写：南都见习记者 林子沛``."""
    for line in lines:
        for pattern in _WRITER_CREDITS:
            match = pattern.search(line.strip())
            if match:
                names = split_names(match.group(1), as_printed=True)
                if names:
                    return names
    return []


# Taiwan and Hong Kong papers credit ``記者陳嘉寧／桃園機場報導`` or close with ``（王煌忠／台中報導）``:
# name, slash, where the report was filed. Read on Simplified text (记者, 报导).
_SLASH_CREDIT = re.compile(
    r"(?:记者\s*|(?<![\u4e00-\u9fa5]))([\u4e00-\u9fa5]{2,4})\s*[／/]\s*[\u4e00-\u9fa5]{0,8}?(?:综合)?报[导道]"
)
# A desk, not a person, files a 综合报导: 社会中心／综合报导, 即时新闻／综合报导.
_DESK = re.compile(r"(?:中心|部|组|室|社|台|网|处|新闻|快讯|要闻|编辑)$")


def slash_credit_authors(text: str) -> list[str]:
    """The reporters of ``记者陈嘉宁／桃园机场报导`` or ``（王煌忠／台中报导）`` credits in `text`."""
    names = []
    for match in _SLASH_CREDIT.finditer(text):
        name = match.group(1)
        if not _DESK.search(name) and name not in names:
            names.append(name)
    return names


# 责任编辑：张三 inside a header line, where the next field follows after a single space.
_HEADER_EDITOR = re.compile(
    r"(?:责任编辑|责编)\s*[:：]\s*([\u4e00-\u9fa5·]{2,5}|[A-Za-z][\w.]{1,20})(?=[\s_）)】\]|｜]|$)"
)


def header_editors(text: str) -> list[str]:
    """The editor a header line credits (``… 作者：王小明 责任编辑：张三 …``): never an author."""
    match = _HEADER_EDITOR.search(text)
    return [match.group(1)] if match else []


def signature_authors(line: str) -> list[str]:
    """The writer signing a story's last line in brackets: ``……的通知。（李楠）`` → ["李楠"]."""
    signature = _SIGNATURE.search(line.strip())
    if signature and not _NOT_A_SIGNATURE.search(signature.group(1)):
        return [signature.group(1)]
    return []


def is_credit_line(line: str) -> bool:
    """True for a line that credits rather than reports: 原标题, 来源, 作者, 记者, 责任编辑 …"""
    return _CREDIT_LINE.search(line) is not None


def is_editor_credit_line(line: str) -> bool:
    """True for the editor in charge's sign-off (``责任编辑：X``), which closes a story."""
    return _EDITOR_LINE.search(line) is not None


__all__ = [
    "authors_in_credit_lines",
    "clean_outlet_name",
    "is_credit_line",
    "is_editor_credit_line",
    "labelled_authors",
    "labelled_editors",
    "labelled_outlet",
    "outlet_from_source_field",
    "signature_authors",
]
