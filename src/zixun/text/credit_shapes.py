"""Credits found by their shape where the line-by-line parser (byline.py) finds none.

The line parser reads credits that open or close a paragraph. Many texts hide them: a title glued
to the body (`…季后赛复出新浪体育讯北京时间…`, `…飘红新报讯【记者 王伟】…`), a byline without
brackets (`□本报记者 李良 王妮娜记者从…`), a credit closing the story (`（新浪体育 张海彦 发自休斯
敦）`, `…吗？晶报记者 高志明`, `方翔/文`), a wire dateline with a desk word (`新华社南京3月27日
专电`). `fill_in` looks for these near the start and the end of a text and fills only the fields
the line parser left empty, so what it reads stays as it was.
"""

from __future__ import annotations

import datetime as dt
import re

from zixun.text.names import is_chinese_personal_name, names_at, resolve_date
from zixun.text.outlets import (
    gazetteer,
    has_outlet_shape,
    outlet_ending,
    outlet_opening,
    trim_glued,
)

HEAD = 170  # a glued title (≤ 60 characters) and an opener or byline fit in it
TAIL = 120
_NAME_RUN = r"[\u4e00-\u9fffA-Za-z0-9·]"
# An opener's mark, with the date before it: `8月7日电`, `8 月 12 日消息`, `专电`, `讯`.
_MARK = re.compile(
    r"(?P<date>(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"\s*(?:[早午晚]间|[上下]午)?\s*)?"
    r"(?P<kind>(?:新媒体|体育|经济)?专电|电(?![\u4e00-\u9fff])|电(?=[（(【\s])|快讯|讯(?!员|息|号|录)|消息)"
)
_PAREN_IN_NAME = re.compile(r"[（(][^（）()\n]{1,10}[）)]")
# A place between an outlet and its date: a few characters of a name, no prose.
_PLACE = re.compile(r"[\u4e00-\u9fff]{0,8}")
_PROSE_IN_PLACE = frozenset("的了是在从对向和与被给把将就也还又刚已称说据时间")
# The reporters after an opener: in brackets, or a plain run of roles and names.
_WHO = re.compile(r"\s*(?:[（(【\[](?P<who>[^（）()【】\[\]\n]{1,60})[）)】\]]|(?P<plain>\s*(?:记者|通讯员|实习生)))")
_ROLE = re.compile(
    r"(?:本报|本台|本网|本刊)?(?:驻[\u4e00-\u9fff]{1,6})?"
    r"(?:首席|全媒体|融媒体|新媒体|见习|实习|特约|特派)?(?P<role>记者|通讯员|实习生|作者)"
)
_MARKERS = "○□⊙●◎■◆▲"
_SENTENCE_END = ("", "。", "！", "？", "”", "…")
_BOUNDARY = " \u3000\t\n，。！？；：、,.!?;:|｜（）()【】[]“”\"'《》/／-—" + _MARKERS
_OWN_UNIT = ("本报", "本台", "本网", "本刊")
_SLASH_AFTER = re.compile(r"(?P<names>[\u4e00-\u9fffA-Za-z]{2,12}(?:\s+[\u4e00-\u9fff]{2,3})?)\s*[/／]\s*文")
_SLASH_BEFORE = re.compile(r"(?<![\u4e00-\u9fff])文\s*[/／]\s*(?:图\s*|表\s*)?")
_CLOSING_BRACKET = re.compile(
    r"[（(](?P<body>[^（）()\n]{2,40}?)\s*(?P<end>发自[\u4e00-\u9fff]{1,8}|前方报道|报道)?[）)]"
)
# A source label where a name starts: not 资金来源, 图片来源, 封面来源, nor 请注明来源.
_SOURCE_LABEL = re.compile(
    r"(?<![\u4e00-\u9fff])(?:本文|文章|文章内容|内容|图文|稿件)?"
    r"(?:来源于|来源|转自|转载自)\s*[:：]?\s*[【\[]?(?:(?:微信)?公众号\s*)?(?P<name>[^\s，。,:：；;/／|｜▍◆】\]（）()]{2,30})"
)
_SOURCE_NAME_END = re.compile(r"版权|返回搜狐|制作|如有|等[\u4e00-\u9fff]?$|，")
_ROLE_WORD = re.compile(r"作者|责任编辑|编辑|记者|通讯员|撰文")
_NOT_SOURCES = frozenset(["网络", "网友", "互联网", "网络图片", "视觉中国", "图虫创意", "微博", "受访者"])
_UNIT_WORD = re.compile(r"台|中心|部|办|室|局|院|公司|集团|网|报|社|团队|小组")
_EDITOR_LABEL = re.compile(r"(?<![总主])(?:责任编辑|责编|编辑)\s*[:：]\s*")
_AUTHOR_LABEL = re.compile(r"(?:作者|撰文)\s*[:：]\s*")
_LEADING_JUNK = re.compile(r"^[^\u4e00-\u9fffA-Za-z0-9（(]+")
_SOURCE_WITHOUT_COLON = re.compile(r"(?:^|(?<=[。！？\s]))来源\s*(?P<name>[\u4e00-\u9fff]{2,14})$")


