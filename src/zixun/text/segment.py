"""Word segmentation with rjieba (jieba-rs) and the shipped user dictionary."""

from __future__ import annotations

import re
import threading
from importlib import resources
from pathlib import Path
from types import ModuleType

_USER_DICT = "userdict.txt"
_lock = threading.Lock()
_rjieba: ModuleType | None = None
# Tokens that carry no meaning for search: whitespace and punctuation of any width.
_PUNCT_ONLY = re.compile(r"^[\W_]+$")


def load_user_dict(path: str | Path) -> int:
    """Add the words of a jieba-style dictionary file (`word [freq] [tag]` per line)."""
    return _add_words(_segmenter(), Path(path).read_text(encoding="utf-8"))


def _add_words(rjieba: ModuleType, text: str) -> int:
    """Add every word in dictionary `text` to the shared segmenter; return how many."""
    count = 0
    for line in text.splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        rjieba.add_word(parts[0], freq, tag)
        count += 1
    return count


def _segmenter() -> ModuleType:
    """rjieba with the shipped dictionary added, loaded on the first cut in a process.

    Importing rjieba reads its whole dictionary, a large share of a process's memory and
    start-up time; a web worker that never cuts text (no search yet) does without it."""
    global _rjieba
    if _rjieba is None:
        with _lock:
            if _rjieba is None:
                import rjieba

                _add_words(rjieba, resources.files("zixun.text").joinpath("data", _USER_DICT)
                           .read_text("utf-8"))
                _rjieba = rjieba
    return _rjieba


def segment(text: str, mode: str = "normal") -> list[str]:
    """Cut `text` into words ("normal") or into overlapping search words ("search")."""
    rjieba = _segmenter()
    if mode == "normal":
        words = rjieba.cut(text)
    elif mode == "search":
        words = rjieba.cut_for_search(text)
    else:
        raise ValueError(f"unknown segment mode {mode!r}: use 'normal' or 'search'")
    return [w for w in words if not w.isspace()]


def cut_words(text: str) -> list[str]:
    """Normal-mode words of `text`, whitespace tokens included, for callers that filter anyway."""
    return _segmenter().cut(text)


def search_tokens(text: str) -> list[str]:
    """Tokens for the search index and for queries alike: search mode, lower case, no punctuation."""
    rjieba = _segmenter()
    # Most tokens are words: str.isalnum (a C loop) settles them, and only the rest (marks,
    # spaces, mixed tokens such as 3.5 or C++) need the regex, a far dearer call.
    words = [
        w
        for w in rjieba.cut_for_search(text)
        if w.isalnum() or (not w.isspace() and _PUNCT_ONLY.match(w) is None)
    ]
    # Lowering a token costs more than the test above. A text that lowering leaves as it is
    # (most Chinese text) holds no character lowering would change, and neither do its tokens.
    return words if text.lower() == text else [w.lower() for w in words]
