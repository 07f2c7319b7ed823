"""Chinese text understanding for zixun: pure Python, no Django.

normalize → segment / sentences → keywords, summary, credits (byline), and the page cut rules.
"""

from zixun.text.analyze import Analysis, analyze
from zixun.text.byline import Byline, CitedSource, is_photo_caption, parse_byline, strip_credits
from zixun.text.keywords import keyword_weights, keywords
from zixun.text.normalize import normalize
from zixun.text.segment import load_user_dict, search_tokens, segment
from zixun.text.sentences import split_paragraphs, split_sentences
from zixun.text.summary import summarize
from zixun.text.width import cut, display_width

__all__ = [
    "Analysis",
    "Byline",
    "CitedSource",
    "analyze",
    "cut",
    "display_width",
    "is_photo_caption",
    "keyword_weights",
    "keywords",
    "load_user_dict",
    "normalize",
    "parse_byline",
    "search_tokens",
    "segment",
    "split_paragraphs",
    "split_sentences",
    "strip_credits",
    "summarize",
]
