"""Views a web process has counted, written to the database a batch at a time.

Every article view is a write. Written one by one, the writes of several web processes queue
for the database's write lock (SQLite has one for the whole file), and readers wait behind
them. Kept here and written together once a batch is VIEW_BATCH_SECONDS old or VIEW_BATCH_SIZE
long, they cost one transaction per batch. The counts stay exact: every view is written, in
order; a process that stops writes what it holds first. Only a process killed outright
(SIGKILL) loses the views of its last batch. VIEW_BATCH_SECONDS = 0 writes each view at once.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from datetime import datetime

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection

from zixun.ranking.hot import record_views

log = logging.getLogger("zixun.ranking")
VIEW_BATCH_SIZE = 200
# Views held while the database is out of reach, at most: a long outage must not fill memory.
VIEWS_KEPT_AT_MOST = 100_000


class ViewTally:
    """This process's views not yet written."""

    def __init__(self) -> None:
        self._views: list[tuple[int, str | None, datetime]] = []
        self._since = time.monotonic()
        self._lock = threading.Lock()

    def add(self, article_id: int, reader: str | None, now: datetime) -> None:
        """Count one view; write the batch if it is due."""
        seconds = settings.VIEW_BATCH_SECONDS
        with self._lock:
            if not self._views and seconds > 0:
                # A quiet site may see no next view to carry this one: a timer writes it.
                timer = threading.Timer(seconds, self._flush_in_thread)
                timer.daemon = True
                timer.start()
            self._views.append((article_id, reader, now))
            due = (len(self._views) >= VIEW_BATCH_SIZE
                   or time.monotonic() - self._since >= seconds)
            batch = self._take() if due else []
        if batch:
            self._write(batch)

    def flush(self) -> int:
        """Write every view held now; returns how many were written."""
        with self._lock:
            batch = self._take()
        return len(batch) if self._write(batch) else 0

    def _write(self, batch: list[tuple[int, str | None, datetime]]) -> bool:
        try:
            _write(batch)
        except (InterfaceError, OperationalError) as error:
            # The database is restarting or out of reach: the batch's transaction was rolled
            # back whole, so it is kept, in front of newer views, for the next write.
            log.warning("views kept until the database is back count=%d: %s", len(batch), error)
            with self._lock:
                if len(self._views) < VIEWS_KEPT_AT_MOST:
                    self._views[:0] = batch
            return False
        return True

    def _flush_in_thread(self) -> None:
        try:
            self.flush()
        finally:
            connection.close()  # this thread's own connection, opened for the write

    def _take(self) -> list[tuple[int, str | None, datetime]]:
        batch, self._views, self._since = self._views, [], time.monotonic()
        return batch


def _write(batch: list[tuple[int, str | None, datetime]]) -> None:
    if not batch:
        return
    try:
        record_views(batch)
    except (InterfaceError, OperationalError):
        raise
    except Exception:
        log.exception("views not written count=%d", len(batch))


TALLY = ViewTally()
atexit.register(TALLY.flush)
