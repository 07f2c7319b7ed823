"""Credit lines of Chinese news: who wrote a story, where it first appeared, and where they sit."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from zixun.text.credit_shapes import fill_in
from zixun.text.names import (
    EDITOR_ROLES,
    is_chinese_personal_name,
    names_at,
    parse_people,
    resolve_date,
    split_names,
)

# Full-width digits become ASCII without changing any offset, so spans still fit the input.
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_HAN = r"[\u4e00-\u9fff]"
_OUTLET = (
    r"(?!据|另据|记者|通讯员|今天|昨天)[\u4e00-\u9fffA-Za-z0-9]{0,14}?"
    r"(?:新闻网|网|社|报|台|在线|客户端|频道|之声|周刊|信息港|快讯|新闻|之家|财经|科技|界)"
)
_DATE = r"(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日"
_ANY_DATE = r"(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日"
# A place never holds the words that end a dateline or start its credit, nor 的 (a place name
# is never a phrase: `福建宁德拥有世界最大的聚合物锂离子电池` holds no dateline).
_PLACE_CHAR = r"(?:(?!讯|电|消息|记者|通讯员|客户端|财经|的)[\u4e00-\u9fff])"
# The 电 of a dateline (`新华社北京7月26日电`) follows a date, a place or an outlet, and is no
# part of a word: 国网四川电力, 电视, 电池, 并网发电, 智能家电 and 用电量 are prose.
_WIRED = (
    r"(?<![发用供充家核火风输配放停触断耗节售购送致贺唁复回来急光邮彩])"
    r"电(?!力|视|池|影|话|子|脑|器|站|厂|动|梯|缆|价|费|量|压|流|机|竞|商|气|车|能|灯|磁|波|源|台)"
)
_LP, _RP = r"[（(]", r"[）)]"
_ROLE = r"(?:记者|特约通讯员|通讯员|实习生)"
_PLAIN_PEOPLE = (
    rf"{_ROLE}\s*[\u4e00-\u9fff]{{2,3}}"
    rf"(?:(?:\s+|\s*(?={_ROLE}))(?:{_ROLE}\s*)?[\u4e00-\u9fff]{{2,3}})*"
)
_DATELINE = re.compile(
    rf"(?:{_OUTLET}[-－—])?(?P<outlet>{_OUTLET})(?:[、，,]{_OUTLET})*?(?P<place>{_PLACE_CHAR}{{2,10}}?)?(?:{_DATE})?"
    rf"(?:[^\S\n]*(?:[早午晚]间|[上下]午))?(?P<kind>{_WIRED}|讯|快讯|消息)"
    rf"(?:[^\S\n]*(?:{_LP}(?P<who>[^（）()\n]{{0,60}}){_RP}"
    rf"|【(?P<who_b>[^【】\n]{{1,60}})】|(?P<who_p>{_PLAIN_PEOPLE})\s*(?:报道)?(?=[\s:：]))"
    rf")?[^\S\n]*[:：，,]?[^\S\n]*"
)
# A dateline's first outlet (at most 17 characters) ends in one of these characters, or a
# dash parts it from a second; a wrapped one opens with a bracket. None in the first 18
# characters: no dateline, and no need for the backtracking regex.
_DATELINE_HEAD = re.compile(r"[-－—网社报台线端道声刊港讯闻家经技界（(]")
# What a lead (原标题, 来源 …, 【文/…】) opens with; datelines are screened apart.
_LEAD_FIRST = "原本来转【["
_WRAPPED_DATELINE = re.compile(rf"{_LP}(?P<outlet>{_OUTLET})讯{_RP}\s*")
_BRACKET_BYLINE = re.compile(r"[【\[]\s*(?P<body>(?:文|作者|撰文|记者|通讯员)[^【】\[\]\n]{1,40})[】\]]\s*")
_NAME = r"[\u4e00-\u9fff·A-Za-z]{2,8}"
_BRACKET_OUTLET = re.compile(r"【(?P<outlet>[^【】\s]{2,12}?)(?:综合报道|快讯|报道|讯|消息)】\s*")
_LEAD_PEOPLE = re.compile(
    rf"[□■●]?\s*(?:本报记者|记者|通讯员)\s*[:：]?\s*{_NAME}"
    rf"(?:[\s、，,]+(?:(?:记者|通讯员|实习生|编辑|摄影)\s*[:：/／]?\s*)?{_NAME})*\s*$"
)
# A credit line that names the reporter's outlet: `澎湃新闻记者 段彦超 廖艳`, `采写：南都见习记者 林子沛`.
# 本报/本台/本网 name no outlet (the line is left to _LEAD_PEOPLE and _FIELD), and a name run
# glued to 图 or 摄 (`澎湃新闻记者 朱安足图`) credits a photographer.
_OUTLET_PEOPLE = re.compile(
    r"(?:(?:采写|采访|撰文|文字|文|作者)\s*[:：/／]\s*)?"
    r"(?P<outlet>(?!本|记者|据|对|向|在|跟|和|与|被|给|从)[\u4e00-\u9fff]{2,8}?)"
    r"(?:见习|实习|特约|首席|全媒体|融媒体|新媒体)?记者\s*[:：]?\s*"
    rf"(?P<names>{_NAME}(?:[\s、，,]+{_NAME})*)(?<![图摄])\s*$"
)
# A note in brackets that someone helped: `（实习生王金茹对此文亦有贡献）` credits no author.
_CONTRIBUTION = re.compile(r"(?:对(?:此|本)文)?(?:亦|也)有(?:所)?贡献")
_DECORATION = re.compile(r"^[\s|｜▍◆■□●\-—\[【]+")
_SOURCE_LEAD = re.compile(
    r"(?:本文)?(?:来源|转自)\s*[:：]\s*(?P<name>[^\s，。,:：/／|]{2,20})\s+(?=\S)"
)
_ORIGINAL_TITLE = re.compile(r"(?:本文)?原标题\s*[:：]\s*(?P<title>[^\n]+?)\s*(?=\s{2}|$)", re.M)
_FIELD = re.compile(
    r"(?P<label>本文来源|文章来源|稿件来源|内容来源|来源|本文授权转自|本文转自|转载自|转自|原载|作者"
    r"|撰文|文字|责任编辑|本期编辑|值班编辑|实习编辑|总编辑|副主编|主编|编辑|责编|编审|网编审核|审核|监制|供稿"
    r"|本报记者|记者|通讯员|文/图|图/文|文(?=\s*[/／]))(?:\s*[:：/／]\s*|\s+|(?<=责任编辑))(?=\S)"
)
_PAREN = re.compile(rf"{_LP}(?P<body>[^（）()\n]{{1,60}}){_RP}")
_PAREN_ROLE = re.compile(r"(?:记者|通讯员|编辑|实习生)\s*[:：]?\s*[\u4e00-\u9fff]")
# What a closing （X、Y） of names follows: the end of a sentence.
_SENTENCE_END = ("。", "！", "？", "”")
# The first characters of _FIELD's labels, a screen before the regex.
_FIELD_FIRST = frozenset("本文稿内来转原作撰责值实总副主编网审监供记通图")
_TRAILING_PARENS = re.compile(r"(?:\s*[（(][^（）()\n]*[）)])*\s*$")
_END_MARK = re.compile(r"[（(【\[]\s*完\s*[）)】\]]|-\s*end\s*-", re.I)
_CITED = re.compile(
    rf"(?:据|另据|援引)(?:{_HAN}{{1,6}}?)?《(?P<book>[^》\n]{{1,20}})》(?:网站|网|杂志|电视台|报)?"
    rf"(?P<when>(?:当地时间)?(?:今天|昨天|今日|昨日)?\s*{_LP}?{_ANY_DATE}{_RP}?)?[^，。,\n]{{0,4}}?(?:报道|消息)"
    rf"|(?:据|另据)(?P<org>{_HAN}{{2,14}}?(?:通讯社|电视台|广播公司|新闻社|社|台|网|报))(?!站)"
    rf"(?P<when2>(?:当地时间)?(?:今天|昨天|今日|昨日)?\s*{_LP}?{_ANY_DATE}{_RP}?)?[^，。,\n]{{0,12}}?(?:报道|消息)"
)
_LABEL_WORD = re.compile(r"来源|转自|转载|原载|作者|撰文|文字|编辑|责编|编审|审核|监制|供稿|记者|通讯员|文/")
# A credit tail after the prose of a line: `…严肃处理。来源：西部网`.
_TAIL_START = re.compile(
    r"(?:^|(?<=[。！？!?”」』）)】\]\s|｜▍◆—\-]))(?=[|｜▍◆—\-\[]*" + _FIELD.pattern + ")"
)
_CAPTION_CREDIT = re.compile(
    r"(?:[\s（(](?:视觉中国|IC供图|IC photo|东方IC|新华社发|中新社发|图虫创意|资料图|供图)|"
    r"新华社记者\s*\S{2,4}\s*摄|[\s（(]\S{2,4}\s*摄|图片来源[:：]\S+|图源[:：]\S+)[）)]?$"
)
_CAPTION_LEAD = re.compile(r"^(?:图为|图：|图:|图/|（图|\(图)")
# Cheap screens that let most prose lines skip the regexes above. A caption credit ends in one of
# these characters, or names 图片来源 / 图源; a caption lead starts with 图 or a bracket.
_CAPTION_LAST = frozenset("）)国图oC发意摄")
_CAPTION_FIRST = frozenset("图（(")
# Every role of _LEAD_PEOPLE is 记者 or 通讯员, and every label of _FIELD holds one of
# _CREDIT_MARKS (来源 源, 转自 转, 原载 载, 编辑 编, 编审 审, 供稿 稿, 文/ /, …): none, no credit.
# Labels only count in a credit run of at most _CREDIT_RUN characters closing the line.
# (_may_hold_credits tests these marks inline; a test checks the two agree.)
_CREDIT_RUN = 160
_CREDIT_MARKS = ("源", "转", "载", "作者", "撰", "文字", "编", "审", "监", "稿", "记者", "通讯员", "/", "／")
_EDITOR_ONLY = re.compile("^(?:" + "|".join(EDITOR_ROLES) + ")")


@dataclass
class CitedSource:
    """An outlet the text cites as its source (`据《读卖新闻》7月21日报道`), with its date."""

    outlet: str
    date: dt.date | None = None


@dataclass
class Byline:
    """The credit fields of one article and where their lines sit in the text."""

    # The outlet whose dateline or reporters' credit the text carries (新华社, 澎湃新闻), and the
    # one a 来源/转自/原载 line names as where it first appeared; the store credits the article
    # to the second, else the first, as its `original_outlet`.
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    original_outlet: str | None = None
    original_date: dt.date | None = None
    original_place: str | None = None
    cited_sources: list[CitedSource] = field(default_factory=list)
    original_title: str | None = None
    spans: list[tuple[int, int, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of issue #3, dates as ISO strings."""
        return {
            "outlet": self.outlet,
            "authors": list(self.authors),
            "editors": list(self.editors),
            "original_outlet": self.original_outlet,
            "original_date": _iso(self.original_date),
            "cited_sources": [{"outlet": c.outlet, "date": _iso(c.date)} for c in self.cited_sources],
            "original_title": self.original_title,
        }


