"""A real HTTP proxy in front of the moto server that stalls chosen requests: the way a hung server behaves.

Requests for which ``stalls(method, path)`` is true are read, then never answered until the proxy stops (the
connection stays open, as with a server that accepted and froze); every other request is forwarded as is.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.s3_server import MotoServer

_HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding"}


class StallingProxy:
    def __init__(self, upstream: MotoServer, stalls: Callable[[str, str], bool]) -> None:
        self._upstream = upstream
        self._stalls = stalls
        self._released = threading.Event()
        self.stalled = threading.Event()
        """Set once a request has been held."""
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="stall-proxy", daemon=True)

    @property
    def endpoint(self) -> str:
        host, port = self._server.server_address[:2]
        return f"{host}:{port}"

    def __enter__(self) -> StallingProxy:
        self._thread.start()
        return self

    def release(self) -> None:
        """Answer the held requests' clients by closing them, and stall nothing from now on."""
        self._released.set()

    def __exit__(self, *exc_info: object) -> None:
        self.release()
        self._server.shutdown()
        self._server.server_close()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if not proxy._released.is_set() and proxy._stalls(self.command, self.path):
                    proxy.stalled.set()
                    proxy._released.wait()
                    self.close_connection = True
                    return
                upstream = http.client.HTTPConnection(proxy._upstream.endpoint.split(":")[0], proxy._upstream.port)
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_HEADERS}
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    response = upstream.getresponse()
                    payload = response.read()
                finally:
                    upstream.close()
                self.send_response(response.status, response.reason)
                head = self.command == "HEAD"  # its Content-Length is the object's size: pass it on as is
                for name, value in response.getheaders():
                    if name.lower() not in _HOP_HEADERS and (head or name.lower() != "content-length"):
                        self.send_header(name, value)
                if not head:
                    self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _forward

        return Handler
