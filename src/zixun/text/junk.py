"""Whether an incoming article is junk rather than news: ads, SEO spam, forum chatter, navigation.

Feeds and import files carry, beside the news, pages that no editor would publish: a product
page titled ``沂水洒水车_沂水洒水车工厂直供_沂水专用车服务``, a thread ``…【艾欧尼亚吧】_百度贴吧``,
a list of links. Such pages give themselves away by their STRUCTURE more than by their words:
the site suffixes their titles carry, a title repeating its keyword, contact details beside
prices, a title the text never speaks of, a text made of links. Each rule below reads one such
trait and, when it fires, says why in a few Chinese words that an editor sees beside the held
article. The rules are tried in order; the first that fires gives the verdict.

A pure function of the title, the plain text and the page's links: no Django, no database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    """Junk or not, and why (empty for news)."""

    is_junk: bool
    reason: str = ""


NEWS = Verdict(False)

# What separates a title from the names of its site and section: 标题_频道_站点, 标题 - 站点,
# 标题|站点, 标题–站点.
_SEPARATOR = re.compile(r"\s*(?:_|\s[-–—|]\s|[–|]|-{1,2}(?=\D)|(?<!—)—(?!—))\s*")
# A site or section name that says the page is a forum, a Q&A or a blog (a suffix only: the
# same words inside a news title mean nothing); so does a user's handle (用户5905318932).
_FORUM_SITE = re.compile(
    r"(?:吧】?|贴吧|知道|论坛|社区|博客|问答|百科|BBS|bbs|书屋|小说网?|留言板?"
    r"|^用户\d+|^[\u4e00-\u9fff]{1,6}\d{2,})$|^投诉"
)
# Words of trade in a title: what a product, supplier or classified page is named with.
_TRADE_TITLE = re.compile(
    r"价格|报价|多少钱|厂家|工厂|直销|直供|供应|批发|经销商?|哪家好|专线|出售|出租(?!车)|求购|转让|招商|加盟|"
    r"公司电话|厂家电话|有限公司$|广告服务|项目合作|供应信息|黄页"
)
# The same words ending the headline itself (not a section name after it): a product's page.
_TRADE_END = re.compile(r"(?:销售|经销商?|价格|报价|多少钱|厂家|直销|直供|批发|供应)$")
# Contact details: a mobile number, a landline with its area code, a 400/800 line, QQ, WeChat.
_CONTACT = re.compile(
    r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}[-－—]?\d{7,8}(?!\d)|(?<!\d)[48]00[-－]?\d{3}[-－]?\d{4}"
    r"|(?:QQ|qq|扣扣)[^\d\n]{0,4}\d{5,11}|(?:微信|威信|薇信|徽信|vx|VX|wx)[号:：\s]*[A-Za-z0-9_-]{5,}"
)
_PRICE = re.compile(r"价格|报价|多少钱|优惠|\d+(?:\.\d+)?\s*元(?:/|每)|元/(?:吨|台|套|个|米|平方|天|月)"
                    r"|厂家|批发|直销")
# Where the text itself says it is a post, a reply or a Q&A page (the platforms' own furniture).
_FORUM_TEXT = re.compile(
    r"只看该作者|只看楼主|楼主[:：]|^\s*1楼|回复\s*\d+\s*楼|签到排名|本吧|分享贴子|来自[:：]\s*tieba\.baidu\.com|"
    r"可选中1个或多个下面的关键词|病情分析[:：]|指导意见[:：]|希望我的回答|人赞同了该回答|"
    r"^\s*\d+小时前\s*[-–]\s*回答|^文章主题|^\s*投诉者情况|^\s*举报人[:：]|被举报人[:：]"
)
# Marks of a report: an outlet's dateline or its reporters (a citizen's post has none).
_REPORT = re.compile(r"记者|通讯员|讯[（(]|电[（(]|\d+日电|日讯|报道|新华社|中新网|原标题|消息[（(：:]|本台"
                     r"|文\s*[/／]|作者[:：/]|经作者授权|授权发布")
_BAIT = re.compile(r"[①-⑳]{2,}|>{3,}|→{2,}")
# Contact details in disguise, to slip past filters: 威信, 徽信, 扣扣, an address written without
# its dots (qw900com). No outlet writes them so.
_DISGUISED = re.compile(r"(?:威信|薇信|徽信|扣扣|V信|v信)[号:：\s]*[A-Za-z0-9_-]{5,}"
                        r"|(?<![A-Za-z0-9.])[a-z]{1,6}\d{2,}(?:com|cn|net)(?![A-Za-z.])")
_ASKING = re.compile(r"请问|求助|求推荐|看这里|加我")
# Gambling and lottery sites by what they call themselves (not 彩票 or 博彩, which news uses):
# the commonest spam of Chinese search results.
_GAMBLING = re.compile(r"娱乐城|娱乐平台|娱乐板|\d+娱乐|在线开户|开户_|时时彩|pk10|PK10|百家乐|凯发|金沙开户")
_QUERY = re.compile(r"最好的|哪家好|哪里好|哪个好|在那里|在哪里|官网是多少|官网$")
# A posting's fields, each labelled (``学历要求:``); a report on hiring tells them in sentences.
_JOB_FIELDS = re.compile(
    r"(?:岗位|职位|学历|工作地点|招聘人数|薪资|待遇|公司类型|公司规模)[^:：\n]{0,4}[:：]")
# A seller's words, which a report of a sale does not use.
_PITCH = re.compile(r"欢迎来电|咨询电话|报名电话|免费咨询|欢迎咨询|不能错过|哪家强|哪家好|欢迎选购|"
                    r"欢迎订购|竭诚|诚邀|量大从优|欢迎光临")
# Insults in a title: how an accusation is worded, never a report of one.
_INSULT = re.compile(r"骗子|黑心|坑人|坑骗|欺压|无良|控诉|怒斥|呵斥|血汗钱|敛财|无底线|没天理")
# Notices of an authority or a buyer: they give a telephone and a sum, and are no advert.
_NOTICE = re.compile(r"公告|通告|通知|[招投]标|中标|采购")
# 我 as a person says it: not the outlet's 我市, 我国, 我驻… nor 自我.
_FIRST_PERSON = r"(?<!自)我(?![市县省区国镇乡村校院局所队军驻方党])"
# Quoted speech: a report quotes people who say 我; a post speaks as 我 itself.
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|\"[^\"]*\"|‘[^’]*’")
# What a person's post asks for or accuses of (a report tells the same in the third person).
_APPEAL = re.compile(r"请问|谢谢|求助|恳请|怎么办|谁有|被骗|骗子|诈骗|骗了|坑人|黑心|血汗钱|维权|曝光|投诉")
# How a post asks its readers for help.
_HELP = re.compile(r"请问|怎么办|谁有|谁知道|有没有|求解|求助|能否|可以吗")
# The channel names of a portal's menu, which a page's text keeps when its navigation is read
# with the article.
_MENU_WORDS = ("首页", "新闻", "军事", "娱乐", "体育", "健康", "视频", "直播", "图片", "社会", "游戏",
               "汽车", "科技", "财经", "人文", "时尚", "星座", "情感", "家居", "国内", "国际", "原创",
               "天气", "滚动", "房产", "教育", "旅游", "登录", "注册", "退出")
_MENU = re.compile("(?:(?:" + "|".join(_MENU_WORDS) + r")\s*){6,}")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# What a site's name is made of: a cut-off site name is no stitched headline.
_SITE_WORD = re.compile(r"网|报|台|频道|新闻|在线|资讯")
# A question or an exclamation typed by a person: how chatter titles end.
_CHATTY_END = re.compile(r"(?:[?？吗呢吧啊呀哈]|[~～]|…+|\.{3,})$")
_CHATTY = re.compile(r"^(?:求购|转让|出售|出租|求助|请问)|哪家|多少|" + _FIRST_PERSON)


def _title_parts(title: str) -> list[str]:
    return [part for part in _SEPARATOR.split(title.strip()) if part]


def _han_bigrams(text: str) -> set[str]:
    runs = re.findall(r"[\u4e00-\u9fff]{2,}", text)
    return {run[i:i + 2] for run in runs for i in range(len(run) - 1)}


def forum_suffix(title: str, text: str, links: Sequence[str]) -> str | None:
    """The title's site or section name is a forum's, a Q&A's or a blog's."""
    parts = _title_parts(title)
    for suffix in parts[1:]:
        # A site's name is short and unquoted; a long tail is the rest of a headline.
        site_like = len(suffix) <= 14 and not _QUOTED.search(suffix)
        if site_like and _FORUM_SITE.search(suffix.rstrip(".…")):
            return f"标题带论坛或博客后缀「_{suffix}」"
    bracket = re.search(r"【[^】]{1,20}吧】", title)
    return f"标题带贴吧名「{bracket.group(0)}」" if bracket else None


def forum_text(title: str, text: str, links: Sequence[str]) -> str | None:
    """The text carries a forum's or a Q&A site's own furniture."""
    found = _FORUM_TEXT.search(text[:600]) or _FORUM_TEXT.search(title)
    return f"正文是帖子或问答页（「{found.group(0).strip()}」）" if found else None


def repeated_keyword(title: str, text: str, links: Sequence[str]) -> str | None:
    """The title says its keyword again in another part (``沂水洒水车_沂水洒水车工厂直供``):
    one part holds another whole, or two parts open with the same four characters."""
    parts = [part for part in _title_parts(title) if len(_HAN.findall(part)) >= 3]
    for i, part in enumerate(parts):
        for other in parts[i + 1:]:
            if part in other or other in part:
                return f"标题重复关键词「{min(part, other, key=len)}」"
            opening = part[:4]
            if len(_HAN.findall(opening)) == 4 and other.startswith(opening):
                return f"标题重复关键词「{opening}」"
    return None


def stitched_title(title: str, text: str, links: Sequence[str]) -> str | None:
    """A title with a second headline cut short and stitched on (``…怎么维权_特朗普首次国情...``)
    that the text never speaks of: a page built to catch searches for both."""
    for part in _title_parts(title)[1:]:
        if (part.endswith(("...", "…")) and len(_HAN.findall(part)) >= 6
                and not _SITE_WORD.search(part)
                and not _han_bigrams(part) & _han_bigrams(text[:3000])):
            return f"标题拼接了无关的话「{part}」"
    return None


def lure(title: str, text: str, links: Sequence[str]) -> str | None:
    """A title that baits (disguised digits ⑧⑧, arrows to a sign-up, 看这里), asks for help,
    or names a gambling site: what spam is titled with, never a report."""
    # Spam copies news under its bait, so a reporter's name in the text clears only the
    # milder baits (a question), never a gambling site or disguised digits.
    found = _GAMBLING.search(title) or _BAIT.search(title)
    if not found and not _REPORT.search(text[:400]):
        found = _ASKING.search(title)
    return f"标题是招揽、提问或博彩（「{found.group(0)}」）" if found else None


def disguised_contact(title: str, text: str, links: Sequence[str]) -> str | None:
    """Contact details or an address written in disguise."""
    found = _DISGUISED.search(title) or _DISGUISED.search(text[:2000])
    return f"含变体联系方式「{found.group(0)}」" if found else None


def search_query(title: str, text: str, links: Sequence[str]) -> str | None:
    """The title is a search query (``北京最好的肺癌医院``, ``…在那里``, ``…的官网是多少``): a
    page made to be found by it, with no reporter behind its text."""
    found = _QUERY.search(title)
    if found and not _REPORT.search(text[:400]):
        return f"标题是搜索词（「{found.group(0)}」）"
    return None


def job_post(title: str, text: str, links: Sequence[str]) -> str | None:
    """A job advertisement: 招聘 in the title, and the posting's fields in the text."""
    if "招聘" in title and len(set(_JOB_FIELDS.findall(text[:1500]))) >= 2:
        return "招聘信息"
    return None


