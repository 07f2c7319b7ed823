"""People and dates inside credit lines: role words, concatenated names, month-day dates."""

from __future__ import annotations

import datetime as dt
import re

# Role words in credit lines, longest first so 特约通讯员 wins over 通讯员.
WRITER_ROLES = (
    "文/图", "图/文", "文/摄", "文字", "本报记者", "特约通讯员", "特约记者", "见习记者", "实习记者", "首席记者", "融媒记者",
    "全媒体记者", "新媒体记者", "记者", "通讯员", "实习生", "撰文", "作者", "文",
)
PHOTO_ROLES = ("摄影记者", "摄影", "图片", "摄像", "视频", "图", "摄", "制图", "美编")
EDITOR_ROLES = ("责任编辑", "本期编辑", "值班编辑", "实习编辑", "编辑", "责编")
OTHER_ROLES = (
    "审核", "监制", "校对", "校稿", "整理", "编译", "统筹", "策划", "供稿", "主编", "副主编", "总编辑",
    "编审", "网编审核", "主播", "小编",
)
# `东升/编译`: a name followed by its (non-writing) role.
_NAME_THEN_ROLE = re.compile(r"[\u4e00-\u9fff]{2,4}\s*[/／]\s*(?:编译|整理|供稿|摄影?)")
# What pages print where a name should be: never a person, nor an outlet.
PLACEHOLDER_NAMES = frozenset(
    ["未知", "佚名", "不详", "匿名", "网络", "本站", "本网", "小编", "admin", "原创", "综合", "编辑部", "记者"]
)
_MULTI_ROLES = sorted(
    (r for r in (*WRITER_ROLES, *PHOTO_ROLES, *EDITOR_ROLES, *OTHER_ROLES) if len(r) > 1),
    key=len,
    reverse=True,
)
# One-character roles (文/ 图/ 摄:) need their slash or colon: 文 and 图 also start names.
_ROLE_RE = re.compile(
    "(" + "|".join(_MULTI_ROLES) + r")\s*[:：/／]?\s*|([文图摄])\s*[:：/／]\s*"
)
_SPLIT = re.compile(r"[\s、,，;；/／|｜◆▍?？丨*]+")
# The separators of a list of names printed as a page labels them: 叨叨姐、胡一刀&李小飞刀.
_SPLIT_PRINTED = re.compile(r"[、，,&/;；\s]+|\band\b|和")
# Suffixes glued to the last name of a credit: 报道, 文/图, 摄.
_TAIL = re.compile(r"(?:报道|文/图|文/摄|图/文|摄影|摄|供稿|整理)$")
_ORG_HINT = re.compile(
    "网|报|社|台|局|院|中心|公司|集团|政府|新闻|联播|频道|团队|部门|委员会|大队|支队|中队|派出所"
    "|法院|检察|公安|学校|大学|学院|单位|客户端|在线|微信|官方|县|市|省|区|镇|乡|村|站|办"
)
_COMPOUND_SURNAMES = frozenset(
    ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "端木", "独孤", "南宫", "西门", "第五", "万俟", "闻人", "澹台", "申屠", "呼延", "钟离", "赫连"]
)
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥"
    "南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支"
    "卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印"
    "逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
    "萧帅畅达"
)
_LATIN_NAME = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9_.]{2,20}$")
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
# Characters of editorial words that also open with a surname: 全文完, 原标题, 来源, 文图.
_NOT_IN_NAMES = frozenset("完续图文摄题稿源载编辑转视频")
_FOREIGN_NAME = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:[·・][\u4e00-\u9fff]{1,8})+$")


_UNIT_THEN_NAME = re.compile(
    r"[\u4e00-\u9fff]{1,12}?(?:电视台|电台|报|网|社|台)(?:记者)?(?P<name>[\u4e00-\u9fff]{2,3})"
)


def parse_people(text: str) -> tuple[list[str], list[str]]:
    """Split a credit such as `记者 王某 通讯员 李某` into (authors, editors)."""
    authors: list[str] = []
    editors: list[str] = []
    text = _NAME_THEN_ROLE.sub(" ", text)
    role = "记者"
    pos = 0
    for match in _ROLE_RE.finditer(text):
        _assign(text[pos : match.start()], role, authors, editors)
        role, pos = match.group(1) or match.group(2), match.end()
    _assign(text[pos:], role, authors, editors)
    return _unique(authors), _unique(editors)