def fill_in(byline, text: str, context: dt.date | None) -> None:
    """Add to `byline` the credits found by shape that the line parser left out."""
    head = text[:HEAD]
    glued = byline.outlet if byline.outlet and len(byline.outlet) > 6 else None
    if glued and glued not in gazetteer():
        byline.outlet = None  # read off a line whose title is glued to the outlet
    if byline.outlet is None and ("电" in head or "讯" in head or "消息" in head):
        _opener(byline, head, context)
    if glued and byline.outlet is None:
        byline.outlet = trim_glued(glued)
    if not byline.authors and (
        "记者" in head or "通讯员" in head or "作者" in head or "/" in head or "／" in head
    ):
        _head_reporters(byline, head)
    tail = text[-TAIL:].rstrip()
    # A text whose last sentence closes it has no credit after that sentence: most texts.
    if (not byline.authors or byline.outlet is None) and tail[-1:] not in _SENTENCE_END:
        _tail_reporters(byline, tail)
    if byline.original_outlet is None and ("）" in tail[-8:] or ")" in tail[-8:] or "来源" in tail):
        _closing_outlet(byline, tail.rstrip())
    if byline.original_outlet is None:
        for region in (head, tail):
            labelled = ("源" in region and "来源" in region) or (
                "转" in region and ("转自" in region or "转载" in region)
            )
            if labelled and _source_anywhere(byline, region):
                break
    if "编" in tail and not byline.editors:
        _labelled_people(byline.editors, _EDITOR_LABEL, tail)
    if "作者" in tail and not byline.authors:
        _labelled_people(byline.authors, _AUTHOR_LABEL, tail)


def _opener(byline, head: str, context: dt.date | None) -> None:
    """A dateline or an opener anywhere in the head: `新浪体育讯`, `…中新网(微博)8月24日电`."""
    for mark in _MARK.finditer(head):
        # `中新网(微博)北京…电`, `荆楚网（湖北日报网）讯`: a note in brackets after the outlet.
        before = _PAREN_IN_NAME.sub("", head[max(0, mark.start() - 40) : mark.start()]).rstrip()
        run_match = re.search(rf"{_NAME_RUN}{{1,24}}$", before)
        if not run_match:
            continue
        run = run_match.group()
        if run.startswith(("据", "另据", "援引")) or before[run_match.start() - 1 : run_match.start()] == "据":
            continue  # a cited source, not this text's opener
        at_head = run_match.start() == 0 and mark.start() <= 40
        bounded = at_head or (run_match.start() > 0 and before[run_match.start() - 1] in _BOUNDARY)
        at_start = (
            at_head and mark.start() == len(run) and not any(unit in run for unit in _OWN_UNIT)
            and head[mark.end() : mark.end() + 1] in " \u3000（(【"
        )
        found = _outlet_and_place(
            run, bounded, dated=mark.group("date") is not None, kind=mark.group("kind"), at_start=at_start
        )
        if found is None:
            continue
        outlet, person = found
        if outlet:
            byline.outlet = outlet
        if mark.group("d") and byline.original_date is None:
            y, m = mark.group("y"), mark.group("m")
            byline.original_date = resolve_date(int(y) if y else None, int(m), int(mark.group("d")), context)
        if person:
            _add(byline.authors, [person])
        who = _WHO.match(head, mark.end())
        if who and not byline.authors:
            body = who.group("who")
            if body is not None:
                _add(byline.authors, _people(body))
            else:
                _more_people(byline, head, who.start("plain"))
        return


def _outlet_and_place(
    run: str, bounded: bool, dated: bool, kind: str, at_start: bool = False
) -> tuple[str | None, str | None] | None:
    """(outlet, a reporter named before 讯) for the run before an opener's mark, or None."""
    if dated or kind.endswith("专电"):
        # An outlet, then perhaps a place: 中新网天津 | 本报北京 | …变革中新网.
        known = gazetteer()
        for start in range(len(run) - 1):
            if run.startswith(_OWN_UNIT, start):
                if _is_place(run[start + 2 :]):
                    return None, None
                continue
            for end in range(min(len(run), start + 12), start + 1, -1):
                if run[start:end] in known and _is_place(run[end:]):
                    return run[start:end], None
        opening = outlet_opening(run, True) if bounded else None
        if opening and _is_place(opening[1]):
            return opening[0], None
        if dated and bounded and _is_place(run) and kind in ("讯", "电"):
            return None, None  # `5月31日曲阜讯`: a place and a date, no outlet
        return None
    if kind == "电":
        return None  # an undated 电 is left to the line parser (本报丽水电)
    outlet = outlet_ending(run, bounded)
    if outlet:
        return outlet, None
    if at_start and kind == "讯" and 2 <= len(run) <= 4 and not _PROSE_IN_PLACE.intersection(run):
        return run, None  # `南都讯 记者…` opening the text: a short name of any shape
    if kind == "讯":
        # `某某家居张三讯`: an outlet and its reporter.
        for size in (3, 2):
            person = run[-size:]
            outlet = outlet_ending(run[:-size], bounded) if len(run) > size + 1 else None
            if outlet and names_at(person, 0)[0] == [person]:
                return outlet, person
    return None


