"""The library against raw boto3, raw minio, the AWS CLI and rclone on one moto server (by hand, not in CI).

    python tests/benchmarks/bench_peers.py [--keys 20000] [--prefixes 50] [--objects 2000] [--mib 512]
                                           [--repeat 3] [--latency-ms 0] [--tools ...] [--rows ...]
                                           [--server moto|ceph]

``--server ceph`` runs the same on the live run's Ceph RADOS Gateway (``tests/ceph_server.py``; its Debian
packages installed), a real server where moto's shortcuts do not skew a column: moto reads a whole object for
every ranged GET and scans the whole bucket for every list request.

Rows: list a flat prefix of ``--keys`` keys; count and bytes of ``--keys`` keys in ``--prefixes`` prefixes;
download ``--objects`` objects of 1-64 KiB; upload as many; one ``--mib`` MiB file up, then down.
Columns: ours (the app's engine: ``ObjectStore`` listing, ``plan_*`` + ``run_transfer`` for transfers) through
the boto3 and the minio adapter, raw boto3 and raw minio (8 threads for many objects, the SDKs' own transfer
defaults for one big file), ``aws s3`` and ``rclone`` (configured by environment variables only), and
``obstore`` (Python bindings to Rust's ``object_store``): not a tool users would pick instead, but the engine
the library downloads and sends small files through (``transfer.obstore_downloads``, ``obstore_uploads``),
measured here as it would be used raw. ``--tools ours-minio-sdk,ours-boto3-sdk`` adds the library with both off,
every transfer through the SDKs.

Every measurement runs in a child process of its own, so its peak RSS is its own (``os.wait4``). For the CLIs,
wall time and CPU are the whole child's, start-up included, as their users pay it ("start-up" line below);
for the in-process columns the child times the operation itself (``time.perf_counter``,
``time.process_time``), as an app that is already running pays it. Runs are interleaved (each repeat goes over
every row and column in turn, starting each row one column further on) and the table gives medians.
``--latency-ms 20`` sends every tool through a loopback proxy that holds each request 20 ms, as the round trip
to real S3 does.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests import ceph_server, s3_server  # noqa: E402
from tests.benchmarks.latency_proxy import LatencyProxy  # noqa: E402
from tests.benchmarks.local_disk import set_aside  # noqa: E402
from tests.s3_server import REGION, MotoServer  # noqa: E402


def access_key() -> str:
    """The started server's: children learn which one from ``BENCH_SERVER``, set before they are spawned."""
    return ceph_server.ACCESS_KEY if os.environ.get("BENCH_SERVER") == "ceph" else s3_server.ACCESS_KEY


def secret_key() -> str:
    return ceph_server.SECRET_KEY if os.environ.get("BENCH_SERVER") == "ceph" else s3_server.SECRET_KEY


BUCKET = "bench"
SEED = 20240601
WORKERS = 8
AWS = Path(sys.executable).with_name("aws")
RCLONE = shutil.which("rclone") or "/usr/bin/rclone"
TOOLS = ("ours-boto3", "ours-minio", "raw-boto3", "raw-minio", "obstore", "aws", "rclone")
TWINS = ("ours-boto3-sdk", "ours-minio-sdk")
"""Not run unless named in ``--tools``: the library with obstore off (``transfer.obstore_downloads`` and
``obstore_uploads``), every transfer through its SDK."""
PEERS = ("aws", "rclone")
ROWS = ("list", "size", "down-small", "up-small", "up-big", "down-big")


@dataclass(frozen=True)
class Layout:
    """Where the benchmark's data lives, locally (under ``work``) and in the bucket."""

    work: Path
    endpoint: str

    @property
    def url(self) -> str:
        return f"http://{self.endpoint}"

    small = property(lambda self: self.work / "small")
    big = property(lambda self: self.work / "big.bin")

    def download_dir(self, tool: str, run: int) -> Path:
        return self.work / "downloads" / f"{tool}-{run}"


def describe(row: str, args: argparse.Namespace) -> str:
    return {
        "list": f"list a flat prefix of {args.keys:,} keys",
        "size": f"count + bytes of {args.keys:,} keys in {args.prefixes} prefixes",
        "down-small": f"download {args.objects:,} objects of 1-64 KiB",
        "up-small": f"upload {args.objects:,} objects of 1-64 KiB",
        "up-big": f"upload 1 file of {args.mib} MiB",
        "down-big": f"download 1 file of {args.mib} MiB",
    }[row]


# The measured work, one function per column, each run in a child process.


