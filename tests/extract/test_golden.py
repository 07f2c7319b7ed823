"""Golden files: real pages in, the exact ArticleDraft out (review diffs, then regenerate)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from zixun.extract import extract

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extract"
PAGES = sorted((FIXTURES / "pages").glob("*.html"))
UPDATE = os.environ.get("ZIXUN_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_extraction_matches_the_golden_file(page):
    got = extract(page.read_bytes()).to_dict()
    # The byline belongs to zixun.text (#3) and is tested there; golden files pin our part.
    got.pop("byline")
    golden = FIXTURES / "golden" / f"{page.stem}.json"
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert got == expected


def test_golden_files_exist_for_every_page():
    assert PAGES, "no fixture pages found"
    for page in PAGES:
        assert (FIXTURES / "golden" / f"{page.stem}.json").exists(), page.name