def trade_title(title: str, text: str, links: Sequence[str]) -> str | None:
    """A product, supplier or classified page: words of trade in the title (outside quotes),
    and the title ends with them, or the page is a site's listing (a suffix) or a classified
    (求购, 转让 …), or gives a way to buy (contact details) without a reporter behind it."""
    bare = _QUOTED.sub("", title).rstrip(".…!！ ")
    found = _TRADE_TITLE.search(bare)
    if not found:
        return None
    at_end = _TRADE_END.search(_title_parts(bare)[0])
    classified = re.search(r"(?:^|[:：?？\s])(?:求购|转让|出售|出租(?!车))", bare)
    listed = len(_title_parts(bare)) > 1 or _CONTACT.search(text)
    if (at_end or classified or listed) and not _REPORT.search(text[:400]):
        return f"标题是商品或供求信息（「{found.group(0)}」）"
    return None


def sales_pitch(title: str, text: str, links: Sequence[str]) -> str | None:
    """The words of a sales pitch, with no reporter behind the text."""
    found = _PITCH.search(text)
    if found and not _REPORT.search(text[:400]):
        return f"含推销用语「{found.group(0)}」"
    return None


def accusation(title: str, text: str, links: Sequence[str]) -> str | None:
    """A title that insults rather than reports (骗子, 黑心, 血汗钱), over a text no reporter
    or outlet signs: a person's accusation, for an editor to check before anyone reads it."""
    found = _INSULT.search(title)
    if found and len(text) >= 50 and not _REPORT.search(text[:400]):
        return f"个人控诉帖（标题「{found.group(0)}」）"
    return None