def _assign(chunk: str, role: str, authors: list[str], editors: list[str]) -> None:
    """Add the names in `chunk` to the list that `role` belongs to."""
    if role in EDITOR_ROLES:
        editors.extend(split_names(chunk, strict=False))
    elif role in WRITER_ROLES:
        authors.extend(split_names(chunk))


def split_names(chunk: str, strict: bool = True, as_printed: bool = False) -> list[str]:
    """Names in a run such as `刘正毅冯雪英` or `黄艳 罗恩华`; organisations are left out.

    Not `strict` (editors, who often sign with a pen name): an unsplittable run stays whole.
    `as_printed` (a field the page labels as its writers: a meta author, `作者：叨叨姐、胡一刀`):
    every item of the list is a name, whatever it looks like; only placeholders are dropped.
    """
    if as_printed:
        items = _SPLIT_PRINTED.split(chunk)
        return [n for n in items if n and n not in PLACEHOLDER_NAMES and len(n) <= 30]
    names: list[str] = []
    for token in _SPLIT.split(chunk.strip()):
        token = _TAIL.sub("", token.strip("()（）[]【】:：“”\"'·"))
        if not token or token in PLACEHOLDER_NAMES:
            continue
        if _ORG_HINT.search(token):
            # A reporter of another unit: `某电台李四`, `解放军报记者付晓辉`.
            unit = _UNIT_THEN_NAME.fullmatch(token)
            if unit and is_chinese_personal_name(unit.group("name")):
                names.append(unit.group("name"))
            continue
        if _FOREIGN_NAME.match(token) or _LATIN_NAME.match(token):
            names.append(token)
        elif re.fullmatch(r"[\u4e00-\u9fff]{2,12}", token):
            glued = _split_glued(token)
            names.extend(glued if glued or strict else [token] if len(token) <= 8 else [])
    return names


def _split_glued(run: str) -> list[str]:
    """Split Han names written without separators, using surnames to find the joins."""
    if len(run) <= 3 or (len(run) == 4 and run[:2] in _COMPOUND_SURNAMES):
        return [run]
    if not _has_surname(run):
        return []
    for size in (3, 2):
        head, rest = run[:size], run[size:]
        if len(rest) >= 2 and _has_surname(rest):
            tail = _split_glued(rest)
            if tail and all(_HAN_NAME.match(n) for n in tail):
                return [head, *tail]
    return [run] if len(run) == 4 else []


# The reporter-name model: a name in a credit is a surname and one or two more characters (three
# with a compound surname), printed alone or spaced out to two columns (`杨 磊`). Where a name is
# glued to the prose after it, its length is read from the character after a two-character name:
# one that often opens prose (`张三尽管…`) ends it.
_NAME_STOP = ("报道", "发自", "记者", "通讯员", "实习生", "整理", "编辑", "摄", "文/", "文／", "/", "／", "前方")
_NAME_BREAK = frozenset(" \u3000\t\n，。！？；：、,.!?;:|｜（）()【】[]“”\"'《》-—○□⊙●◎■◆▲*丨")
_PROSE_START = frozenset("近昨今据在从为由随经自将是对于当前上下这那该有日月年尽虽但而却又也都就已正并")
_NOT_IN_CREDIT_NAMES = frozenset("完图摄题稿源载编辑转视频记者讯电报网社台说称表示获悉了的")
_LATIN_AT = re.compile(r"[A-Za-z][A-Za-z0-9_.]{1,19}")
_HAN = re.compile(r"[\u4e00-\u9fff]+")


def names_at(text: str, pos: int, after_role: bool = False) -> tuple[list[str], int]:
    """The names a credit prints from text[pos] (`李良 王妮娜`, `杨 磊`, `吴昊、段续`) and their end.

    `after_role`: text[pos] follows a role word, so a colon, slash or spaces may come first.
    """
    names: list[str] = []
    i = pos
    if after_role:
        while i < len(text) and text[i] in " \u3000:：/／":
            i += 1
    glued_run = _glued_names(text, i)
    if glued_run:
        return glued_run
    while i < len(text):
        name, end, glued = _name_at(text, i)
        if not name:
            break
        names.append(name)
        i = end
        if glued:
            break
        j = i
        while j < len(text) and text[j] in " \u3000、":
            j += 1
        if j == i or text.startswith(_NAME_STOP, j):
            break
        i = j
    if names:
        return names, i
    return [], pos


