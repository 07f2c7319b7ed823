"""Channel classifier: multinomial naive Bayes over zixun.text words, for articles with no channel.

Trained on THUCNews (10 channels: 体育 娱乐 家居 房产 教育 时尚 时政 游戏 科技 财经); the model
ships in ranking/data/channels.json.gz and is retrained with `zixun channels train FILE`.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

MODEL_FILE = "channels.json.gz"
# Words seen in fewer documents are mostly names and typos: they cost size and help little.
MIN_DOCS = 2
ALPHA = 0.1
# The body after this many characters adds little and makes long articles slow to classify.
TEXT_CHARS = 3000


@dataclass(frozen=True)
class Model:
    """Per-channel log priors and word log-likelihoods, with the log-likelihood of unseen words."""

    channels: tuple[str, ...]
    log_prior: tuple[float, ...]
    log_word: dict[str, tuple[float, ...]]
    log_unseen: tuple[float, ...]


def features(title: str, text: str) -> list[str]:
    """The words the model reads: candidate words of the title (twice, it says most) and body."""
    from zixun.text.keywords import is_candidate
    from zixun.text.segment import segment

    title_words = [w for w in segment(title) if is_candidate(w)]
    body_words = [w for w in segment(text[:TEXT_CHARS]) if is_candidate(w)]
    return [w.lower() for w in title_words * 2 + body_words]


def train(examples: Iterable[tuple[str, str, str]]) -> dict:
    """Word counts per channel from (channel, title, text) examples, ready to save as JSON."""
    counts: dict[str, Counter] = {}
    docs: Counter = Counter()
    doc_freq: Counter = Counter()
    for channel, title, text in examples:
        words = features(title, text)
        counts.setdefault(channel, Counter()).update(words)
        docs[channel] += 1
        doc_freq.update(set(words))
    vocab = sorted(w for w, n in doc_freq.items() if n >= MIN_DOCS)
    channels = sorted(counts)
    return {
        "channels": channels,
        "docs": [docs[c] for c in channels],
        "words": {w: [counts[c][w] for c in channels] for w in vocab},
    }


def build(raw: dict) -> Model:
    """Turn saved counts into log-probabilities with additive smoothing."""
    channels = tuple(raw["channels"])
    total_docs = sum(raw["docs"])
    totals = [0] * len(channels)
    for row in raw["words"].values():
        totals = [t + n for t, n in zip(totals, row, strict=True)]
    size = len(raw["words"]) + 1
    denominators = [math.log(t + ALPHA * size) for t in totals]
    log_word = {
        w: tuple(math.log(n + ALPHA) - d for n, d in zip(row, denominators, strict=True))
        for w, row in raw["words"].items()
    }
    return Model(
        channels=channels,
        log_prior=tuple(math.log(n / total_docs) for n in raw["docs"]),
        log_word=log_word,
        log_unseen=tuple(math.log(ALPHA) - d for d in denominators),
    )


def save(raw: dict, path: Path) -> None:
    """Write trained counts as gzipped JSON (the shipped model is this file)."""
    data = json.dumps(raw, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.write_bytes(gzip.compress(data, mtime=0))


def load(path: Path | None = None) -> Model:
    """The model at ``path``; else the site's retrained model in ZIXUN_DATA_DIR; else the shipped one."""
    path = path or site_model_path()
    if path is None or not Path(path).exists():
        return _shipped()
    return _load_file(str(path), Path(path).stat().st_mtime)


@cache
def _load_file(path: str, mtime: float) -> Model:
    # Keyed on mtime so a retrained model is picked up without a restart.
    return build(json.loads(gzip.decompress(Path(path).read_bytes())))


def site_model_path() -> Path | None:
    """Where `zixun channels train` puts a retrained model: the data dir, when Django is set up."""
    from django.conf import settings

    if not settings.configured:
        return None
    return Path(settings.DATA_DIR) / MODEL_FILE


@cache
def _shipped() -> Model:
    raw = resources.files("zixun.ranking").joinpath("data", MODEL_FILE).read_bytes()
    return build(json.loads(gzip.decompress(raw)))


def scores(title: str, text: str, model: Model | None = None) -> dict[str, float]:
    """Each channel's probability for the article, highest first."""
    model = model or load()
    logs = list(model.log_prior)
    for word in features(title, text):
        # Unseen words are skipped: they would only add the same constant to every channel.
        row = model.log_word.get(word)
        if row is not None:
            logs = [a + b for a, b in zip(logs, row, strict=True)]
    top = max(logs)
    weights = [math.exp(v - top) for v in logs]
    total = sum(weights)
    ranked = sorted(zip(model.channels, weights, strict=True), key=lambda item: -item[1])
    return {channel: w / total for channel, w in ranked}


def classify(title: str, text: str, model: Model | None = None) -> str:
    """The channel name the article most likely belongs to."""
    return next(iter(scores(title, text, model)))
