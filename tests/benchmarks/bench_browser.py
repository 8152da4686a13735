"""The browser on a prefix of 100,000 keys against the raw SDK, on one moto server in one run (by hand).

    python tests/benchmarks/bench_browser.py [--keys 100000] [--repeat 3]

Each side runs in its own process: the moto server (filled in-process, which takes seconds rather than the
minutes 100,000 PUTs would), the raw boto3 listing, and the app (headless, so its peak RSS is its own).
Measured, as medians:

- app: from opening the prefix to the first rows drawn, and to all rows loaded; peak RSS; the longest the UI's
  event loop was kept waiting while the listing streams in; then the same listing again with the cursor moving
  down every 50 ms (a held-down arrow key), its time to all rows, longest stall and the app's CPU time against
  the still listing's;
- raw boto3: one ListObjectsV2 page, and the full paginated listing (same prefix and delimiter as the app).

Targets: first rows <= 1.5x one raw page, all rows <= 1.10x the raw full listing, peak RSS < 300 MB, and
scrolling through the rows as they stream in costs less than twice the CPU of the listing alone.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY, free_port

BUCKET = "bench"
PREFIX = "big/"
FIRST_ROWS_TARGET = 1.5
ALL_ROWS_TARGET = 1.10
RSS_TARGET_MB = 300
SCROLLING_CPU_TARGET = 2.0


def serve(port: int, keys: int) -> None:
    """The moto server, with the keys put straight into its backend; runs until killed."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.s3.models import s3_backends
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    backend = s3_backends[DEFAULT_ACCOUNT_ID]["aws"]
    backend.create_bucket(BUCKET, REGION)
    for number in range(keys):
        backend.put_object(BUCKET, f"{PREFIX}event-{number:07d}.json", b'{"n": 1}')
    backend.put_object(BUCKET, "readme.txt", b"benchmark bucket\n")
    print("ready", flush=True)
    while True:
        time.sleep(3600)


def raw(endpoint: str) -> dict[str, float]:
    import boto3
    from botocore.config import Config

    client = boto3.client(
        "s3",
        endpoint_url=f"http://{endpoint}",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
        config=Config(signature_version="s3v4"),
    )
    client.head_bucket(Bucket=BUCKET)  # connection and signing set up, as the app's are by then
    started = time.perf_counter()
    client.list_objects_v2(Bucket=BUCKET, Prefix=PREFIX, Delimiter="/")
    first_page = time.perf_counter() - started
    started = time.perf_counter()
    count = 0
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=PREFIX, Delimiter="/"):
        count += len(page.get("Contents", [])) + len(page.get("CommonPrefixes", []))
    return {"first_page": first_page, "full": time.perf_counter() - started, "count": count}


