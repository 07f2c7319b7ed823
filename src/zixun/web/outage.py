"""What a reader gets while the database cannot be reached: a short 503 page, not a 500.

A restart of PostgreSQL (or a network cut to it) makes every query fail until it is back. The
web processes need nothing done: with CONN_HEALTH_CHECKS each request checks its connection
before use and reconnects, so the site recovers by itself. Until then each request answers
503 with Retry-After, which tells readers, crawlers and load balancers that this is brief and
that the page is not gone, where a 500 would say the site is broken.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader

RETRY_AFTER_SECONDS = 5


def database_unreachable(error: BaseException | None) -> bool:
    """True for an error of a database that cannot be reached now: a connection that failed
    or was lost. An OperationalError on a live connection (a missing table, SQLite's "no such
    column") is a fault of the site, not an outage, and stays a 500."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    connection = connections[DEFAULT_DB_ALIAS]
    return connection.connection is None or not connection.is_usable()


def unavailable_response() -> HttpResponse:
    # Rendered without context processors: they would query the database that is down.
    response = HttpResponse(loader.get_template("503.html").render({}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
