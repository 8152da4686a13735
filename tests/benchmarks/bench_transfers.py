"""The app's transfer engine against ``aws s3 cp`` on one moto server, in one run (by hand, not in CI).

    python tests/benchmarks/bench_transfers.py [--objects 2000] [--mib 512] [--repeat 3]
                                               [--frameworks boto3,minio] [--workers 8]
                                               [--part-mib 16] [--part-concurrency 8]

Times, for each framework: uploading a folder of small files (1-64 KiB, fixed seed) and downloading it back
as a prefix, then the same for one big file, each through ``plan_upload``/``plan_download`` + ``run_transfer``
(with a progress listener attached, as in the app), against ``aws s3 cp [--recursive]`` on the same data.
The store uses the library's default ``transfer`` settings unless ``--part-mib``/``--part-concurrency`` say
otherwise (the AWS CLI keeps its own defaults: 8 MiB parts, 10 at a time).
Prints ours / aws time ratios; targets: <= 1.0 for the small files, <= 1.10 for the big file.

Each measurement is the median of ``--repeat`` runs, ours and aws interleaved: the machine has 2 cores and
the moto server, which is CPU-bound, shares them, so single runs wobble. The aws times include the CLI's
process start-up, as a user of ``aws s3 cp`` pays it; the "aws start-up" line shows how much that is.
Beside wall time, the table gives CPU seconds (client + moto server): on a shared machine they wobble far
less than wall time, and on 2 cores they are what bounds it.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import astuple, dataclass
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


from objstore_tui.object_store import ObjectStore
from objstore_tui.services.jobs import DEFAULT_WORKERS
from objstore_tui.services.jobs.download import plan_download
from objstore_tui.services.jobs.transfer import run_transfer
from objstore_tui.services.jobs.transfer_plan import TransferPlan
from objstore_tui.services.jobs.upload import plan_upload
from tests.benchmarks.local_disk import set_aside
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY, MotoServer

BUCKET = "bench"
SEED = 20240601
SMALL_TARGET = 1.0
BIG_TARGET = 1.10
AWS = Path(sys.executable).with_name("aws")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--objects", type=int, default=2000)
    parser.add_argument("--mib", type=int, default=512)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--frameworks", default="boto3,minio")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--part-mib", type=int, help="multipart threshold and part size, in MiB")
    parser.add_argument("--part-concurrency", type=int, help="parts of one file in flight at once")
    args = parser.parse_args()
    transfer: dict[str, int] = {}
    if args.part_mib:
        transfer |= {"multipart_threshold": args.part_mib * 2**20, "part_size": args.part_mib * 2**20}
    if args.part_concurrency:
        transfer["max_concurrency"] = args.part_concurrency

    work = Path(tempfile.mkdtemp(prefix="objstore-bench-transfers-"))
    server = MotoServer(work / "moto.log").start()
    try:
        bench = Bench(server, work, args.repeat, args.workers, transfer)
        bench.run(args.objects, args.mib, args.frameworks.split(","))
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


class Bench:
    def __init__(self, server: MotoServer, work: Path, repeat: int, workers: int, transfer: dict[str, int]) -> None:
        self.server = server
        self.transfer = transfer
        self.work = work
        self.repeat = repeat
        self.workers = workers
        self.rows: list[tuple[str, Measure, Measure, float]] = []
        self.aws_env = {
            **os.environ,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_CONFIG_FILE": str(work / "no-aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(work / "no-aws-credentials"),
        }

    def store(self, framework: str) -> ObjectStore:
        connection = {
            "endpoint": self.server.endpoint,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "secure": False,
            "region": REGION,
        }
        return ObjectStore(
            {"framework": framework, "root_bucket": BUCKET, "connection": connection, "transfer": self.transfer}
        )

    def run(self, object_count: int, mib: int, frameworks: list[str]) -> None:
        small, big = self.make_data(object_count, mib)
        self.server.raw_client().create_bucket(Bucket=BUCKET)
        startup = self.timed(lambda: self.aws("s3api", "head-bucket", "--bucket", BUCKET))
        print(f"aws start-up (aws s3api head-bucket): {startup.wall:.2f} s, in every aws time", flush=True)
        small_bytes = sum(path.stat().st_size for path in small.iterdir())
        for framework in frameworks:
            store = self.store(framework)
            label = f"{object_count} objects, {small_bytes / 2**20:.0f} MiB"

            def upload(source: Path, store: ObjectStore = store) -> None:
                self.ours(store, plan_upload([source], BUCKET, "ours/"))

            def download(key: str, store: ObjectStore = store) -> None:
                self.ours(store, plan_download(store, BUCKET, [key], self.fresh("ours"), "aws/"))

            self.compare(
                f"upload {label} ({framework})",
                SMALL_TARGET,
                partial(upload, small),
                lambda: self.aws("s3", "cp", "--recursive", str(small), f"s3://{BUCKET}/aws/{small.name}/"),
            )
            self.compare(
                f"download {label} ({framework})",
                SMALL_TARGET,
                partial(download, f"aws/{small.name}/"),
                lambda: self.aws("s3", "cp", "--recursive", f"s3://{BUCKET}/aws/{small.name}/", str(self.fresh("aws"))),
            )
            self.compare(
                f"upload 1 file of {mib} MiB ({framework})",
                BIG_TARGET,
                partial(upload, big),
                lambda: self.aws("s3", "cp", str(big), f"s3://{BUCKET}/aws/{big.name}"),
            )
            self.compare(
                f"download 1 file of {mib} MiB ({framework})",
                BIG_TARGET,
                partial(download, f"aws/{big.name}"),
                lambda: self.aws("s3", "cp", f"s3://{BUCKET}/aws/{big.name}", str(self.fresh("aws") / big.name)),
            )
            store.close()
        self.check_downloads(small, big)
        self.print_table()

    def make_data(self, object_count: int, mib: int) -> tuple[Path, Path]:
        print(f"writing {object_count} small files and one of {mib} MiB ...", flush=True)
        rng = random.Random(SEED)
        small = self.work / "small"
        small.mkdir()
        for index in range(object_count):
            (small / f"file-{index:05d}.bin").write_bytes(rng.randbytes(rng.randint(1024, 64 * 1024)))
        big = self.work / "big.bin"
        with big.open("wb") as handle:
            for _ in range(mib):
                handle.write(rng.randbytes(1024 * 1024))
        return small, big

    def fresh(self, name: str) -> Path:
        """An empty download folder; emptying it happens outside the timed part (see ``timed``)."""
        return self.work / "downloads" / name

    def ours(self, store: ObjectStore, plan: TransferPlan) -> None:
        report = run_transfer(store, plan, workers=self.workers, on_progress=lambda snapshot: None)
        if report.issues or len(report.done) != len(plan.items):
            raise RuntimeError(f"transfer failed: {report.summary('transferred')}: {report.issues[:3]}")

    def aws(self, *arguments: str) -> None:
        command = [str(AWS), *arguments, "--endpoint-url", self.server.url]
        if arguments[1] == "cp":
            command.append("--only-show-errors")
        subprocess.run(command, env=self.aws_env, check=True, stdout=subprocess.DEVNULL)

    def timed(self, action: Callable[[], object]) -> Measure:
        set_aside(self.work / "downloads", self.work / "set-aside")
        client, server = _client_cpu(), self.server_cpu()
        started = time.perf_counter()
        action()
        wall = time.perf_counter() - started
        return Measure(wall, _client_cpu() - client, self.server_cpu() - server)

    def server_cpu(self) -> float:
        """utime + stime of the moto process, from /proc (fields 14 and 15 of its stat line)."""
        assert self.server.process is not None
        fields = Path(f"/proc/{self.server.process.pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def compare(self, label: str, target: float, ours: Callable[[], object], aws: Callable[[], object]) -> None:
        ours_runs, aws_runs = [], []
        for _ in range(self.repeat):
            ours_runs.append(self.timed(ours))
            aws_runs.append(self.timed(aws))
        print(f"{label}: wall s ours {_walls(ours_runs)}, aws {_walls(aws_runs)}", flush=True)
        self.rows.append((label, Measure.median(ours_runs), Measure.median(aws_runs), target))

    def check_downloads(self, small: Path, big: Path) -> None:
        """The last downloads, byte for byte: a fast wrong answer is no answer."""
        ours = self.work / "verify"
        store = self.store("boto3")
        self.ours(store, plan_download(store, BUCKET, [f"aws/{small.name}/", f"aws/{big.name}"], ours, "aws/"))
        for source in [*small.iterdir(), big]:
            copy = ours / source.relative_to(self.work)
            if copy.read_bytes() != source.read_bytes():
                raise RuntimeError(f"{copy} differs from {source}")
        print("downloads verified byte for byte")

    def print_table(self) -> None:
        print(
            f"\n{'operation (medians)':42} {'ours s':>7} {'aws s':>7} {'ratio':>6} {'target':>7}        "
            f"{'ours CPU s':>11} {'aws CPU s':>11} {'ratio':>6}"
        )
        for label, ours, aws, target in self.rows:
            ratio = ours.wall / aws.wall
            verdict = "ok" if ratio <= target else "OVER"
            print(
                f"{label:42} {ours.wall:7.2f} {aws.wall:7.2f} {ratio:6.2f} {'<= ' + str(target):>7}  {verdict:4}  "
                f"{ours.cpu_text:>11} {aws.cpu_text:>11} {ours.cpu / aws.cpu:6.2f}"
            )
        print("CPU s = client + moto server (user + system)")


@dataclass(frozen=True)
class Measure:
    wall: float
    client_cpu: float
    server_cpu: float

    @property
    def cpu(self) -> float:
        return self.client_cpu + self.server_cpu

    @property
    def cpu_text(self) -> str:
        return f"{self.client_cpu:.2f}+{self.server_cpu:.2f}"

    @staticmethod
    def median(runs: list[Measure]) -> Measure:
        return Measure(*(statistics.median(values) for values in zip(*(astuple(run) for run in runs), strict=True)))


def _client_cpu() -> float:
    """CPU of this process (our engine) plus its finished children (the aws CLI)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _walls(runs: list[Measure]) -> str:
    return "/".join(f"{run.wall:.2f}" for run in runs)


if __name__ == "__main__":
    main()
