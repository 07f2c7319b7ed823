#!/usr/bin/env python3
"""Rebuild src/zixun/demo/data/xinwenlianbo-sample.jsonl.gz from the shared corpus.

    python scripts/make_demo_data.py [SHARED_DATA_DIR]

Takes the newest stories with a body from the 新闻联播 corpus: a few hundred, small enough to
ship (well under 5 MB), so that `make run` works without the shared data folder.
"""

import gzip
import json
import os
import sys
from pathlib import Path

COUNT = 360
root = Path(__file__).resolve().parents[1]
shared = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("ZIXUN_SHARED_DATA", root.parent / "shared" / "data"))
source = shared / "corpus" / "xinwenlianbo.jsonl.gz"
target = root / "src" / "zixun" / "demo" / "data" / "xinwenlianbo-sample.jsonl.gz"

records = []
with gzip.open(source, "rt", encoding="utf-8") as handle:
    for line in handle:
        record = json.loads(line)
        if len(record.get("body") or "") >= 200:
            records.append(record)
records.sort(key=lambda r: r["id"], reverse=True)
keep = [{k: r[k] for k in ("id", "date", "title", "source", "body")} for r in records[:COUNT]]
with gzip.open(target, "wt", encoding="utf-8", compresslevel=9) as out:
    for record in keep:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
print(f"{len(keep)} records, {target.stat().st_size / 1e6:.2f} MB -> {target}")
