"""A real HTTP server on 127.0.0.1 for tests that fetch: fixtures, redirects, slow and huge bodies.

Usage::

    from tests.httpserver import serve, slow, stream

    with serve({"/feed.xml": (200, {"Content-Type": "application/rss+xml"}, rss_bytes)}) as srv:
        fetch(srv.url("/feed.xml"), policy=FetchPolicy.allowing("127.0.0.1"))
        assert srv.requests[0].headers["User-Agent"].startswith("zixun/")

A route is ``(status, headers, body)`` or a callable taking the :class:`Recorded` request and
returning such a tuple. ``body`` is bytes, str (sent as UTF-8) or an iterable of byte chunks
(streamed without holding them all). Unknown paths answer 404. Or use the pytest fixture
``http_server`` (import it into a conftest) which yields the :func:`serve` factory.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

Body = bytes | str | Iterable[bytes]
Response = tuple[int, dict[str, str], Body]


@dataclass
class Recorded:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""  # what a POST sent


Route = Response | Callable[[Recorded], Response]


class LocalServer:
    """A running server: its base URL, the requests it saw, and its routes (mutable)."""

    def __init__(self, server: ThreadingHTTPServer, routes: dict[str, Route]) -> None:
        self.server = server
        self.routes = routes
        self.requests: list[Recorded] = []
        host, port = server.server_address[:2]
        self.base = f"http://{host}:{port}"

    def url(self, path: str = "/") -> str:
        """The absolute URL of ``path`` on this server."""
        return self.base + path

    def paths(self) -> list[str]:
        """The paths requested so far, in order."""
        return [request.path for request in self.requests]


def slow(seconds: float, response: Response) -> Callable[[Recorded], Response]:
    """A route that waits ``seconds`` before answering (to test timeouts)."""

    def route(_request: Recorded) -> Response:
        time.sleep(seconds)
        return response

    return route


CHUNK = b"<p>" + "新闻".encode() * 500 + b"</p>\n"


def stream(total_bytes: int, chunk: bytes = CHUNK) -> Iterator[bytes]:
    """A body of ``total_bytes`` made on the fly, never held in memory at once."""
    sent = 0
    while sent < total_bytes:
        piece = chunk[: total_bytes - sent]
        sent += len(piece)
        yield piece


def _handler_for(state: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # one response per connection; the body ends at close

        def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
            self._answer(Recorded(self.command, self.path, dict(self.headers.items())))

        do_HEAD = do_GET  # noqa: N815

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            self._answer(Recorded(self.command, self.path, dict(self.headers.items()),
                                  self.rfile.read(length)))

        def _answer(self, recorded: Recorded) -> None:
            state.requests.append(recorded)
            route = state.routes.get(self.path) or state.routes.get(self.path.split("?", 1)[0])
            if route is None:
                status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
            else:
                status, headers, body = route(recorded) if callable(route) else route
            self._send(status, headers, body)

        def _send(self, status: int, headers: dict[str, str], body: Body) -> None:
            if isinstance(body, str):
                body = body.encode("utf-8")
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if isinstance(body, bytes) and not any(k.lower() == "content-length" for k in headers):
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            chunks = [body] if isinstance(body, bytes) else body
            # A client that hangs up early (size cap, timeout) is expected, not an error.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                for piece in chunks:
                    self.wfile.write(piece)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


@contextlib.contextmanager
def serve(routes: dict[str, Route] | None = None) -> Iterator[LocalServer]:
    """Run a threaded HTTP server on 127.0.0.1 (random port) for the ``with`` block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    state = LocalServer(server, dict(routes or {}))
    server.RequestHandlerClass = _handler_for(state)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def http_server() -> Iterator[Callable[..., LocalServer]]:
    """A factory fixture: ``srv = http_server({...})`` starts a server stopped after the test."""
    with contextlib.ExitStack() as stack:
        yield lambda routes=None: stack.enter_context(serve(routes))
