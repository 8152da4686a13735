"""A real HTTP proxy in front of the test S3 server that fails the requests a test picks.

It forwards every other request byte for byte (the SDK's signature covers the host it was sent to, which moto
does not check), and answers the picked ones with a 500 and an S3 error document, as a failing server would.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.s3_server import free_port

type Picker = Callable[[str, str], bool]
"""Called with (method, path with query): True to fail that request."""

_FAILURE = (
    b"<?xml version='1.0' encoding='UTF-8'?>"
    b"<Error><Code>InternalError</Code><Message>injected failure</Message></Error>"
)
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


class FailingProxy:
    def __init__(self, upstream: str, fails: Picker) -> None:
        self.upstream = upstream
        self.fails = fails
        self.failed: list[str] = []
        self.port = free_port()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, name="failing-proxy", daemon=True)

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.port}"

    def __enter__(self) -> FailingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if proxy.fails(self.command, self.path):
                    proxy.failed.append(f"{self.command} {self.path}")
                    self._answer(500, [("Content-Type", "application/xml")], _FAILURE)
                    return
                upstream = http.client.HTTPConnection(proxy.upstream, timeout=30)
                try:
                    upstream.request(self.command, self.path, body, dict(self.headers.items()))
                    response = upstream.getresponse()
                    payload = response.read()
                    headers = [(k, v) for k, v in response.getheaders() if k.lower() not in _HOP_BY_HOP]
                    length = response.getheader("Content-Length") if self.command == "HEAD" else None
                    self._answer(response.status, headers, payload, length)
                finally:
                    upstream.close()

            def _answer(
                self, status: int, headers: list[tuple[str, str]], payload: bytes, length: str | None = None
            ) -> None:
                """``length`` keeps a HEAD's Content-Length: the size of the body it did not send."""
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", length or str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _forward

        return Handler