def _is_place(text: str) -> bool:
    return len(text) <= 8 and _PLACE.fullmatch(text) is not None and not _PROSE_IN_PLACE.intersection(text)


def _head_reporters(byline, head: str) -> None:
    """A byline in the head without brackets: `□本报记者 李良 王妮娜`, `晚报记者 曾索狄 报道`."""
    for role in _ROLE.finditer(head):
        start = role.start()
        before = head[:start]
        # Where the credit starts: a marker (□⊙), the paragraph's start or a space is strong;
        # a punctuation mark only if the names end cleanly.
        strong = start == 0 or before[-1] in _MARKERS or before[-1] in " \u3000\n"
        marked = strong or before[-1] in _BOUNDARY
        own = role.group().startswith(_OWN_UNIT)
        spaced = head[role.end() : role.end() + 1] in (" ", "\u3000")
        outlet = None
        if not own and not marked:
            run = re.search(rf"{_NAME_RUN}{{2,16}}$", before)
            if run:
                bounded = run.start() == 0 or before[run.start() - 1] in _BOUNDARY
                outlet = outlet_ending(run.group(), bounded)
            if outlet is None and not spaced:
                continue  # `河南台都市频道记者，`, `刚从…记者`: no outlet, no credit
        if own and not (marked or spaced):
            continue  # `找到本报记者谈及此愿`: prose about a reporter
        names, end = names_at(head, role.end(), after_role=True)
        if not names or head[end : end + 1] in ("摄", "图"):
            continue  # no name, or a photographer
        glued = end < len(head) and head[end] not in _BOUNDARY and not head.startswith(
            ("报道", "发自", "本报", "记者", "通讯员", "实习生", "/", "／"), end
        )
        if glued and not (strong or own or outlet or spaced):
            continue  # `，记者罗马诺消息`: a name run into prose after a comma
        if outlet and byline.outlet is None:
            byline.outlet = outlet
        _add(byline.authors, names)
        _more_people(byline, head, end)
        return
    for line in head.split("\n")[1:3]:
        names, end = names_at(line.strip(), 0)
        if names and end == len(line.strip()) and all(map(is_chinese_personal_name, names)):
            _add(byline.authors, names)  # the writer's name on a line of its own under the title
            return
    after = _SLASH_AFTER.match(head)
    if after:  # `张三/文` opening the text
        _add(byline.authors, names_at(after.group("names"), 0)[0])
        return
    slash = _SLASH_BEFORE.search(head)
    if slash:
        _add(byline.authors, _people(head[slash.end() : slash.end() + 30], first_only=True))


def _tail_reporters(byline, tail: str) -> None:
    """A credit closing the story: `（新浪体育 张海彦 发自休斯敦）`, `晶报记者 高志明`, `方翔/文`."""
    stripped = tail.rstrip()
    for match in _CLOSING_BRACKET.finditer(stripped):
        if match.end() < len(stripped) - 12:
            continue
        tokens = match.group("body").split()
        role_after_outlet = len(tokens) > 2 and _ROLE.fullmatch(tokens[1]) is not None
        if role_after_outlet and byline.outlet is None and has_outlet_shape(tokens[0]):
            byline.outlet = tokens[0]  # `（中国文化报 记者 陈关超）`
        if byline.authors:
            return
        if match.group("end") and tokens:
            if len(tokens) > 1 and (has_outlet_shape(tokens[0]) or tokens[0] in gazetteer()):
                if byline.outlet is None:
                    byline.outlet = tokens[0]
                tokens = tokens[1:]
            _add(byline.authors, _people(" ".join(tokens)))
            return
    # After the last sentence: `…吗？晶报记者 高志明`, `…。本报见习记者刘帅`.
    if byline.authors:
        return
    last = max(stripped.rfind(c) for c in "。！？”")
    closing = stripped[last + 1 :] if last >= 0 else ""
    closing = re.sub(r"\s*[（(](?:来源|稿件来源)[^（）()]*[）)]\s*$", "", closing)
    closing = _LEADING_JUNK.sub("", closing)  # spaces, marks, a damaged page's private-use signs
    if not closing or len(closing) > 40:
        return
    slash = _SLASH_AFTER.search(closing)
    if slash and slash.start() == 0:
        _add(byline.authors, names_at(slash.group("names"), 0)[0] or [slash.group("names")])
        return
    role = _ROLE.search(closing)
    if role:
        before = closing[: role.start()].strip()
        own = role.group().startswith(_OWN_UNIT)
        outlet = None
        if before and not own:
            first = re.split(r"[、，,\s]", before)[0]
            outlet = outlet_ending(first, True)
            if outlet is None and first == before and 2 <= len(first) <= 4 and not _PROSE_IN_PLACE.intersection(first):
                outlet = first  # `每经记者 李娜` alone after the last sentence: a short name
            if outlet is None:
                return
        elif before:
            return
        names, end = names_at(closing, role.end(), after_role=True)
        if names and not closing[end:].strip(" /／文摄图整理报道"):
            if outlet and byline.outlet is None:
                byline.outlet = outlet
            _add(byline.authors, names)
            _more_people(byline, closing, end)
        elif names:
            _add(byline.authors, names)
            _more_people(byline, closing, end)
        return
    names, end = names_at(closing, 0)
    if names and not closing[end:].strip() and all(map(is_chinese_personal_name, names)):
        _add(byline.authors, names)