def ours(framework: str, row: str, layout: Layout, run: int, sdk_transfers: bool = False) -> int:
    from objstore_tui.object_store import ObjectStore
    from objstore_tui.services.jobs import DEFAULT_WORKERS
    from objstore_tui.services.jobs.download import plan_download
    from objstore_tui.services.jobs.transfer import run_transfer
    from objstore_tui.services.jobs.upload import plan_upload

    connection = {"endpoint": layout.endpoint, "access_key": access_key(), "secret_key": secret_key(), "secure": False}
    settings = json.loads(os.environ.get("BENCH_TRANSFER") or "{}")  # --transfer: the library's settings to try
    settings |= {"obstore_downloads": False, "obstore_uploads": False} if sdk_transfers else {}
    config = {"framework": framework, "root_bucket": BUCKET, "connection": connection | {"region": REGION}}
    store = ObjectStore(config | {"transfer": settings})
    assert store.client is not None  # the SDK client built before timing, as the raw columns' are

    def transfer(plan: object) -> int:
        report = run_transfer(store, plan, workers=DEFAULT_WORKERS, on_progress=lambda snapshot: None)  # type: ignore[arg-type]
        if report.issues:
            raise RuntimeError(f"transfer failed: {report.issues[:3]}")
        return len(report.done)

    return timed_in_process(
        {
            "list": lambda: sum(1 for _ in store.list_objects("flat/")),
            "size": lambda: sum(item.size for item in store.list_objects("tree/")),
            "down-small": lambda: transfer(plan_download(store, BUCKET, ["small/"], layout.download_dir(row, run), "")),
            "up-small": lambda: transfer(plan_upload([layout.small], BUCKET, f"up/{framework}-{run}/")),
            "up-big": lambda: transfer(plan_upload([layout.big], BUCKET, f"up/{framework}-{run}/")),
            "down-big": lambda: transfer(
                plan_download(store, BUCKET, ["bigsrc/big.bin"], layout.download_dir("ours", run), "bigsrc/")
            ),
        }[row]
    )


def raw_boto3(row: str, layout: Layout, run: int) -> int:
    import boto3
    from botocore.config import Config

    client = boto3.client(
        "s3",
        endpoint_url=layout.url,
        aws_access_key_id=access_key(),
        aws_secret_access_key=secret_key(),
        region_name=REGION,
        config=Config(signature_version="s3v4", max_pool_connections=32),
    )

    def listing(prefix: str) -> list[Any]:
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix)
        return [item for page in pages for item in page.get("Contents", [])]

    def download_small() -> int:
        target = layout.download_dir(row, run)
        keys = [str(item["Key"]) for item in listing("small/")]
        target.mkdir(parents=True)
        return threaded(lambda key: client.download_file(BUCKET, key, str(target / key.removeprefix("small/"))), keys)

    files = sorted(layout.small.iterdir())
    return timed_in_process(
        {
            "list": lambda: len(listing("flat/")),
            "size": lambda: sum(int(item["Size"]) for item in listing("tree/")),
            "down-small": download_small,
            "up-small": lambda: threaded(
                lambda path: client.upload_file(str(path), BUCKET, f"up/raw-boto3-{run}/{path.name}"), files
            ),
            "up-big": lambda: client.upload_file(str(layout.big), BUCKET, f"up/raw-boto3-{run}/big.bin"),
            "down-big": lambda: client.download_file(BUCKET, "bigsrc/big.bin", str(layout.work / f"raw-boto3-{run}")),
        }[row]
    )


def raw_minio(row: str, layout: Layout, run: int) -> int:
    from minio import Minio

    client = Minio(layout.endpoint, access_key(), secret_key(), secure=False, region=REGION)

    def download_small() -> int:
        target = layout.download_dir(row, run)
        keys = [item.object_name for item in client.list_objects(BUCKET, "small/", recursive=True)]
        return threaded(lambda key: client.fget_object(BUCKET, key, str(target / key.removeprefix("small/"))), keys)

    files = sorted(layout.small.iterdir())
    return timed_in_process(
        {
            "list": lambda: sum(1 for _ in client.list_objects(BUCKET, "flat/", recursive=True)),
            "size": lambda: sum(item.size for item in client.list_objects(BUCKET, "tree/", recursive=True)),
            "down-small": download_small,
            "up-small": lambda: threaded(
                lambda path: client.fput_object(BUCKET, f"up/raw-minio-{run}/{path.name}", str(path)), files
            ),
            "up-big": lambda: client.fput_object(BUCKET, f"up/raw-minio-{run}/big.bin", str(layout.big)),
            "down-big": lambda: client.fget_object(BUCKET, "bigsrc/big.bin", str(layout.work / f"raw-minio-{run}")),
        }[row]
    )


