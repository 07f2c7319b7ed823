"""Every `zixun` process that stores articles imports the story index: it must start fast."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

STORE_PATH = """
import sys
import django
django.setup()
from zixun.articles.ingest import store
from zixun.dedup.stories import assign_story
from zixun.dedup.fingerprint import fingerprint
fingerprint("国务院常务会议今天召开，部署推进有关工作。" * 20)
print(sorted({name.split(".")[0] for name in sys.modules} & {"scipy", "datasketch"}))
"""


def test_storing_articles_does_not_load_scipy(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zixun.settings",
           "ZIXUN_DATA_DIR": str(tmp_path), "PYTHONPATH": str(REPO / "src")}
    env.pop("ZIXUN_DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-c", STORE_PATH], env=env, cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    # datasketch's LSH imports scipy: seconds at every worker start
    assert result.stdout.strip() == "[]"
