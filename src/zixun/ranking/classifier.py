"""Channel classifier: multinomial naive Bayes over zixun.text words, for articles with no channel.

Trained on THUCNews (10 channels: 体育 娱乐 家居 房产 教育 时尚 时政 游戏 科技 财经); the model
ships in ranking/data/channels.json.gz and is retrained with `zixun channels train FILE`.
"""

from __future__ import annotations

import gzip
import json
import math
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from django.conf import settings

from zixun.text.keywords import is_candidate
from zixun.text.segment import cut_words, segment

MODEL_FILE = "channels.json.gz"
# Words seen in fewer documents are mostly names and typos: they cost size and help little.
MIN_DOCS = 2
ALPHA = 0.1
# The body after this many characters adds little and makes long articles slow to classify.
TEXT_CHARS = 3000


@dataclass(frozen=True)
class Model:
    """Per-channel log priors and word log-likelihoods (one row per known word)."""

    channels: tuple[str, ...]
    log_prior: np.ndarray
    row_of: dict[str, int]
    log_word: np.ndarray  # shape (words, channels)
    log_unseen: tuple[float, ...]


def features(title: str, text: str) -> list[str]:
    """The words the model reads: candidate words of the title (twice, it says most) and body."""
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
    words = list(raw["words"])
    counts = np.array([raw["words"][w] for w in words], dtype=np.float64).reshape(-1, len(channels))
    size = len(words) + 1
    denominators = np.log(counts.sum(axis=0) + ALPHA * size)
    return Model(
        channels=channels,
        log_prior=np.log(np.array(raw["docs"], dtype=np.float64) / total_docs),
        row_of={w: i for i, w in enumerate(words)},
        log_word=np.log(counts + ALPHA) - denominators,
        log_unseen=tuple(float(v) for v in math.log(ALPHA) - denominators),
    )


def save(raw: dict, path: Path) -> None:
    """Write trained counts as gzipped JSON (the shipped model is this file)."""
    data = json.dumps(raw, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.write_bytes(gzip.compress(data, mtime=0))
    _mtime.cache_clear()  # this process uses it at once; others within RECHECK_SECONDS


def load(path: Path | None = None) -> Model:
    """The model at ``path``; else the site's retrained model in ZIXUN_DATA_DIR; else the shipped one."""
    path = path or site_model_path()
    if path is None:
        return _shipped()
    mtime = _mtime(str(path), int(time.monotonic() // RECHECK_SECONDS))
    return _shipped() if mtime is None else _load_file(str(path), mtime)


# How often a running process looks for a retrained model file: checking for every classified
# article would add system calls to each classification for a file that rarely changes.
RECHECK_SECONDS = 10


@lru_cache(maxsize=8)
def _mtime(path: str, period: int) -> float | None:
    try:
        return Path(path).stat().st_mtime
    except FileNotFoundError:
        return None


@cache
def _load_file(path: str, mtime: float) -> Model:
    # Keyed on mtime so a retrained model is picked up without a restart.
    return build(json.loads(gzip.decompress(Path(path).read_bytes())))


def site_model_path() -> Path | None:
    """Where `zixun channels train` puts a retrained model: the data dir, when Django is set up."""
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
    # Unseen words are skipped: they would only add the same constant to every channel. One
    # numpy sum over the rows of the known words, not a Python loop per word and channel.
    rows = _known_rows(model, title, text)
    logs = model.log_prior + model.log_word[rows].sum(axis=0)
    weights = np.exp(logs - logs.max())
    weights /= weights.sum()
    ranked = sorted(zip(model.channels, weights.tolist(), strict=True), key=lambda item: -item[1])
    return dict(ranked)


def _known_rows(model: Model, title: str, text: str) -> list[int]:
    """The model rows of the words `features` gives, found without filtering them first.

    The vocabulary holds only the lower-cased candidate words `features` yields, so looking
    every raw word up and keeping the hits gives the same rows without a filtering pass (this
    runs on every imported article that comes without a channel).
    """
    title_words = cut_words(title)
    lowered = map(str.lower, title_words + title_words + cut_words(text[:TEXT_CHARS]))
    return [row for row in map(model.row_of.get, lowered) if row is not None]


def classify(title: str, text: str, model: Model | None = None) -> str:
    """The channel name the article most likely belongs to."""
    return next(iter(scores(title, text, model)))