def _iso(day: dt.date | None) -> str | None:
    """ISO string of a date, or None."""
    return day.isoformat() if day else None


def parse_byline(text: str, context_date: dt.date | None = None) -> Byline:
    """Find the credit lines in `text` and parse them into a Byline."""
    # Ten inline `in` tests (memchr speed) instead of a generator, which resumes a Python frame
    # for every digit.
    full_digits = (
        "０" in text or "１" in text or "２" in text or "３" in text or "４" in text
        or "５" in text or "６" in text or "７" in text or "８" in text or "９" in text
    )
    return parse_normalized_byline(text.translate(_DIGITS) if full_digits else text, context_date)


def parse_normalized_byline(text: str, context_date: dt.date | None = None) -> Byline:
    """parse_byline for a text whose digits are all ASCII, as normalize() leaves them.

    analyze() has normalised its text, so the ten scans for full-width digits are spared.
    """
    parser = _Parser(context_date, _may_hold_credits(text, whole=True))
    lines = text.split("\n")
    first, last = 0, len(lines) - 1
    while last > 0 and not lines[last].strip():
        last -= 1
    while first < last and not lines[first].strip():
        first += 1
    offset = 0
    for number, line in enumerate(lines):
        # The last line closes a text only if some line comes before it.
        parser.line(line, offset, trailing=number == last > first)
        offset += len(line) + 1
    fill_in(parser.byline, text, context_date)
    return parser.result()


