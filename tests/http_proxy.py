"""Small real HTTP servers on 127.0.0.1 that play a faulty S3 server: the SDKs talk to them over real sockets.

``FakeS3`` answers each request with a reply chosen by the test, or forwards it to an upstream server (the
session's moto) when the test's ``answer`` returns None: a proxy that records every request and can fail, swallow,
rewrite or hold single calls (``failing``, ``StallingProxy``). ``SilentServer`` accepts connections and never
answers, as a server that froze after the handshake does.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self
from urllib.parse import parse_qs, urlsplit

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "expect", "proxy-connection", "upgrade"}


@dataclass
class Request:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    peer: tuple[str, int] = ("", 0)
    """The client's address and port: one per connection, so requests with one peer shared a connection."""

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.target).query, keep_blank_values=True)


@dataclass
class Reply:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/xml"})
    declared_length: int | None = None
    """A Content-Length other than the body's: the body is cut short and the connection closed."""


def s3_error(code: str, message: str = "", status: int = 400, **elements: str) -> Reply:
    """An S3 error document; an empty message is sent as an empty <Message/> element, as Ceph does."""
    extra = "".join(f"<{name}>{value}</{name}>" for name, value in elements.items())
    body = f'<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code><Message>{message}</Message>{extra}'
    body += "<RequestId>fake-request</RequestId></Error>"
    return Reply(status, body.encode())


HANG_UP = Reply(0)
"""The reply that is none: the connection is closed without an answer."""

type Answer = Callable[[Request], Reply | None]
type Picker = Callable[[str, str], bool]
"""Called with (method, path with query): True to pick that request."""


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hanging up mid-request (a cancelled transfer, a stopped app) are what the tests provoke."""


class FakeS3:
    """A threaded HTTP server: ``answer(request)`` replies, or None forwards the request to ``upstream``."""

    def __init__(self, answer: Answer, upstream: str | None = None) -> None:
        self.answer = answer
        self.upstream = upstream
        self.requests: list[Request] = []
        self._server = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        host, port = self._server.server_address[:2]
        return f"{host!s}:{port}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def _reply_for(self, request: Request) -> Reply:
        self.requests.append(request)
        reply = self.answer(request)
        if reply is not None:
            return reply
        if self.upstream is None:
            return s3_error("NotImplemented", "the fake server does not know this request", 501)
        return self.forward(request)

    def forward(self, request: Request) -> Reply:
        """Send ``request`` to the upstream server and return its reply (an ``answer`` may edit it)."""
        assert self.upstream is not None, "only a proxy forwards"
        host, _, port = self.upstream.partition(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        try:
            headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP}
            connection.request(request.method, request.target, body=request.body or None, headers=headers)
            response = connection.getresponse()
            body = response.read()
            kept = {k: v for k, v in response.getheaders() if k.lower() not in _HOP_BY_HOP}
            return Reply(response.status, body, kept)
        finally:
            connection.close()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Request(self.command, self.path, dict(self.headers.items()), body, self.client_address[:2])
                if len(body) < length:  # the client gave up mid-body: nothing to answer or forward
                    fake.requests.append(request)
                    self.close_connection = True
                    return
                reply = fake._reply_for(request)
                if reply is HANG_UP:
                    self.close_connection = True
                    return
                self.send_response(reply.status)
                headers = {k: v for k, v in reply.headers.items() if k.lower() != "content-length"}
                for name, value in headers.items():
                    self.send_header(name, value)
                if self.command == "HEAD":
                    self.send_header("Content-Length", reply.headers.get("Content-Length", "0"))
                else:
                    self.send_header("Content-Length", str(reply.declared_length or len(reply.body)))
                    self.close_connection = reply.declared_length is not None
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(reply.body)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle

        return Handler


def failing(picks: Picker, upstream: str) -> FakeS3:
    """A proxy to ``upstream`` that answers the requests ``picks`` chooses with a 500 InternalError."""

    def answer(request: Request) -> Reply | None:
        return s3_error("InternalError", "injected failure", 500) if picks(request.method, request.target) else None

    return FakeS3(answer, upstream)


class StallingProxy(FakeS3):
    """A proxy to ``upstream`` that reads the requests ``stalls`` picks, then holds them unanswered until
    ``release()`` (or the end of the ``with`` block), as a hung server does; the connection is then closed."""

    def __init__(self, upstream: str, stalls: Picker) -> None:
        super().__init__(self._hold, upstream)
        self._stalls = stalls
        self._released = threading.Event()
        self.stalled = threading.Event()
        """Set once a request has been held."""

    def _hold(self, request: Request) -> Reply | None:
        if self._released.is_set() or not self._stalls(request.method, request.target):
            return None
        self.stalled.set()
        self._released.wait()
        return HANG_UP

    def release(self) -> None:
        """Close the held requests and stall nothing from now on."""
        self._released.set()

    def __exit__(self, *exc: object) -> None:
        self.release()
        super().__exit__(*exc)


class SilentServer:
    """Accepts TCP connections and never answers: a server that hangs after the handshake."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        host, port = self._socket.getsockname()[:2]
        self._endpoint = f"{host}:{port}"
        self._accepted: list[socket.socket] = []
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def endpoint(self) -> str:
        return self._endpoint

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                connection, _ = self._socket.accept()
            except OSError:
                return
            self._accepted.append(connection)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._closed.set()
        with contextlib.suppress(OSError):
            self._socket.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        self._socket.close()
        for connection in self._accepted:
            connection.close()
        self._thread.join(timeout=5)


