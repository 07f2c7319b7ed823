"""Chinese text understanding for zixun: pure Python, no Django.

normalize → segment / sentences → keywords, summary, credits (byline), and the page cut rules.
"""

from zixun.text.analyze import Analysis, analyze, analyze_normalized
from zixun.text.byline import Byline, CitedSource, is_photo_caption, parse_byline, strip_credits
from zixun.text.credits import (
    authors_in_credit_lines,
    clean_outlet_name,
    header_editors,
    is_credit_line,
    is_editor_credit_line,
    labelled_authors,
    labelled_editors,
    labelled_outlet,
    outlet_from_source_field,
    signature_authors,
    slash_credit_authors,
)
from zixun.text.dating import original_date, original_date_label
from zixun.text.keywords import keyword_weights, keywords
from zixun.text.names import split_names
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
    "analyze_normalized",
    "authors_in_credit_lines",
    "clean_outlet_name",
    "cut",
    "display_width",
    "header_editors",
    "is_credit_line",
    "is_editor_credit_line",
    "is_photo_caption",
    "keyword_weights",
    "keywords",
    "labelled_authors",
    "labelled_editors",
    "labelled_outlet",
    "load_user_dict",
    "normalize",
    "original_date",
    "original_date_label",
    "outlet_from_source_field",
    "parse_byline",
    "search_tokens",
    "segment",
    "signature_authors",
    "slash_credit_authors",
    "split_names",
    "split_paragraphs",
    "split_sentences",
    "strip_credits",
    "summarize",
]