def strip_credits(text: str, byline: Byline | None = None) -> str:
    """`text` without credit lines, bylines, datelines, editor lines and photo captions.

    `byline`: what parse_byline already found in this very `text` (ingest has it from
    analyze()), so the text is not parsed a second time. A context date changes only the
    dates the byline reads, never where its credits sit.
    """
    if byline is None:
        byline = parse_byline(text)
    spans = [s for s in byline.spans if s[2] != "cited"]
    if not spans:
        return text
    pieces, last = [], 0
    for start, end, _ in sorted(spans):
        if start >= last:
            pieces.append(text[last:start])
            last = end
        else:
            last = max(last, end)
    pieces.append(text[last:])
    lines = (line.strip() for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _may_hold_credits(rest: str, whole: bool = False) -> bool:
    """A cheap screen for _credit_only and _tail: is there a role or a label where it counts?

    `whole`: whether any line of the whole text `rest` may hold one.
    """
    # _LEAD_PEOPLE lines may run long but name 记者 or 通讯员; a label sits in the closing run.
    # Inline `in` tests of single characters run at memchr speed; a generator or a regex costs
    # several times more, and so does a two-character `in`, which therefore only runs once a
    # rarer character of it (者, 讯) is found.
    if ("者" in rest and "记者" in rest) or ("讯" in rest and "通讯员" in rest):
        return True
    run = rest[-_CREDIT_RUN:] if len(rest) > _CREDIT_RUN and not whole else rest
    return (
        "源" in run or "转" in run or "载" in run or "撰" in run or "编" in run or "审" in run
        or "监" in run or "稿" in run or "/" in run or "／" in run
        or ("者" in run and "作者" in run) or ("字" in run and "文字" in run)
    )


def is_photo_caption(line: str) -> bool:
    """True for a photo caption: `图为…`, or a line that ends with its photo credit."""
    # Captions end with their credit: searching the tail keeps this cheap on long paragraphs.
    tail = line[-40:]
    if (line[-1] in _CAPTION_LAST or "图" in tail) and _CAPTION_CREDIT.search(tail):
        return True
    return line[0] in _CAPTION_FIRST and _CAPTION_LEAD.match(line) is not None


class _Parser:
    """Accumulates credits line by line; each _line_* method handles one convention."""

    def __init__(self, context: dt.date | None, credit_marks: bool = True) -> None:
        self.context = context
        self.byline = Byline()
        self.credit_marks = credit_marks  # False: the text holds no credit mark, so no line does

    def result(self) -> Byline:
        """The Byline with spans in text order."""
        self.byline.spans.sort()
        return self.byline

    def line(self, line: str, offset: int, trailing: bool = False) -> None:
        """Parse one paragraph starting at `offset` in the text; `trailing`: the text's last."""
        stripped = line.strip()
        if not stripped:
            return
        first, last = stripped[0], stripped[-1]
        # A lead opens with one of _LEAD_FIRST or is a dateline, which names 电, 讯 or 消息.
        # (A test for one character is cheaper than one for two: 息 screens 消息.)
        lead = (
            first in _LEAD_FIRST or "电" in stripped or "讯" in stripped
            or ("息" in stripped and "消息" in stripped)
        )
        credits = self.credit_marks and _may_hold_credits(stripped)
        # Every convention handled below needs one of these marks; many prose lines have none,
        # and this handful of `in` tests is all they cost.
        if not (
            lead or credits or first in _CAPTION_FIRST or last in _CAPTION_LAST or "图" in stripped
            or "（" in stripped or "(" in stripped or "据" in stripped
            or "完" in stripped or ("e" in stripped and "end" in stripped)
        ):
            return
        base = offset if stripped is line else offset + line.index(first)
        if is_photo_caption(stripped):
            self._span(base, base + len(stripped), "caption")
            return
        head = self._lead(stripped, base) if lead else 0
        rest = stripped[head:]
        if not credits or (head and not _may_hold_credits(rest)):
            tail: int | None = None
        elif self._credit_only(rest):
            tail = 0
        else:
            tail = self._tail(rest) if _LABEL_WORD.search(rest) else None
        if tail is not None:
            self._fields(rest[tail:])
            self._span(base + head + tail, base + len(stripped), _kind_of_credit(rest[tail:]))
            rest = rest[:tail]
        if "（" in rest or "(" in rest:
            self._parens(rest, base + head, trailing)
        if "据" in rest:
            self._cited(rest)
        if "完" in stripped or ("e" in stripped and "end" in stripped):
            for match in _END_MARK.finditer(stripped):
                self._span(base + match.start(), base + match.end(), "end")

    def _tail(self, rest: str) -> int | None:
        """Where a run of credits closing a prose line starts, or None."""
        for match in _TAIL_START.finditer(rest):
            head, candidate = rest[: match.start()], rest[match.start() :]
            if len(re.findall(r"[（(]", head)) > len(re.findall(r"[）)]", head)):
                continue  # inside brackets: the bracket as a whole is handled by _parens
            if len(candidate) <= _CREDIT_RUN and self._credit_only(candidate):
                return match.start()
        return None

    def _lead(self, line: str, base: int) -> int:
        """Handle credits at the start of a paragraph; return how many characters they take."""
        pos = 0
        for _ in range(3):  # a lead may stack: 原标题 … then 【文/…】 then a dateline
            # Each kind of lead opens with its own characters; testing them here saves a call.
            head = line[pos : pos + 1]
            step = (
                (head in ("原", "本") and self._original_title(line, pos, base))
                or (head in ("来", "转", "本") and self._source_lead(line, pos, base))
                or (head in ("【", "[") and self._bracket(line, pos, base))
                or self._dateline(line, pos, base)
            )
            if not step:
                break
            pos = step
        return pos

    def _original_title(self, line: str, pos: int, base: int) -> int:
        match = _ORIGINAL_TITLE.match(line, pos)
        if not match:
            return 0
        end = match.end()
        for space in re.finditer(r"\s+", match.group("title")):
            start = match.start("title") + space.end()
            if _DATELINE.match(line, start) or _SOURCE_LEAD.match(line, start):
                end = match.start("title") + space.start()
                break
        end = _title_end(line, match.start("title"), end)
        if end is None:
            # The story runs on with no telling where its title ends: drop the label only.
            self._span(base + pos, base + match.start("title"), "original_title")
            return match.start("title")
        self.byline.original_title = self.byline.original_title or line[match.start("title") : end]
        self._span(base + pos, base + end, "original_title")
        return end + len(line[end:]) - len(line[end:].lstrip())

    def _source_lead(self, line: str, pos: int, base: int) -> int:
        match = _SOURCE_LEAD.match(line, pos)
        if not match or _FIELD.search(line, match.end()):
            return 0
        self.byline.original_outlet = self.byline.original_outlet or match.group("name")
        self._span(base + pos, base + match.end(), "source")
        return match.end()

    def _bracket(self, line: str, pos: int, base: int) -> int:
        match = _BRACKET_BYLINE.match(line, pos)
        if not match:
            match = _BRACKET_OUTLET.match(line, pos)
            if match:
                self._set_outlet(match.group("outlet"))
                self._span(base + pos, base + match.end(), "byline")
            return match.end() if match else 0
        body = re.sub(r"^(?:文|作者|撰文)\s*[/／:：]\s*", "", match.group("body"))
        tokens = body.split()
        if tokens and _is_outlet(tokens[0]):
            self._set_outlet(tokens[0])
            body = " ".join(tokens[1:])
        self._people(body)
        self._span(base + pos, base + match.end(), "byline")
        return match.end()

    def _dateline(self, line: str, pos: int, base: int) -> int:
        # Every dateline holds 电, 讯 or 消息; most prose lines hold none and skip the regex.
        # (`in` tests the whole line, a cheaper and looser screen than `find` from pos.)
        if "电" not in line and "讯" not in line and ("息" not in line or "消息" not in line):
            return 0
        if _DATELINE_HEAD.search(line, pos, pos + 18) is None:
            return 0
        wrapped = _WRAPPED_DATELINE.match(line, pos) if line[pos : pos + 1] in "（(" else None
        match = wrapped or _DATELINE.match(line, pos)
        if not match:
            return 0
        if wrapped:
            self._set_outlet(wrapped.group("outlet"))
        else:
            # One call for all the groups: each `group()` call has a fixed cost far above a dict
            # lookup.
            outlet, year, month, day, place, who, who_b, who_p = match.group(
                "outlet", "y", "m", "d", "place", "who", "who_b", "who_p"
            )
            self._set_outlet(outlet)
            if day:
                self._set_date(year, month, day)
            if place and not self.byline.original_place:
                self.byline.original_place = place
            who = who or who_b or who_p
            if who:
                self._people(who)
        self._span(base + pos, base + match.end(), "dateline")
        return match.end()

    def _credit_only(self, rest: str) -> bool:
        """True when a line (after its lead) is nothing but credits: `来源：X 作者：Y`."""
        if not rest:
            return False
        rest = _DECORATION.sub("", rest)
        if _LEAD_PEOPLE.match(rest) or _OUTLET_PEOPLE.match(rest):
            return True
        return (
            bool(_FIELD.match(rest)) and len(rest) <= _CREDIT_RUN and not re.search(r"[。！？]", rest)
        )

    def _fields(self, line: str) -> None:
        """Parse `label：value` pairs of a credit-only line."""
        line = _DECORATION.sub("", line)
        named = _OUTLET_PEOPLE.match(line)
        if named:
            self._set_outlet(named.group("outlet"))
            self._people("记者：" + named.group("names"))
            return
        marks = list(_FIELD.finditer(line))
        if not marks:
            self._people(line)
            return
        for here, nxt in zip(marks, [*marks[1:], None], strict=True):
            value = line[here.end() : nxt.start() if nxt else len(line)]
            self._field(here.group("label"), value.strip(" |｜（）()[]【】◆▍?？-—"))

    def _field(self, label: str, value: str) -> None:
        """Store one labelled credit value."""
        if not value:
            return
        if label.endswith(("来源", "转自", "转载自", "原载")):
            value = re.sub(r"^(?:微信)?公众号\s*", "", value)
            # A portal's `返回搜狐，查看更多` is glued to the last credit of a page it copied.
            name = re.split(r"[\s|｜，,。；;、（(▍◆]|返回搜狐", value)[0].strip("“”\"《》")
            if name and not self.byline.original_outlet:
                self.byline.original_outlet = name
        elif label in EDITOR_ROLES:
            names = split_names(re.sub(r"[_（(].*$", "", value), strict=False)
            if len(names) == 1 and len(names[0]) > 3 and is_chinese_personal_name(names[0][:3]):
                # A name glued to what the page prints next: `张广义北斗`, `王敏蓉微信搜索`.
                names = names_at(names[0], 0)[0][:1] or names
            self._add(self.byline.editors, names)
        else:
            self._people(f"{label}：{value}")

    def _parens(self, line: str, base: int, trailing: bool = False) -> None:
        """Credits in brackets inside prose: （记者 X）, （编辑 X）, (来源:X), a closing （X、Y）.

        `trailing`: the line closes the text, so a line that is only `（X Y）` names its authors.
        """
        for match in _PAREN.finditer(line):
            body = match.group("body").strip()
            kind = ""
            if "贡献" in body and _CONTRIBUTION.search(body):
                kind = "byline"  # a helper's note: a credit, but not an author of the story
            elif body[:1] in _FIELD_FIRST and _FIELD.match(body):
                self._fields(body)
                kind = _kind_of_credit(body)
            elif (
                "记者" in body or "通讯员" in body or "编辑" in body or "实习生" in body
            ) and _PAREN_ROLE.search(body):
                self._people(body)
                kind = "editor" if body.startswith("编辑") else "byline"
            elif _TRAILING_PARENS.match(line, match.end()):
                before = line[: match.start()].rstrip()
                # After a sentence: （X、Y） names its authors. On a line of its own at the end of
                # the text only names that look like people count: not (完), (图), (视频).
                alone = trailing and not before
                if before[-1:] in _SENTENCE_END or alone:
                    names = split_names(body)
                    if (
                        names
                        and len(" ".join(names)) >= len(body.replace("、", " ")) - 1
                        and (not alone or all(map(is_chinese_personal_name, names)))
                    ):
                        self._add(self.byline.authors, names)
                        kind = "byline"
            if kind:
                self._span(base + match.start(), base + match.end(), kind)

    def _cited(self, line: str) -> None:
        """Record `据《读卖新闻》7月21日报道`-style citations."""
        for match in _CITED.finditer(line):
            outlet = match.group("book") or match.group("org")
            if not outlet or outlet.endswith(("媒体", "外媒")):
                continue
            when = match.group("when") or match.group("when2")
            day = _date_in(when, self.context) if when else None
            if all(c.outlet != outlet for c in self.byline.cited_sources):
                self.byline.cited_sources.append(CitedSource(outlet, day))

    def _people(self, text: str) -> None:
        authors, editors = _people_in(text)
        if authors:
            self._add(self.byline.authors, authors)
        if editors:
            self._add(self.byline.editors, editors)

    def _set_outlet(self, outlet: str) -> None:
        outlet = outlet.strip()
        if "本报" in outlet or self.byline.outlet:
            return
        self.byline.outlet = outlet

    def _set_date(self, year: str | None, month: str | None, day: str) -> None:
        if self.byline.original_date is None:
            self.byline.original_date = resolve_date(
                int(year) if year else None, int(month) if month else None, int(day), self.context
            )

    def _span(self, start: int, end: int, kind: str) -> None:
        if end > start:
            self.byline.spans.append((start, end, kind))

    @staticmethod
    def _add(target: list[str], names: Iterable[str]) -> None:
        target.extend(n for n in names if n not in target)


_DATE_RE = re.compile(_DATE)


@lru_cache(maxsize=8192)
def _people_in(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """parse_people, remembered: the same reporters and desks sign story after story."""
    authors, editors = parse_people(text)
    return tuple(authors), tuple(editors)


def _date_in(text: str, context: dt.date | None) -> dt.date | None:
    """The date written in a citation phrase, resolved against the article's date."""
    match = _DATE_RE.search(text)
    if not match:
        return None
    year, month = match.group("y"), match.group("m")
    return resolve_date(
        int(year) if year else None, int(month) if month else None, int(match.group("d")), context
    )


def _title_end(line: str, start: int, end: int) -> int | None:
    """Where a title found at line[start:end] really ends, when the story follows on its line.

    Headlines carry no 。, so a 。 means body text: the title ends at the last space before it
    (titles may hold spaces themselves), or is unknown (None) if there is no space.
    """
    stop = line.find("。", start, end)
    if stop < 0:
        return end
    spaces = [m.start() for m in re.finditer(r"\s+", line[start:stop])]
    return start + spaces[-1] if spaces else None


def _is_outlet(token: str) -> bool:
    """True for a token that names an outlet (观察者网, 新京报) rather than a person."""
    return bool(re.fullmatch(_OUTLET, token)) and len(token) >= 2


def _kind_of_credit(text: str) -> str:
    """The span kind of a credit-only line: editor, source or byline."""
    if _EDITOR_ONLY.match(text):
        return "editor"
    if re.match(r"(?:本文|文章|稿件)?(?:来源|转自|转载自|原载)", text):
        return "source"
    return "byline"


__all__ = ["Byline", "CitedSource", "parse_byline", "strip_credits"]
