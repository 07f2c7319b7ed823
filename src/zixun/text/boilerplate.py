"""Known footers and disclaimers that platforms and outlets append to every article.

They say nothing about the news, yet they are long enough to make two unrelated posts look
alike, so dedup drops them before comparing; the clean text may drop them too. One table, read
from top to bottom: a marker, and how far the block it opens runs.
"""

from __future__ import annotations

import re

# (marker, extent): "paragraph" runs to the end of the paragraph (a disclaimer is several
# sentences), "sentence" to the next sentence end. Markers are matched on normalised text.
KNOWN_BLOCKS: tuple[tuple[str, str], ...] = (
    (r"特别声明[:：]\s*以上(?:文章)?内容", "paragraph"),  # 网易号, 新浪看点 and other self-media platforms
    (r"Notice:\s*The content above", "paragraph"),  # the English half of the 网易号 notice
    (r"(?:版权和)?免责声明[:：]?", "paragraph"),
    (r"版权声明[:：]", "paragraph"),
    (r"(?:扫码|长按(?:识别)?二维码|点击上方[^。！？\n]{0,12}关注)", "sentence"),
    (r"返回搜狐，?查看更多", "sentence"),
    # A site's footer: the fields every Chinese site must show (owner, licence and ICP numbers),
    # recognised by a licence number within a few lines of the owner's name.
    (r"(?:主办单位|主办|承办单位|[\u4e00-\u9fff]{2,12}版权所有|版权所有|Copyright|©)[:：]?"
     r"[^\n]{0,240}?(?:ICP备|ICP证|公网安备|网站标识码)", "paragraph"),
    (r"(?:[\u4e00-\u9fff]ICP备|[\u4e00-\u9fff]公网安备|违法和不良信息举报(?:电话|邮箱)|"
     r"互联网新闻信息服务许可证)", "paragraph"),
)

_PATTERN = re.compile(
    "|".join(
        f"(?:{marker})" + (r"[^\n]*" if extent == "paragraph" else r"[^。！？!?\n]*[。！？!?]?")
        for marker, extent in KNOWN_BLOCKS
    )
)


_CUES = ("声明", "Notice", "扫码", "二维码", "关注", "返回搜狐", "ICP", "公网安备", "网站标识码",
         "不良信息举报", "许可证")


def strip_boilerplate(text: str) -> str:
    """``text`` without the known footers and disclaimers of KNOWN_BLOCKS (a pure function)."""
    if not any(cue in text for cue in _CUES):
        return text  # most texts carry none: skip the pattern
    return _PATTERN.sub("", text)