_RUN_END = re.compile(r"本报|本台|" + "|".join(_NAME_STOP))


def _glued_names(text: str, i: int) -> tuple[list[str], int] | None:
    """Names printed with nothing between them up to a role or a break: `刘海涛周青莎本报通讯员`."""
    run = _HAN.match(text, i)
    if not run:
        return None
    stop = _RUN_END.search(text, i, run.end())
    end = stop.start() if stop else run.end()
    if not 4 <= end - i <= 9 or (not stop and end < len(text) and text[end] not in _NAME_BREAK):
        return None
    names = _split_glued(text[i:end])
    if len(names) > 1 and all(is_chinese_personal_name(n) for n in names):
        return names, end
    return None


def _name_at(text: str, i: int) -> tuple[str | None, int, bool]:
    """One name at text[i]: (name, end, whether prose is glued right after it)."""
    latin = _LATIN_AT.match(text, i)
    if latin and (latin.end() == len(text) or text[latin.end()] in _NAME_BREAK or text.startswith(_NAME_STOP, latin.end())):
        return latin.group(), latin.end(), False
    run = _HAN.match(text, i)
    if not run or not _has_surname(run.group()):
        return None, i, False
    # Spaced out to two columns: `杨 磊` then a break.
    if (
        run.end() == i + 1 and text[i + 1 : i + 2] in (" ", "\u3000")
        and _HAN.match(text, i + 2)
    ):
        after = text[i + 3 : i + 4]
        if not after or after in _NAME_BREAK or after in _PROSE_START or after == "本":
            return text[i] + text[i + 2], i + 3, after not in _NAME_BREAK
    sizes = (4, 3, 2) if run.group()[:2] in _COMPOUND_SURNAMES else (3, 2)
    for size in sizes:
        name = text[i : i + size]
        if len(name) < size or not _HAN.fullmatch(name) or _NOT_IN_CREDIT_NAMES.intersection(name[1:]):
            continue
        end = i + size
        if end == len(text) or text[end] in _NAME_BREAK or text.startswith(_NAME_STOP, end):
            return name, end, False
    # Glued to what follows: a two-character name when the third character opens prose.
    size = 2 if text[i + 2 : i + 3] in _PROSE_START or len(run.group()) < 3 else 3
    name = text[i : i + size]
    if len(name) == size and _HAN.fullmatch(name) and not _NOT_IN_CREDIT_NAMES.intersection(name[1:]):
        return name, i + size, True
    return None, i, False


def is_chinese_personal_name(name: str) -> bool:
    """True for a Chinese personal name: 2-4 Han characters opening with a common surname."""
    return (
        _HAN_NAME.match(name) is not None
        and _has_surname(name)
        and not _NOT_IN_NAMES.intersection(name)
    )


def _has_surname(run: str) -> bool:
    """True when `run` starts with a common Chinese surname."""
    return run[0] in _SURNAMES or run[:2] in _COMPOUND_SURNAMES


def _unique(items: list[str]) -> list[str]:
    """Items in first-seen order without repeats."""
    return list(dict.fromkeys(items))


def resolve_date(
    year: int | None, month: int | None, day: int, context: dt.date | None
) -> dt.date | None:
    """A credit date; a missing year or month comes from `context` and never lands after it.

    Without a context, a date missing its year cannot be resolved: None, not a guess.
    """
    if context is None:
        if year is None:
            return None
        context = dt.date.max
    try:
        if year is not None and month is not None:
            return dt.date(year, month, day)
        if month is not None:
            found = dt.date(context.year, month, day)
            return found if found <= context else dt.date(context.year - 1, month, day)
        found = dt.date(context.year, context.month, day)
        if found <= context:
            return found
        prev = (context.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        return prev.replace(day=day)
    except ValueError:
        return None
