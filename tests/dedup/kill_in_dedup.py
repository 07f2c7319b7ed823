"""Run a zixun command that is SIGKILLed inside story assignment (`zixun.dedup.stories`).

    python -m tests.dedup.kill_in_dedup POINT CALL import FILE …

POINT is one of the writes story assignment makes (`POINTS`); right after its CALL-th call
returns, with its rows written and the article's transaction not yet committed, the process
sends itself SIGKILL. An outside kill at a random moment seldom lands in these few
milliseconds; this one always does, at a chosen step. Used by tests/dedup/dedup_kills.py.
"""

from __future__ import annotations

import os
import signal
import sys

# Index keys replaced, an article joined to a story (stories merged), a story's original
# chosen, a lone article's sentences counted.
POINTS = ("_replace_keys", "_join", "choose_original", "count_sentences")


def main(argv: list[str]) -> None:
    point, call, command = argv[0], int(argv[1]), argv[2:]
    if point not in POINTS:
        raise SystemExit(f"POINT must be one of {POINTS}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zixun.settings")
    import django

    django.setup()
    from zixun.cli import main as zixun
    from zixun.dedup import stories

    original = getattr(stories, point)
    calls = 0

    def then_die(*args, **kwargs):
        nonlocal calls
        result = original(*args, **kwargs)
        calls += 1
        if calls == call:
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(stories, point, then_die)  # stories looks its helpers up by name at each call
    zixun(command)


if __name__ == "__main__":
    main(sys.argv[1:])