def contact_and_price(title: str, text: str, links: Sequence[str]) -> str | None:
    """Contact details together with prices or trade words: an advertisement."""
    if not (_CONTACT.search(text) and _PRICE.search(text)):
        return None
    if _REPORT.search(text[:400]) or _NOTICE.search(title + text[:200]):
        return None
    return "含联系方式与价格"


def title_not_in_text(title: str, text: str, links: Sequence[str]) -> str | None:
    """A long text that shares no two characters with its title: a keyword title over copied
    text. (News titles that tease rather than tell still share a name or a place.)"""
    head = _title_parts(title)[0] if title.strip() else ""
    wanted = _han_bigrams(head)
    if len(text) < 200 or len(wanted) < 6:
        return None
    if wanted & _han_bigrams(text[:3000]):
        return None
    # A signed report may carry a feature's figurative headline; a site's page may not.
    signed = _REPORT.search(text[:400]) and len(_title_parts(title)) == 1
    return None if signed else "标题与正文不符"


def complaint_post(title: str, text: str, links: Sequence[str]) -> str | None:
    """A person's own post: it speaks as 我 from its first sentence, outside any quotation,
    appeals or accuses, and no reporter or outlet stands behind it."""
    opening = re.split(r"[。！？!?\n]", _QUOTED.sub("", text.strip()), maxsplit=1)[0]
    if not re.search(_FIRST_PERSON + "|本人|各位", opening[:15]) or _REPORT.search(text[:400]):
        return None
    appeal = _APPEAL.search(text[:600])
    return f"个人发帖（「{appeal.group(0)}」）" if appeal else None


