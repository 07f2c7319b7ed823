"""One pass over an article: normalised text, sentences, keywords, summary and credits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zixun.text.byline import Byline, parse_normalized_byline
from zixun.text.keywords import top_words
from zixun.text.normalize import normalize
from zixun.text.segment import cut_words
from zixun.text.summary import body_sentences, summary_from_sentences


@dataclass
class Analysis:
    """What zixun knows about one text after analyze()."""

    normalized: str
    sentence_count: int
    keywords: list[str]
    summary: str
    byline: Byline

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of `zixun analyze --json`."""
        return {"keywords": self.keywords, "summary": self.summary, "byline": self.byline.to_dict()}


def analyze(
    text: str, context_date: dt.date | None = None, max_chars: int = 120, k: int = 8
) -> Analysis:
    """Normalise `text` once, then find its credits, sentences, keywords and summary."""
    return analyze_normalized(normalize(text), context_date, max_chars, k)


def analyze_normalized(
    normalized: str, context_date: dt.date | None = None, max_chars: int = 120, k: int = 8
) -> Analysis:
    """`analyze` for a text that `normalize` has already made (the ingest text stage's)."""
    byline = parse_normalized_byline(normalized, context_date)
    sentences = body_sentences(normalized, byline)
    # Every sentence but the last ends in a mark that also ends a segmentation block (。！？…
    # or a closing quote), so the words of the joined sentences are the words of each: no
    # line breaks are needed between them, and none come out as tokens to count.
    return Analysis(
        normalized=normalized,
        sentence_count=len(sentences),
        keywords=top_words(cut_words("".join(sentences)), k),
        summary=summary_from_sentences(sentences, max_chars),
        byline=byline,
    )
