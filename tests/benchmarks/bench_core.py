"""Library overhead against the raw SDKs, on one moto server in one run (by hand, not in CI).

    python tests/benchmarks/bench_core.py [--keys 20000] [--mib 256] [--repeat 3]

Prints ObjectStore / raw SDK time ratios for listing, upload and download; the target is <= 1.10 for each.

Two rows each have a like-for-like twin, because the raw SDKs' defaults do something else than the library:

- raw boto3 sends a CRC32 with every part by default, where the library sends none (several S3-compatible servers
  reject checksum trailers). moto then computes a whole-object checksum at CompleteMultipartUpload for the upload
  that carried none (one more copy of the object and a CRC over it, on the server's side of the 2 cores). The twin
  runs raw boto3 with ``request_checksum_calculation="when_required"``, as the library is configured.
- raw minio's ``fget_object`` deletes an existing file before it renames the new one into place, so for a moment
  there is no file at all; the library replaces it atomically, and ext4 then flushes the new file at the rename.
  Downloads are timed twice: over the last run's file, and to a file that does not exist yet (removed, untimed,
  before each run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from boto3.s3.transfer import TransferConfig
from minio import Minio

from objstore_tui.object_store import ObjectStore
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY, MotoServer

TARGET = 1.10
BUCKET = "bench"


@dataclass
class Timing:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    """This process's CPU time: what the client side costs, free of the server's share of the 2 cores."""


def compare(
    ours: Callable[[], object],
    raw: Callable[[], object],
    repeat: int,
    before: Callable[[], object] = lambda: None,
) -> tuple[Timing, Timing]:
    """Interleaved runs (ours, raw, ours, raw, ...), so load that drifts during the run hits both sides alike.

    ``before`` runs untimed ahead of each run, to put both sides in the same starting state. Then the page cache
    is written back (untimed), so no run pays for an earlier one's writeback: the downloads, and moto's spooled
    copies of uploaded objects. Without it one 256 MiB download took 0.18 s or 0.78 s by what came before.
    """
    timings = {ours: Timing(), raw: Timing()}
    for _ in range(repeat):
        for action in (ours, raw):
            before()
            os.sync()
            wall, cpu = time.perf_counter(), time.process_time()
            action()
            timings[action].wall.append(time.perf_counter() - wall)
            timings[action].cpu.append(time.process_time() - cpu)
    return timings[ours], timings[raw]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", type=int, default=20_000)
    parser.add_argument("--mib", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="objstore-bench-"))
    server = MotoServer(work / "moto.log").start()
    try:
        run(server, work, args.keys, args.mib, args.repeat)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


def run(server: MotoServer, work: Path, key_count: int, mib: int, repeat: int) -> None:
    raw_boto3 = server.raw_client(max_pool_connections=32)
    raw_boto3_no_checksums = server.raw_client(max_pool_connections=32, request_checksum_calculation="when_required")
    raw_minio = Minio(server.endpoint, ACCESS_KEY, SECRET_KEY, secure=False, region=REGION)
    connection = {
        "endpoint": server.endpoint,
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "secure": False,
        "region": REGION,
    }
    stores = {
        name: ObjectStore({"framework": name, "root_bucket": BUCKET, "connection": connection})
        for name in ("boto3", "minio")
    }
    raw_boto3.create_bucket(Bucket=BUCKET)

    print(f"filling {key_count} keys ...", flush=True)
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda i: raw_boto3.put_object(Bucket=BUCKET, Key=f"list/{i:06d}", Body=b"x"), range(key_count)))

    rows: list[tuple[str, Timing, Timing]] = []

    def raw_boto3_listing() -> int:
        pages = raw_boto3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix="list/")
        return sum(len(page.get("Contents", [])) for page in pages)

    def raw_minio_listing() -> int:
        return sum(1 for _ in raw_minio.list_objects(BUCKET, prefix="list/", recursive=True))

    assert raw_boto3_listing() == key_count
    for name, raw_listing in (("boto3", raw_boto3_listing), ("minio", raw_minio_listing)):
        store = stores[name]

        def listing(store: ObjectStore = store) -> int:
            return sum(1 for _ in store.list_objects("list/"))

        assert listing() == key_count
        ours, raw = compare(listing, raw_listing, repeat)
        rows.append((f"list {key_count} keys ({name})", ours, raw))

    source = work / "big.bin"
    with source.open("wb") as handle:
        for _ in range(mib):
            handle.write(os.urandom(1024 * 1024))
    default_transfer = TransferConfig()

    uploads = {
        "boto3": lambda: raw_boto3.upload_file(str(source), BUCKET, "raw/big.bin", Config=default_transfer),
        "minio": lambda: raw_minio.fput_object(BUCKET, "raw/big.bin", str(source)),
    }
    downloads = {
        "boto3": lambda: raw_boto3.download_file(BUCKET, "raw/big.bin", str(work / "raw.bin"), Config=default_transfer),
        "minio": lambda: raw_minio.fget_object(BUCKET, "raw/big.bin", str(work / "raw.bin")),
    }

    def remove_downloads() -> None:
        for name in ("ours.bin", "raw.bin"):
            (work / name).unlink(missing_ok=True)

    for name, store in stores.items():

        def upload(store: ObjectStore = store) -> None:
            store.upload_file(source, "ours/big.bin")

        ours, raw = compare(upload, uploads[name], repeat)
        rows.append((f"upload {mib} MiB ({name})", ours, raw))
        if name == "boto3":
            ours, raw = compare(
                upload,
                lambda: raw_boto3_no_checksums.upload_file(str(source), BUCKET, "raw/big.bin", Config=default_transfer),
                repeat,
            )
            rows.append(("  raw sending no checksums", ours, raw))

        def download(store: ObjectStore = store) -> None:
            store.download_file("ours/big.bin", work / "ours.bin")

        ours, raw = compare(download, downloads[name], repeat)
        rows.append((f"download {mib} MiB ({name})", ours, raw))
        assert (work / "ours.bin").stat().st_size == source.stat().st_size
        ours, raw = compare(download, downloads[name], repeat, before=remove_downloads)
        rows.append(("  to a new file", ours, raw))

    print(f"\nmedians of {repeat} interleaved runs; target: ObjectStore / raw SDK <= {TARGET}")
    print(f"{'operation':30} {'ours s':>8} {'raw s':>8} {'ratio':>6}  {'ours cpu':>9} {'raw cpu':>8} {'ratio':>6}")
    for label, ours, raw in rows:
        wall = statistics.median(ours.wall) / statistics.median(raw.wall)
        cpu = statistics.median(ours.cpu) / statistics.median(raw.cpu)
        print(
            f"{label:30} {statistics.median(ours.wall):8.3f} {statistics.median(raw.wall):8.3f} {wall:6.2f}"
            f"  {statistics.median(ours.cpu):9.3f} {statistics.median(raw.cpu):8.3f} {cpu:6.2f}"
            f"  {'ok' if wall <= TARGET else 'OVER'}"
        )


if __name__ == "__main__":
    main()