def raw_obstore(row: str, layout: Layout, run: int) -> int:
    import obstore
    from obstore.store import S3Store

    store = S3Store(
        BUCKET,
        endpoint=layout.url,
        access_key_id=access_key(),
        secret_access_key=secret_key(),
        region=REGION,
        virtual_hosted_style_request=False,
        client_options={"allow_http": True},
    )

    def listing(prefix: str) -> list[Any]:
        return [item for page in obstore.list(store, prefix=prefix) for item in page]

    def download(key: str, path: Path) -> None:
        with path.open("wb") as file:
            for chunk in obstore.get(store, key).stream(min_chunk_size=1 << 20):
                file.write(chunk)

    def download_small() -> int:
        target = layout.download_dir(row, run)
        target.mkdir(parents=True)
        keys = [item["path"] for item in listing("small/")]
        return threaded(lambda key: download(key, target / key.removeprefix("small/")), keys)

    files = sorted(layout.small.iterdir())
    return timed_in_process(
        {
            "list": lambda: len(listing("flat/")),
            "size": lambda: sum(item["size"] for item in listing("tree/")),
            "down-small": download_small,
            "up-small": lambda: threaded(lambda path: obstore.put(store, f"up/obstore-{run}/{path.name}", path), files),
            "up-big": lambda: obstore.put(store, f"up/obstore-{run}/big.bin", layout.big),
            "down-big": lambda: download("bigsrc/big.bin", layout.work / f"obstore-{run}"),
        }[row]
    )


def threaded[T](action: Callable[[T], object], items: list[T]) -> int:
    with ThreadPoolExecutor(WORKERS) as pool:
        return len(list(pool.map(action, items)))


def timed_in_process(action: Callable[[], object]) -> int:
    """Run ``action``, print its wall and CPU seconds as JSON for the parent (the child's last line)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({"wall": wall, "cpu": cpu, "result": str(result)[:40]}))
    return 0


def cli_command(tool: str, row: str, layout: Layout, run: int) -> list[str]:
    bucket = f"s3://{BUCKET}"
    target = str(layout.download_dir(tool, run))
    if tool == "aws":
        commands = {
            "list": ["s3", "ls", "--recursive", f"{bucket}/flat/"],
            "size": ["s3", "ls", "--recursive", "--summarize", f"{bucket}/tree/"],
            "down-small": ["s3", "cp", "--recursive", "--only-show-errors", f"{bucket}/small/", target],
            "up-small": ["s3", "cp", "--recursive", "--only-show-errors", str(layout.small), f"{bucket}/up/aws-{run}/"],
            "up-big": ["s3", "cp", "--only-show-errors", str(layout.big), f"{bucket}/up/aws-{run}/big.bin"],
            "down-big": ["s3", "cp", "--only-show-errors", f"{bucket}/bigsrc/big.bin", target + "/big.bin"],
        }
        return [str(AWS), *commands[row], "--endpoint-url", layout.url]
    remote = f"bench:{BUCKET}"
    commands = {
        "list": ["lsf", "-R", "--fast-list", f"{remote}/flat"],
        "size": ["size", f"{remote}/tree"],
        "down-small": ["copy", "--transfers", str(WORKERS), f"{remote}/small", target],
        "up-small": ["copy", "--transfers", str(WORKERS), str(layout.small), f"{remote}/up/rclone-{run}"],
        "up-big": ["copy", str(layout.big), f"{remote}/up/rclone-{run}"],
        "down-big": ["copy", f"{remote}/bigsrc/big.bin", target],
    }
    return [RCLONE, *commands[row]]


def tool_environment(layout: Layout) -> dict[str, str]:
    """The AWS CLI and rclone see the server only through these variables: no config file of the user's."""
    (layout.work / "empty-rclone.conf").touch()
    inherited = {name: value for name, value in os.environ.items() if name != "AWS_CA_BUNDLE"}  # rclone fails on it
    return {
        **inherited,
        "AWS_ACCESS_KEY_ID": access_key(),
        "AWS_SECRET_ACCESS_KEY": secret_key(),
        "AWS_DEFAULT_REGION": REGION,
        "AWS_CONFIG_FILE": str(layout.work / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(layout.work / "no-aws-credentials"),
        "RCLONE_CONFIG": str(layout.work / "empty-rclone.conf"),
        "RCLONE_CONFIG_BENCH_TYPE": "s3",
        "RCLONE_CONFIG_BENCH_PROVIDER": "Other",
        "RCLONE_CONFIG_BENCH_ACCESS_KEY_ID": access_key(),
        "RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY": secret_key(),
        "RCLONE_CONFIG_BENCH_REGION": REGION,
        "RCLONE_CONFIG_BENCH_ENDPOINT": layout.url,
        "RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE": "true",
    }


# The parent: data, interleaved runs, the table.


@dataclass(frozen=True)
class Measure:
    wall: float
    cpu: float
    rss_mb: float


def measure(tool: str, row: str, layout: Layout, run: int) -> Measure:
    set_aside(layout.work / "downloads", layout.work / "set-aside")
    if tool in PEERS:
        command = cli_command(tool, row, layout, run)
    else:
        command = [sys.executable, __file__, "--child", tool, row, layout.endpoint, str(layout.work), str(run)]
    output = child(command, layout)
    if tool in PEERS:
        return output.measure
    reported = json.loads(output.stdout.strip().splitlines()[-1])
    return Measure(reported["wall"], reported["cpu"], output.measure.rss_mb)


@dataclass(frozen=True)
class ChildRun:
    measure: Measure
    stdout: str


def child(command: list[str], layout: Layout) -> ChildRun:
    """Run ``command``; its wall time, and from ``os.wait4`` its own CPU (user + system) and peak RSS.

    Output goes to files, not pipes: a listing's lines would fill a pipe nobody reads while waiting.
    """
    out, err = layout.work / "child.out", layout.work / "child.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=tool_environment(layout), stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"{command[:4]} failed ({process.returncode}): {err.read_text()[-2000:]}")
    return ChildRun(Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024), out.read_text())


