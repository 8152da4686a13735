"""The full-content viewer on big objects, by hand: bytes read to jump to the end, and time per screen scrolled.

    python tests/benchmarks/bench_viewer.py [--big-gib 5] [--text-mib 100] [--screens 300]

A moto server runs in its own process, its objects written straight into its backend's files (a 5 GiB PUT over
HTTP would take minutes and memory). The app talks to it through a counting loopback proxy (tests/http_proxy.py),
which sums the response bytes it forwards. Measured:

- open a ``--big-gib`` GiB log in the viewer and press G: the bytes read (target: a few hundred KiB at most) and
  the time to the last line shown;
- a ``--text-mib`` MiB log: page down ``--screens`` times, each press timed until the screen shows text with no
  line still reading (target: under 100 ms a screen), median and worst.

Note: moto answers a ranged GET by reading the whole object into memory and slicing it, so each request on the
5 GiB object costs the server seconds and 5 GiB of RAM; the app's own cost is what the proxy counts.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.http_proxy import FakeS3, Reply, Request
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY, free_port

BUCKET = "bench"
BLOCK = b"".join(f"{n:09d} GET /api/v1/items?id={n} 200 {n % 997}ms\n".encode() for n in range(20_000))


def serve(port: int, big_gib: float, text_mib: int) -> None:
    """moto, with a big log and a 100 MiB log written straight into its key files; runs until killed."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.s3.models import s3_backends
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    backend = s3_backends[DEFAULT_ACCOUNT_ID]["aws"]
    backend.create_bucket(BUCKET, REGION)
    for name, size in (("big.log", int(big_gib * 1024**3)), ("text.log", text_mib * 1024**2)):
        key = backend.put_object(BUCKET, name, b"")
        written = 0
        while written + len(BLOCK) < size:
            key._value_buffer.write(BLOCK)
            written += len(BLOCK)
        tail = b"".join(f"tail line {n}\n".encode() for n in range(100))
        filler = b"x" * max(size - written - len(tail) - 1, 0) + b"\n"
        key._value_buffer.write(filler + tail)
        key.contentsize = written + len(filler) + len(tail)
        key._etag = "0" * 32
    print("ready", flush=True)
    while True:
        time.sleep(3600)


class CountingProxy(FakeS3):
    """Forwards every request to moto and counts the response bytes the app received."""

    def __init__(self, upstream: str) -> None:
        super().__init__(self._count, upstream)
        self.bytes = 0
        self._lock = threading.Lock()

    def _count(self, request: Request) -> Reply:
        reply = self.forward(request)
        with self._lock:
            self.bytes += len(reply.body)
        return reply


async def run(endpoint: str, proxy: CountingProxy, screens: int) -> dict[str, float]:
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
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, "timed out"
            await pilot.pause(0.001)

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
        results["text: MiB read while scrolling"] = proxy.bytes / 1024**2
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--big-gib", type=float, default=5)
    parser.add_argument("--text-mib", type=int, default=100)
    parser.add_argument("--screens", type=int, default=300)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.big_gib, args.text_mib)
        return
    port = free_port()
    command = [sys.executable, __file__, "--serve", str(port), "--big-gib", str(args.big_gib)]
    server = subprocess.Popen([*command, "--text-mib", str(args.text_mib)], stdout=subprocess.PIPE)
    try:
        started = time.perf_counter()
        assert server.stdout is not None and server.stdout.readline().strip() == b"ready"
        print(f"server filled in {time.perf_counter() - started:.0f} s")
        with CountingProxy(f"127.0.0.1:{port}") as proxy:
            results = asyncio.run(run(proxy.endpoint, proxy, args.screens))
    finally:
        server.kill()
        server.wait()
    for name, value in results.items():
        print(f"{name:34} {value:12,.1f}")


if __name__ == "__main__":
    main()
