"""The full-content viewer on big objects, by hand: bytes read to jump to the end, and time per screen scrolled.

    python tests/benchmarks/bench_viewer.py [--big-gib 5] [--text-mib 100] [--screens 300]

The objects are served by a small S3 endpoint on 127.0.0.1 (``SyntheticS3``, on tests/http_proxy.py's FakeS3)
that makes each object's bytes from its offset, a log line pattern ending in 100 numbered tail lines, and counts
every response byte it sends. moto cannot serve this: it answers a ranged GET by reading the whole object into
memory and slicing it, so on a 1 GiB object each 64 KiB read costs the server seconds and a GiB of RAM (tried:
the 5 GiB and the 1 GiB runs timed out on this shared machine). The app runs as usual (boto3 backend, headless).

- open a ``--big-gib`` GiB log in the viewer (from the browser: listing, preview pane, viewer) and press G: the
  bytes sent (target: a few hundred KiB at most) and the time to the last line shown;
- a ``--text-mib`` MiB log: page down ``--screens`` times; each screen is timed from the key's action to every
  visible line drawn (reading blocks when needed; target: under 100 ms a screen), median and worst. The same key
  through ``pilot.press`` is reported too: it includes the test pilot's own pauses.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.http_proxy import FakeS3, Reply, Request
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY

BUCKET = "bench"
BLOCK = b"".join(f"{n:09d} GET /api/v1/items?id={n} 200 {n % 997}ms\n".encode() for n in range(20_000))


TAIL = b"".join(f"tail line {n}\n".encode() for n in range(100))
STAMP = "2026-11-30T00:00:00.000Z"
NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/"


class SyntheticS3(FakeS3):
    """One bucket of log objects made from their offsets: list, HEAD and ranged GET; counts the bytes it sends."""

    def __init__(self, objects: dict[str, int]) -> None:
        super().__init__(self._reply)
        self.objects = objects
        self.bytes = 0
        self._lock = threading.Lock()

    def _content(self, key: str, start: int, end: int) -> bytes:
        """Bytes [start, end) of ``key``: the block pattern, then the tail lines at the very end."""
        size = self.objects[key]
        tail_start = size - len(TAIL)
        out = bytearray()
        position = start
        while position < min(end, tail_start):
            offset = position % len(BLOCK)
            piece = BLOCK[offset : offset + min(end, tail_start) - position]
            out += piece
            position += len(piece)
        if end > tail_start:
            out += TAIL[max(start, tail_start) - tail_start : end - tail_start]
        return bytes(out)

    def _reply(self, request: Request) -> Reply:
        reply = self._answer(request)
        with self._lock:
            self.bytes += len(reply.body)
        return reply

    def _answer(self, request: Request) -> Reply:
        parts = request.path.strip("/").split("/", 1)
        if parts == [""]:
            buckets = f"<Bucket><Name>{BUCKET}</Name><CreationDate>{STAMP}</CreationDate></Bucket>"
            body = f'<ListAllMyBucketsResult xmlns="{NAMESPACE}"><Buckets>{buckets}</Buckets></ListAllMyBucketsResult>'
            return Reply(200, body.encode())
        if len(parts) == 1:
            return self._listing(request)
        key, size = parts[1], self.objects.get(parts[1])
        if size is None:
            return Reply(404, b"<Error><Code>NoSuchKey</Code><Message>no such key</Message></Error>")
        headers = {"ETag": '"0123456789abcdef0123456789abcdef"', "Last-Modified": "Mon, 30 Nov 2026 00:00:00 GMT"}
        headers["Content-Type"] = "text/plain"
        if request.method == "HEAD":
            return Reply(200, b"", {**headers, "Content-Length": str(size)})
        first, _, last = request.headers.get("Range", f"bytes=0-{size - 1}").removeprefix("bytes=").partition("-")
        start, end = int(first), min(int(last) + 1 if last else size, size)
        headers["Content-Range"] = f"bytes {start}-{end - 1}/{size}"
        return Reply(206, self._content(key, start, end), headers)

    def _listing(self, request: Request) -> Reply:
        prefix = request.query.get("prefix", [""])[0]
        contents = "".join(
            f"<Contents><Key>{key}</Key><LastModified>{STAMP}</LastModified><ETag>&quot;0&quot;</ETag>"
            f"<Size>{size}</Size><StorageClass>STANDARD</StorageClass></Contents>"
            for key, size in sorted(self.objects.items())
            if key.startswith(prefix)
        )
        body = (
            f'<ListBucketResult xmlns="{NAMESPACE}"><Name>{BUCKET}</Name><Prefix>{prefix}</Prefix>'
            f"<KeyCount>{len(self.objects)}</KeyCount><MaxKeys>1000</MaxKeys><Delimiter>/</Delimiter>"
            f"<IsTruncated>false</IsTruncated>{contents}</ListBucketResult>"
        )
        return Reply(200, body.encode())


async def run(endpoint: str, proxy: SyntheticS3, screens: int) -> dict[str, float]:
    from objstore_tui.object_store import ObjectStoreConfiguration
    from objstore_tui.services.location import Location
    from objstore_tui.tui.app import ObjstoreApp, StoreTarget
    from objstore_tui.tui.screens.main import MainScreen
    from objstore_tui.tui.screens.viewer import ViewerScreen
    from objstore_tui.tui.widgets.content_view import ContentView

    config = ObjectStoreConfiguration.parse(
        {
            "framework": "boto3",
            "connection": {
                "endpoint": endpoint,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "secure": False,
                "region": REGION,
            },
        }
    )
    target = StoreTarget(config, "bench", Location(BUCKET), description="bench")

    async def until(pilot, condition, timeout: float = 600) -> None:
        """Like tests.helpers.wait_for, but checking after every round of messages (no poll interval): the
        per-screen times measured here are milliseconds."""
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, "timed out"
            await pilot.pause()

    def shown(view: ContentView) -> list[str]:
        return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]

    def settled(view: ContentView) -> bool:
        return not any(line.startswith(("…", "reading…")) for line in shown(view))

    async def open_viewer(pilot, name: str) -> ContentView:
        screen = pilot.app.screen
        assert isinstance(screen, MainScreen)
        await until(pilot, lambda: not screen.is_listing and screen.table.rows.row_count == 2)
        table = screen.table
        table.action_first_row()
        assert table.highlighted_entry is not None
        while table.highlighted_entry.name != name:
            table.action_cursor_down()
        await pilot.press("o")
        await until(pilot, lambda: isinstance(pilot.app.screen, ViewerScreen) and pilot.app.screen.content_view)
        view = pilot.app.screen.content_view
        await until(pilot, lambda: len(view.window) > 0 and settled(view))
        return view

    results: dict[str, float] = {}
    async with ObjstoreApp(target).run_test(size=(160, 48)) as pilot:
        proxy.bytes = 0
        start = time.perf_counter()
        view = await open_viewer(pilot, "big.log")
        results["big: open, bytes"] = proxy.bytes
        results["big: open, s"] = time.perf_counter() - start
        before, start = proxy.bytes, time.perf_counter()
        await pilot.press("G")
        await until(pilot, lambda: view.window.at_end and any("tail line 99" in line for line in shown(view)))
        results["big: G, bytes"] = proxy.bytes - before
        results["big: G, s"] = time.perf_counter() - start
        results["big: open + G, KiB"] = proxy.bytes / 1024
        await pilot.press("escape")

        view = await open_viewer(pilot, "text.log")
        before = proxy.bytes
        timings, presses = [], []
        for _ in range(screens):
            top = view.scroll_y
            start = time.perf_counter()
            view.action_page_down()  # what the key does, then the screen drawn as the compositor draws it
            lines = shown(view)
            if not settled(view):
                await until(pilot, lambda: settled(view))
                lines = shown(view)
            timings.append((time.perf_counter() - start) * 1000)
            assert view.scroll_y > top and lines
            start = time.perf_counter()
            await pilot.press("pagedown")  # the same through Textual's key handling and a pilot pause
            presses.append((time.perf_counter() - start) * 1000)
            await until(pilot, lambda: settled(view))
        results["text: pilot.press(pagedown), ms median"] = statistics.median(presses)
        results["text: screens"] = len(timings)
        results["text: ms per screen, median"] = statistics.median(timings)
        results["text: ms per screen, worst"] = max(timings)
        results["text: MiB read while scrolling"] = (proxy.bytes - before) / 1024**2
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--big-gib", type=float, default=5)
    parser.add_argument("--text-mib", type=int, default=100)
    parser.add_argument("--screens", type=int, default=300)
    args = parser.parse_args()
    objects = {"big.log": int(args.big_gib * 1024**3), "text.log": args.text_mib * 1024**2}
    with SyntheticS3(objects) as server:
        results = asyncio.run(run(server.endpoint, server, args.screens))
    for name, value in results.items():
        print(f"{name:40} {value:12,.1f}")


if __name__ == "__main__":
    main()
