"""Run as a separate process by test_concurrency: store one copy of the reference story.

    python -m tests.dedup.add_copy GUID SOURCE START_AT

Waits until the wall clock reaches START_AT so that two processes store at the same moment.
"""

from __future__ import annotations

import os
import sys
import time


def main() -> None:
    guid, source, start_at = sys.argv[1], sys.argv[2], float(sys.argv[3])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zixun.settings")
    import django

    django.setup()
    from tests.dedup.test_stories import JULY, PAGE, copy
    from zixun.articles.ingest import store

    item = copy(guid, JULY, source, [f"转自：{source}", *PAGE.paragraphs])
    time.sleep(max(0.0, start_at - time.time()))
    print(store(item).article_id)


if __name__ == "__main__":
    main()