def _more_people(byline, text: str, pos: int) -> None:
    """Names under further roles right after a credit: `… 实习生 孟芷伊 通讯员 王五`."""
    while True:
        role = _ROLE.match(text, pos + len(text[pos:]) - len(text[pos:].lstrip()))
        if not role or role.group("role") == "作者":
            return
        names, end = names_at(text, role.end(), after_role=True)
        if not names:
            return
        _add(byline.authors, names)
        pos = end


def _people(body: str, first_only: bool = False) -> list[str]:
    """The writers in a credit such as `记者 王某 某电台李四 通讯员 王五` (not photographers)."""
    found: list[str] = []
    pos = 0
    body = re.sub(r"[\u4e00-\u9fff]{0,8}(?:摄影|摄|图)$", "", body.strip())
    while pos < len(body):
        role = _ROLE.match(body, pos)
        if role:
            pos = role.end()
        unit = re.match(rf"{_NAME_RUN}{{2,12}}?(?:{'|'.join(('电台', '电视台', '报', '网', '社', '台'))})(?=记者|{_NAME_RUN})", body[pos:])
        if unit and has_outlet_shape(unit.group()):
            pos += unit.end()
            continue
        names, end = names_at(body, pos, after_role=True)
        if not names:
            nxt = re.search(r"[\s、，,/／]+", body[pos:])
            if not nxt:
                break
            pos += nxt.end()
            continue
        found.extend(names)
        if first_only:
            break
        pos = end
    return found


def _closing_outlet(byline, tail: str) -> None:
    """An outlet closing the text by itself: `（中国证券报）`, `来源河北日报`."""
    match = re.search(r"[（(](?P<name>[^（）()\s]{2,14})[）)](?:\s*[（(]完[）)])?$", tail)
    # `（特稿·新华国际客户端）` names a desk's column, not where the text came from.
    if match and has_outlet_shape(match.group("name")) and "·" not in match.group("name"):
        byline.original_outlet = match.group("name")
        return
    source = _SOURCE_WITHOUT_COLON.search(tail)
    if source and has_outlet_shape(source.group("name")):
        byline.original_outlet = source.group("name")


def _source_anywhere(byline, region: str) -> bool:
    """A source label inside a run of prose or credits: `本文转自【江西公安】；`, `▍图文来源：玉林交警▍`."""
    for match in _SOURCE_LABEL.finditer(region):
        name = _SOURCE_NAME_END.split(match.group("name"))[0]
        if 2 <= len(name) <= 14 and name not in _NOT_SOURCES and not _ROLE_WORD.match(name):
            byline.original_outlet = name
            return True
    return False


def _labelled_people(target: list[str], label: re.Pattern[str], region: str) -> None:
    """Names after a label glued into a run: `作者：占悦编辑：刘力源*文汇…`, `编辑：冷兵丨审校`."""
    for match in label.finditer(region):
        run = re.match(r"[\u4e00-\u9fff]*", region[match.end() :]).group()
        if _UNIT_WORD.search(run):
            continue  # `编辑：项城广播电视台新媒体中心`, `编辑：办公室`: a desk, not a person
        names, _ = names_at(region, match.end())
        if not names and label is _EDITOR_LABEL:
            # Editors often sign a pen name: taken when it closes the text by itself.
            alone = re.fullmatch(r"[\u4e00-\u9fff]{2,4}", region[match.end() :].rstrip())
            names = [alone.group()] if alone else []
        if names:
            _add(target, names)
            return


def _add(target: list[str], names: list[str]) -> None:
    target.extend(n for n in names if n not in target)
