"""When a feed is due next: its own interval after a success, exponential backoff after errors."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

MAX_BACKOFF = timedelta(hours=24)
# Spread retries a little so feeds that failed together are not retried in the same second.
JITTER = 0.1


def next_check(
    now: datetime, interval_minutes: int, error_count: int, *, rng: random.Random | None = None
) -> datetime:
    """The next check time: ``interval`` after a success, doubled for each error in a row."""
    base = timedelta(minutes=max(1, interval_minutes))
    if error_count <= 0:
        return now + base
    # 2**errors grows fast; cap the exponent before multiplying so the timedelta never overflows.
    delay = min(base * (2 ** min(error_count, 16)), MAX_BACKOFF)
    spread = (rng or random).uniform(-JITTER, JITTER)
    return now + delay * (1 + spread)
