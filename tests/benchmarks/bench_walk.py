"""The parallel walk (summary and search) against one sequential listing and rclone, by hand, not in CI.

    python tests/benchmarks/bench_walk.py [--prefixes 100] [--per-prefix 1000] [--repeat 3] [--delay-ms 20]

A bucket of prefixes x per-prefix keys on a moto server, measured directly and through a loopback proxy that
holds every request for --delay-ms (real S3 answers in tens of milliseconds, moto on loopback in about one).
Targets (issue #10): through the proxy the summary >= 4x faster than one sequential list_objects and no slower
than `rclone size`; directly, summary / sequential <= 1.05; search: first match within 1.5x one list request, all
matches no slower than `rclone lsf -R --include`; summary peak RSS <= idle + 50 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Generator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import boto3
from botocore.config import Config

from objstore_tui.object_store import ObjectStore
from tests.benchmarks.latency_proxy import LatencyProxy
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY, MotoServer

BUCKET = "bench-walk"
PATTERN = "*7.bin"


def fill(url: str, prefixes: int, per_prefix: int) -> None:
    client = boto3.client(
        "s3", endpoint_url=url, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY, region_name=REGION,
        config=Config(max_pool_connections=32),
    )  # fmt: skip
    client.create_bucket(Bucket=BUCKET)
    keys = [f"p{p:03}/obj-{p * per_prefix + n:07}.bin" for p in range(prefixes) for n in range(per_prefix)]
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda key: client.put_object(Bucket=BUCKET, Key=key, Body=b"x" * (len(key) % 97)), keys))


def store_at(endpoint: str) -> ObjectStore:
    return ObjectStore({
        "framework": "boto3", "root_bucket": BUCKET,
        "connection": {"endpoint": endpoint, "access_key": ACCESS_KEY, "secret_key": SECRET_KEY, "secure": False,
                       "read_timeout": 300},  # moto answers a list of a 100,000-key bucket in seconds, under load
    })  # fmt: skip


def rclone(endpoint: str, *args: str) -> Callable[[], object]:
    env = {
        **os.environ, "RCLONE_CONFIG_BENCH_TYPE": "s3", "RCLONE_CONFIG_BENCH_PROVIDER": "Other",
        "RCLONE_CONFIG_BENCH_ENDPOINT": f"http://{endpoint}", "RCLONE_CONFIG_BENCH_ACCESS_KEY_ID": ACCESS_KEY,
        "RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY": SECRET_KEY, "RCLONE_CONFIG_BENCH_REGION": REGION,
    }  # fmt: skip
    env.pop("AWS_CA_BUNDLE", None)  # rclone 1.60's SDK refuses a CA bundle with its own transport
    command = ["rclone", *args]
    return lambda: subprocess.run(command, env=env, check=True, capture_output=True)


def first_match(store: ObjectStore) -> None:
    found = store.find(name=PATTERN)
    assert isinstance(found, Generator)  # closing it stops the walk's threads
    next(found)
    found.close()


def one_request(endpoint: str) -> Callable[[], object]:
    client = boto3.client(
        "s3", endpoint_url=f"http://{endpoint}", aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )  # fmt: skip
    return lambda: client.list_objects_v2(Bucket=BUCKET, MaxKeys=1000)


def interleaved(actions: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median wall time per action, run in turns so load that drifts hits them alike."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def measure(endpoint: str, label: str, repeat: int) -> None:
    store = store_at(endpoint)
    remote = f"bench:{BUCKET}"
    medians = interleaved(
        {
            "sequential list_objects": lambda: sum(1 for _ in store.list_objects()),
            "summarize": lambda: store.summarize(),
            "rclone size": rclone(endpoint, "size", remote),
            "one list request": one_request(endpoint),
            "find first match": lambda: first_match(store),
            "find all matches": lambda: sum(1 for _ in store.find(name=PATTERN)),
            "rclone lsf -R --include": rclone(endpoint, "lsf", "-R", "--include", PATTERN, remote),
        },
        repeat,
    )
    print(f"\n== {label} (median of {repeat}) ==")
    for name, seconds in medians.items():
        print(f"  {name:28} {seconds * 1000:9.1f} ms")
    sequential, summary = medians["sequential list_objects"], medians["summarize"]
    print(f"  sequential / summarize      {sequential / summary:9.2f}x")
    print(f"  summarize / sequential      {summary / sequential:9.2f}")
    print(f"  summarize / rclone size     {summary / medians['rclone size']:9.2f}")
    print(f"  first match / one request   {medians['find first match'] / medians['one list request']:9.2f}")
    print(f"  all matches / rclone lsf    {medians['find all matches'] / medians['rclone lsf -R --include']:9.2f}")


RSS_PROBE = """
import sys, objstore_tui.tui.app
from tests.benchmarks.bench_walk import store_at
def rss(field):
    return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith(field)) / 1024
store = store_at(sys.argv[1]); store.stat_object('p000/obj-0000000.bin')
idle = rss('VmRSS:')
summary = store.summarize()
print(f"{idle:.1f} {rss('VmHWM:'):.1f} {summary.count}")
"""


def peak_rss(endpoint: str) -> None:
    root = Path(__file__).resolve().parents[2]
    command = [sys.executable, "-c", RSS_PROBE, endpoint]
    idle, peak, count = subprocess.run(command, capture_output=True, text=True, cwd=root, check=True).stdout.split()
    print(f"\n== peak RSS ==\n  idle (app imported, store open) {idle} MB, peak summarizing {count} keys {peak} MB")
    print(f"  peak - idle: {float(peak) - float(idle):.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--prefixes", type=int, default=100)
    parser.add_argument("--per-prefix", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--delay-ms", type=float, default=20.0)
    args = parser.parse_args()
    server = MotoServer(Path(tempfile.mkdtemp(prefix="bench-walk-")) / "moto.log").start()
    try:
        started = time.perf_counter()
        fill(server.url, args.prefixes, args.per_prefix)
        print(f"filled {args.prefixes * args.per_prefix:,} keys in {time.perf_counter() - started:.0f} s; "
              f"load: {os.getloadavg()}")  # fmt: skip
        measure(server.endpoint, "directly on moto", args.repeat)
        with LatencyProxy(("127.0.0.1", server.port), args.delay_ms / 1000) as proxy:
            measure(proxy.endpoint, f"through the {args.delay_ms:g} ms proxy", args.repeat)
        peak_rss(server.endpoint)
        print(f"load: {os.getloadavg()}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