def cutting(picks: Picker, upstream: str, keep: int) -> FakeS3:
    """A proxy to ``upstream`` that sends only the first ``keep`` bytes of the answers ``picks`` chooses and
    then closes the connection, announcing the whole length: a source whose connection drops mid-stream."""

    def answer(request: Request) -> Reply | None:
        if not picks(request.method, request.target):
            return None
        reply = proxy.forward(request)
        return Reply(reply.status, reply.body[:keep], reply.headers, declared_length=len(reply.body))

    proxy = FakeS3(answer, upstream)
    return proxy


class HoldingProxy(FakeS3):
    """A proxy to ``upstream`` that keeps the requests ``holds`` picks waiting until ``release()``, then forwards
    them and every later one as they are: a slow server, whose answers do come."""

    def __init__(self, upstream: str, holds: Picker) -> None:
        super().__init__(self._hold, upstream)
        self._holds = holds
        self._released = threading.Event()
        self.holding = threading.Event()
        """Set once a request is being held."""

    def _hold(self, request: Request) -> Reply | None:
        if not self._released.is_set() and self._holds(request.method, request.target):
            self.holding.set()
            self._released.wait()
        return None

    def release(self) -> None:
        self._released.set()

    def __exit__(self, *exc: object) -> None:
        self.release()
        super().__exit__(*exc)


def rewriting_etags(upstream: str, etag: str) -> FakeS3:
    """A proxy to ``upstream`` that reports ``etag`` as the ETag of every object it writes (a single PUT, or a
    completed multipart upload; parts keep theirs), as a server with non-MD5 ETags, or a lying one, would."""

    def answer(request: Request) -> Reply | None:
        query = request.query
        single_put = (
            request.method == "PUT"
            and "uploadId" not in query
            and "x-amz-copy-source" not in {name.lower() for name in request.headers}
        )
        completion = request.method == "POST" and "uploadId" in query
        if not (single_put or completion):
            return None
        reply = proxy.forward(request)
        if reply.status != 200:
            return reply
        headers = {name: (f'"{etag}"' if name.lower() == "etag" else value) for name, value in reply.headers.items()}
        body = re.sub(rb"<ETag>[^<]*</ETag>", f'<ETag>"{etag}"</ETag>'.encode(), reply.body)
        return Reply(reply.status, body, headers)

    proxy = FakeS3(answer, upstream)
    return proxy


def completed_but_failing(upstream: str) -> FakeS3:
    """A proxy to ``upstream`` that forwards each CompleteMultipartUpload and then answers it with a 500, as when
    a slow completion outlives the client's read timeout: the object is made, the client hears a failure."""

    def answer(request: Request) -> Reply | None:
        if request.method != "POST" or "uploadId" not in request.query:
            return None
        proxy.forward(request)
        return s3_error("InternalError", "injected after the upload was completed", 500)

    proxy = FakeS3(answer, upstream)
    return proxy