def app(endpoint: str) -> dict[str, float]:
    from textual.strip import Strip

    from objstore_tui.object_store import ObjectStoreConfiguration
    from objstore_tui.services.location import Location
    from objstore_tui.tui.app import ObjstoreApp, StoreTarget
    from objstore_tui.tui.screens.main import MainScreen
    from objstore_tui.tui.widgets.object_table import ObjectTable

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
    marks: dict[str, float] = {}
    draw_row = ObjectTable.render_line

    def timed_render_line(self: ObjectTable, y: int) -> Strip:
        if "opened" in marks and "first_rows" not in marks and y >= 1 and self.rows.row_count:
            marks["first_rows"] = time.perf_counter()
        return draw_row(self, y)

    ObjectTable.render_line = timed_render_line  # type: ignore[method-assign]

    async def load(screen: MainScreen, table: ObjectTable, scroll: bool) -> tuple[float, float, float]:
        """Open the prefix; return (seconds to all rows, longest event-loop stall, the app's CPU seconds) while
        it streams in.

        The stall is how late a 20 ms sleep wakes up: what a key press would wait for. With ``scroll`` the cursor
        also moves down every 50 ms, a held-down arrow key.
        """
        marks.pop("first_rows", None)
        marks["opened"] = time.perf_counter()
        cpu = time.process_time()
        screen.open_location(Location(BUCKET, PREFIX))
        longest_stall, last_move = 0.0, time.perf_counter()
        while screen.is_listing:
            if scroll and time.perf_counter() - last_move >= 0.05:
                table.action_cursor_down()
                last_move = time.perf_counter()
            asleep = time.perf_counter()
            await asyncio.sleep(0.02)
            longest_stall = max(longest_stall, time.perf_counter() - asleep - 0.02)
        return time.perf_counter() - marks["opened"], longest_stall, time.process_time() - cpu

    async def run() -> dict[str, float]:
        target = StoreTarget(config, "bench", Location(BUCKET))
        async with ObjstoreApp(target).run_test(size=(160, 45)) as pilot:
            while not isinstance(pilot.app.screen, MainScreen) or pilot.app.screen.location is None:
                await pilot.pause(0.01)
            screen = pilot.app.screen
            while screen.is_listing:
                await pilot.pause(0.01)
            table = screen.query_one(ObjectTable)
            all_rows, stall, cpu = await load(screen, table, scroll=False)
            first_rows = marks["first_rows"] - marks["opened"]
            assert table.rows.row_count == table.rows.entry_count
            rows = table.rows.row_count
            all_rows_scrolling, stall_scrolling, cpu_scrolling = await load(screen, table, scroll=True)
            return {
                "first_rows": first_rows,
                "all_rows": all_rows,
                "rows": rows,
                "longest_stall": stall,
                "all_rows_scrolling": all_rows_scrolling,
                "longest_stall_scrolling": stall_scrolling,
                "cpu": cpu,
                "cpu_scrolling": cpu_scrolling,
            }

    result = asyncio.run(run())
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def in_process(mode: str, endpoint: str) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, f"--{mode}", endpoint], capture_output=True, text=True, check=True, timeout=900
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--serve", nargs=2, metavar=("PORT", "KEYS"), help=argparse.SUPPRESS)
    parser.add_argument("--raw", metavar="ENDPOINT", help=argparse.SUPPRESS)
    parser.add_argument("--app", metavar="ENDPOINT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(int(args.serve[0]), int(args.serve[1]))
    elif args.raw:
        print(json.dumps(raw(args.raw)))
    elif args.app:
        print(json.dumps(app(args.app)))
    else:
        compare(args.keys, args.repeat)


def compare(keys: int, repeat: int) -> None:
    port = free_port()
    print(f"filling moto with {keys:,} keys under {BUCKET}/{PREFIX} ...", flush=True)
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port), str(keys)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        endpoint = f"127.0.0.1:{port}"
        raws, apps = [], []
        for round_number in range(1, repeat + 1):
            raws.append(in_process("raw", endpoint))
            apps.append(in_process("app", endpoint))
            print(f"round {round_number}: raw {raws[-1]}\n         app {apps[-1]}", flush=True)
    finally:
        server.kill()
        server.wait()

    def median(results: list[dict[str, float]], name: str) -> float:
        return statistics.median(result[name] for result in results)

    assert all(result["rows"] == keys for result in apps), "the app did not list every key"
    page, full = median(raws, "first_page"), median(raws, "full")
    first, every = median(apps, "first_rows"), median(apps, "all_rows")
    rss = max(result["peak_rss_mb"] for result in apps)
    stall, stall_scrolling = median(apps, "longest_stall"), median(apps, "longest_stall_scrolling")
    every_scrolling = median(apps, "all_rows_scrolling")
    rows = [
        ("first rows drawn", first, page, "raw: one list page", first / page, FIRST_ROWS_TARGET),
        ("all rows loaded", every, full, "raw: full listing", every / full, ALL_ROWS_TARGET),
    ]
    print(f"\n{keys:,} keys, medians of {repeat} runs")
    for name, ours, theirs, what, ratio, target in rows:
        verdict = "ok" if ratio <= target else "MISSED"
        print(f"  {name:<17} {ours:7.3f} s   {what:<19} {theirs:7.3f} s   ratio {ratio:.2f} (<= {target}) {verdict}")
    verdict = "ok" if rss < RSS_TARGET_MB else "MISSED"
    print(f"  peak RSS of the app {rss:6.0f} MB (< {RSS_TARGET_MB} MB) {verdict}")
    print(f"  longest event-loop stall while loading: {stall * 1000:.0f} ms, {stall_scrolling * 1000:.0f} ms scrolling")
    print(f"  all rows loaded while scrolling {every_scrolling:.3f} s (ratio {every_scrolling / full:.2f})")
    cpu, cpu_scrolling = median(apps, "cpu"), median(apps, "cpu_scrolling")
    verdict = "ok" if cpu_scrolling < SCROLLING_CPU_TARGET * cpu else "MISSED"
    print(
        f"  app CPU {cpu:.2f} s, {cpu_scrolling:.2f} s scrolling: {cpu_scrolling / cpu:.2f}x"
        f" (< {SCROLLING_CPU_TARGET}x) {verdict}"
    )


if __name__ == "__main__":
    main()
