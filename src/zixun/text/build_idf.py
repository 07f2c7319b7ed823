"""Build the shipped IDF table from the shared news corpora.

Run: python -m zixun.text.build_idf [DATA_DIR] [--out PATH]
DATA_DIR defaults to $ZIXUN_SHARED_DATA or ../shared/data; the table is written to
src/zixun/text/data/idf.tsv.gz: a header line `#docs N` then `word<TAB>idf` lines.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from zixun.text.keywords import is_candidate
from zixun.text.normalize import normalize
from zixun.text.segment import segment

# (file, fields holding text): the three corpora of ../shared/data/corpus.
_SOURCES = (
    ("xinwenlianbo.jsonl.gz", ("title", "body")),
    ("inews.jsonl.gz", ("title", "content")),
    ("thucnews-sample.jsonl.gz", ("text",)),
)
MIN_DF = 3
MAX_TERMS = 60_000


def documents(data_dir: Path) -> Iterator[str]:
    """Yield the text of every article in the corpora under `data_dir`."""
    for name, fields in _SOURCES:
        with gzip.open(data_dir / "corpus" / name, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                text = "\n".join(record.get(f) or "" for f in fields)
                if text.strip():
                    yield text


def build(data_dir: Path) -> tuple[int, dict[str, float]]:
    """Count document frequencies and return (documents, word → smoothed idf)."""
    df: Counter[str] = Counter()
    docs = 0
    for text in documents(data_dir):
        docs += 1
        df.update({w for w in segment(normalize(text)) if is_candidate(w)})
    common = [(w, n) for w, n in df.most_common(MAX_TERMS) if n >= MIN_DF]
    return docs, {w: math.log((docs + 1) / (n + 1)) + 1 for w, n in common}


def main(argv: list[str] | None = None) -> int:
    """Build the table and write it as gzip TSV."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_dir = os.environ.get("ZIXUN_SHARED_DATA", "../shared/data")
    parser.add_argument("data_dir", nargs="?", default=default_dir, type=Path)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data" / "idf.tsv.gz")
    args = parser.parse_args(argv)
    docs, idf = build(args.data_dir)
    body = "".join(f"{w}\t{v:.3f}\n" for w, v in sorted(idf.items(), key=lambda kv: kv[1]))
    # mtime=0 keeps the file byte-identical between runs on the same corpus.
    with gzip.GzipFile(args.out, "wb", mtime=0) as out:
        out.write(f"#docs\t{docs}\n{body}".encode())
    print(f"{docs} documents, {len(idf)} terms → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
