"""A loopback TCP proxy that adds a fixed delay to every HTTP request, as the round trip to real S3 does.

HTTP/1.1 clients without pipelining (all the tools benchmarked) send a request only once the previous answer
has come in, so each time a connection turns from the server talking to the client talking, a request (or the
body after a ``100 Continue``, itself a round trip on real S3) begins: that data waits ``delay`` seconds before
it is forwarded. Bytes are relayed untouched, so keep-alive and streaming work as without the proxy.
"""

from __future__ import annotations

import selectors
import socket
import threading
import time
from types import TracebackType
from typing import Self


class LatencyProxy:
    def __init__(self, upstream: tuple[str, int], delay: float) -> None:
        self.upstream = upstream
        self.delay = delay
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._closed = False

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self._listener.getsockname()[1]}"

    def __enter__(self) -> Self:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._closed = True
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _relay(self, client: socket.socket) -> None:
        """Both directions of one connection; client data after server data (a new request) waits ``delay``."""
        server = socket.create_connection(self.upstream)
        for end in (client, server):
            end.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        peer = {client: server, server: client}
        client_turn_begins = True
        with selectors.DefaultSelector() as selector, client, server:
            selector.register(client, selectors.EVENT_READ)
            selector.register(server, selectors.EVENT_READ)
            while True:
                for key, _ in selector.select():
                    sock = key.fileobj
                    assert isinstance(sock, socket.socket)
                    try:
                        data = sock.recv(1 << 18)
                    except OSError:
                        return
                    if not data:
                        return
                    if sock is client and client_turn_begins:
                        time.sleep(self.delay)
                    client_turn_begins = sock is server
                    try:
                        peer[sock].sendall(data)
                    except OSError:
                        return