def admin_client(server_url: str) -> Any:
    """A plain boto3 client for filling and clearing the bucket, outside any measurement."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=server_url,
        aws_access_key_id=access_key(),
        aws_secret_access_key=secret_key(),
        region_name=REGION,
        config=Config(max_pool_connections=16),
    )


def clear_uploads(server_url: str) -> None:
    """Delete everything under 'up/' (Ceph's in-memory OSD fills up, and moto slows as it grows)."""
    client = admin_client(server_url)
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix="up/"):
        keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
        if keys:
            client.delete_objects(Bucket=BUCKET, Delete={"Objects": keys, "Quiet": True})


def make_data(server_url: str, layout: Layout, args: argparse.Namespace) -> None:
    print(f"filling: {args.keys:,} + {args.keys:,} keys, {args.objects:,} small files, {args.mib} MiB ...", flush=True)
    client = admin_client(server_url)
    client.create_bucket(Bucket=BUCKET)
    keys = [f"flat/{i:06d}" for i in range(args.keys)]
    keys += [f"tree/p{i % args.prefixes:03d}/{i:06d}" for i in range(args.keys)]
    rng = random.Random(SEED)
    layout.small.mkdir()
    for index in range(args.objects):
        (layout.small / f"file-{index:05d}.bin").write_bytes(rng.randbytes(rng.randint(1024, 64 * 1024)))
    with layout.big.open("wb") as handle:
        for _ in range(args.mib):
            handle.write(rng.randbytes(1024 * 1024))
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda key: client.put_object(Bucket=BUCKET, Key=key, Body=b"x" * (len(key) % 7)), keys))
        files = sorted(layout.small.iterdir())
        list(pool.map(lambda path: client.upload_file(str(path), BUCKET, f"small/{path.name}"), files))
    client.upload_file(str(layout.big), BUCKET, "bigsrc/big.bin")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=20_000)
    parser.add_argument("--prefixes", type=int, default=50)
    parser.add_argument("--objects", type=int, default=2000)
    parser.add_argument("--mib", type=int, default=512)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--server", choices=("moto", "ceph"), default="moto", help="ceph: tests/ceph_server.py")
    parser.add_argument("--tools", default=",".join(TOOLS), help=f"any of {', '.join(TOOLS + TWINS)}")
    parser.add_argument("--rows", default=",".join(ROWS))
    parser.add_argument("--transfer", default="{}", help='the library\'s transfer settings, JSON: {"part_size": ...}')
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    parser.add_argument("--clear-uploads", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--fill", nargs=2, metavar=("URL", "WORK"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.clear_uploads:
        clear_uploads(args.clear_uploads)
        return
    if args.fill:
        make_data(args.fill[0], Layout(Path(args.fill[1]), ""), args)
        return
    if args.child:
        tool, row, endpoint, work, run = args.child
        layout = Layout(Path(work), endpoint)
        if tool.startswith("ours-"):
            ours(tool.removeprefix("ours-").removesuffix("-sdk"), row, layout, int(run), tool.endswith("-sdk"))
        else:
            {"raw-boto3": raw_boto3, "raw-minio": raw_minio, "obstore": raw_obstore}[tool](row, layout, int(run))
        return
    os.environ["BENCH_TRANSFER"] = args.transfer
    work = Path(tempfile.mkdtemp(prefix="objstore-bench-peers-"))
    server = start_server(args.server, work)
    try:
        if args.latency_ms:
            with LatencyProxy(("127.0.0.1", server.port), args.latency_ms / 1000) as proxy:
                compare(server, Layout(work, proxy.endpoint), args)
        else:
            compare(server, Layout(work, server.endpoint), args)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


class CephServer:
    """The live run's one-node Ceph RADOS Gateway, where moto's shortcuts (a ranged GET reads the whole object,
    a list request scans the whole bucket) would flatter or punish a column."""

    def __init__(self, folder: Path) -> None:
        self.cluster = ceph_server.CephCluster(folder)

    def start(self) -> CephServer:
        self.cluster.start()
        return self

    def stop(self) -> None:
        self.cluster.stop()

    port = property(lambda self: self.cluster.port)
    endpoint = property(lambda self: self.cluster.endpoint)
    url = property(lambda self: f"http://{self.cluster.endpoint}")


def start_server(kind: str, work: Path) -> MotoServer | CephServer:
    os.environ["BENCH_SERVER"] = kind
    if kind == "ceph":
        return CephServer(work / "ceph").start()
    return MotoServer(work / "moto.log").start()


def compare(server: MotoServer | CephServer, layout: Layout, args: argparse.Namespace) -> None:
    tools, rows = args.tools.split(","), args.rows.split(",")
    # Filled from a child: this process stays small, as each child's peak RSS starts from this one's at fork.
    sizes = [f"--{name}={getattr(args, name)}" for name in ("keys", "prefixes", "objects", "mib")]
    child([sys.executable, __file__, *sizes, "--fill", server.url, str(layout.work)], layout)
    floor = child(["/bin/true"], layout).measure.rss_mb
    print(f"peak RSS floor (a child running /bin/true): {floor:.0f} MB", flush=True)
    if "aws" in tools:
        startup = measure_startup(layout)
        print(f"aws start-up (aws --version): {startup.wall:.2f} s wall, {startup.cpu:.2f} s CPU", flush=True)
    runs: dict[tuple[str, str], list[Measure]] = {}
    for run in range(args.repeat):
        for row in rows:
            # Each repeat starts the row with another tool: whoever follows a heavy run (the server still
            # settling a big upload, the disk writing back a big download) is a different tool each time.
            for tool in tools[run % len(tools) :] + tools[: run % len(tools)]:
                runs.setdefault((row, tool), []).append(measure(tool, row, layout, run))
                if row.startswith("up-"):  # what each tool uploaded goes, untimed: the server does not grow
                    child([sys.executable, __file__, "--clear-uploads", server.url], layout)
            print(f"run {run + 1}, {row}: " + " ".join(f"{t} {runs[row, t][-1].wall:.2f}" for t in tools), flush=True)
    shutil.rmtree(layout.work / "set-aside", ignore_errors=True)
    print_table(runs, tools, rows, args)


def measure_startup(layout: Layout) -> Measure:
    return child([str(AWS), "--version"], layout).measure


def print_table(runs: dict[tuple[str, str], list[Measure]], tools: list[str], rows: list[str], args: object) -> None:
    def median(row: str, tool: str) -> Measure:
        found = runs[row, tool]
        return Measure(*(statistics.median(getattr(m, name) for m in found) for name in ("wall", "cpu", "rss_mb")))

    latency = getattr(args, "latency_ms", 0)
    print(f"\nmedians of {getattr(args, 'repeat', 0)} interleaved runs; added latency per request: {latency:g} ms")
    print("each cell: wall s / client CPU s / peak RSS MB; ratio = ours wall / best peer wall (aws, rclone)")
    print("| work | " + " | ".join(tools) + " | ratio boto3 | ratio minio |")
    print("|---" * (len(tools) + 3) + "|")
    for row in rows:
        medians = {tool: median(row, tool) for tool in tools}
        cells = [f"{m.wall:.2f} / {m.cpu:.2f} / {m.rss_mb:.0f}" for m in medians.values()]
        peers = [medians[tool].wall for tool in PEERS if tool in medians]
        best = min(peers) if peers else None
        ours_tools = ("ours-boto3", "ours-minio")
        ratios = [f"{medians[tool].wall / best:.2f}" if best and tool in medians else "-" for tool in ours_tools]
        print(f"| {describe(row, args)} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