def question_post(title: str, text: str, links: Sequence[str]) -> str | None:
    """A short text that ends by asking the readers for help: a question posted to a forum."""
    if len(text) > 400 or _REPORT.search(text):
        return None
    ending = re.split(r"[。！!\n]", text.strip())[-1]
    asked = _HELP.search(ending)
    if asked and re.search(r"[?？]\s*$", text.strip()):
        return f"求助提问帖（「{asked.group(0)}」）"
    return None


def navigation(title: str, text: str, links: Sequence[str]) -> str | None:
    """The text holds a site's menu (channel names run together) or a search result's snippet."""
    if _MENU.search(text):
        return "正文是网站导航"
    if len(text) < 300 and re.search(r"\d*小时前|\.\.\s*/\s*/", text):
        return "正文是搜索结果摘要"
    return None


def chatter(title: str, text: str, links: Sequence[str]) -> str | None:
    """No text beyond the title, and the title is a person's question or exclamation."""
    rest = text.replace(title.strip(), "").strip()
    if len(_HAN.findall(rest)) > 40 or _REPORT.search(text):
        return None
    if _CHATTY_END.search(title.strip()) or _CHATTY.search(title):
        return "只有一句话的帖子"
    return None


def link_list(title: str, text: str, links: Sequence[str]) -> str | None:
    """A page made mostly of links: an index, a list of headlines, a site map."""
    if len(links) < 10:
        return None
    linked = sum(len(_HAN.findall(anchor)) for anchor in links)
    own = len(_HAN.findall(text))
    return "链接列表" if own and linked / own > 0.5 else None


# The rules, tried in this order: the plainest marks of a page's kind first, the traits that
# need the text's length or its voice last.
RULES: tuple[Callable[[str, str, Sequence[str]], str | None], ...] = (
    forum_suffix,
    forum_text,
    repeated_keyword,
    lure,
    disguised_contact,
    search_query,
    job_post,
    trade_title,
    contact_and_price,
    sales_pitch,
    accusation,
    link_list,
    navigation,
    chatter,
    question_post,
    complaint_post,
    title_not_in_text,
    stitched_title,
)


def junk_verdict(title: str, text: str, links: Sequence[str] = ()) -> Verdict:
    """Whether the article titled ``title`` with plain ``text`` is junk, and why.

    ``links``: the anchor texts of the links in the article's HTML, when it has any."""
    for rule in RULES:
        reason = rule(title, text, links)
        if reason:
            return Verdict(True, reason)
    return NEWS
