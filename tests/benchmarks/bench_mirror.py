"""Mirror between two moto servers against ``rclone sync``, in one run (by hand, not in CI).

    python tests/benchmarks/bench_mirror.py [--objects 2000] [--mib 256] [--repeat 3] [--framework minio]

The left server holds ``src/``: ``--objects`` small objects (1-64 KiB, fixed seed) and one of ``--mib`` MiB
(uploaded with boto3's default 8 MiB parts). Each round, ours and rclone's interleaved, mirrors ``src/`` to a
fresh prefix of the right server, then mirrors again with nothing changed:

- ours: ``plan_mirror`` + ``run_mirror_job`` (the app's path, with a progress listener), the library's default
  transfer settings;
- rclone: ``rclone sync left:bench/src right:bench/<prefix>`` (Debian's rclone; the two remotes configured by
  RCLONE_CONFIG_* environment variables), with its defaults (4 transfers) and with ``--transfers 8``.

Prints medians, ours / rclone ratios and CPU seconds (this process or rclone, plus both moto servers: on a
shared machine they wobble less than wall time) (targets: first mirror <= 1.0, second mirror no slower than rclone's),
then the peak RSS of a separate process mirroring the big object alone (target: under 300 MB). Every mirror is
checked: the right prefix must list the same names and sizes as the left. The right prefix is emptied after
each round, outside the timings.
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
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from boto3.s3.transfer import TransferConfig

from objstore_tui.object_store import ObjectStore
from objstore_tui.object_store.mirror import plan_mirror
from objstore_tui.services.jobs.mirror import run_mirror_job
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY, MotoServer

BUCKET = "bench"
SEED = 20241130
RCLONE = shutil.which("rclone") or "/usr/bin/rclone"
RSS_TARGET_MB = 300


def store(endpoint: str, framework: str) -> ObjectStore:
    connection = {
        "endpoint": endpoint,
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "secure": False,
        "region": REGION,
        # moto completes a 256 MiB multipart upload in one silent step, which on a loaded machine outlasts the
        # default 10 s read timeout (AWS keeps the connection alive with whitespace); rclone waits 5 minutes.
        "read_timeout": 120,
    }
    return ObjectStore({"framework": framework, "root_bucket": BUCKET, "connection": connection})


def ours(left: ObjectStore, right: ObjectStore, src: str, dst: str) -> int:
    """One mirror as the app runs it; the number of objects it wrote."""
    plan = plan_mirror(left, src, right, dst)
    report = run_mirror_job(plan, left, right, on_progress=lambda snapshot: None)
    if report.issues:
        raise RuntimeError(f"mirror failed: {report.issues[:3]}")
    return len(report.done)


def rss_child(left_endpoint: str, right_endpoint: str, framework: str) -> None:
    """Run in its own process: mirror the big object alone, then print the peak RSS in KiB."""
    left, right = store(left_endpoint, framework), store(right_endpoint, framework)
    written = ours(left, right, "src/big/", "rss/")
    print(f"{written} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")


class Bench:
    def __init__(self, left: MotoServer, right: MotoServer, work: Path, framework: str, repeat: int) -> None:
        self.left_server, self.right_server = left, right
        self.framework = framework
        self.repeat = repeat
        self.work = work
        self.left = store(left.endpoint, framework)
        self.right = store(right.endpoint, framework)
        # AWS_CA_BUNDLE (set on some machines for HTTPS proxies) makes rclone's S3 client refuse plain HTTP.
        inherited = {name: value for name, value in os.environ.items() if name != "AWS_CA_BUNDLE"}
        self.rclone_env = {**inherited, "RCLONE_CONFIG": str(work / "no-rclone.conf")}
        for name, server in (("LEFT", left), ("RIGHT", right)):
            self.rclone_env |= {
                f"RCLONE_CONFIG_{name}_TYPE": "s3",
                f"RCLONE_CONFIG_{name}_PROVIDER": "Other",
                f"RCLONE_CONFIG_{name}_ENDPOINT": server.url,
                f"RCLONE_CONFIG_{name}_ACCESS_KEY_ID": ACCESS_KEY,
                f"RCLONE_CONFIG_{name}_SECRET_ACCESS_KEY": SECRET_KEY,
                f"RCLONE_CONFIG_{name}_REGION": REGION,
            }
        self.times: dict[str, list[float]] = {}
        self.cpu: dict[str, list[tuple[float, float]]] = {}

    def seed(self, object_count: int, mib: int) -> None:
        print(f"seeding the left server: {object_count} small objects and one of {mib} MiB ...", flush=True)
        rng = random.Random(SEED)
        client = raw(self.left_server)
        client.create_bucket(Bucket=BUCKET)
        raw(self.right_server).create_bucket(Bucket=BUCKET)
        for index in range(object_count):
            body = rng.randbytes(rng.randint(1024, 64 * 1024))
            client.put_object(Bucket=BUCKET, Key=f"src/small/file-{index:05d}.bin", Body=body)
        big = self.work / "big.bin"
        with big.open("wb") as handle:
            for _ in range(mib):
                handle.write(rng.randbytes(1024 * 1024))
        client.upload_file(str(big), BUCKET, "src/big/big.bin", Config=TransferConfig(multipart_chunksize=8 * 2**20))
        big.unlink()
        for warm in (self.left, self.right):  # the app's clients are made once, before any mirror: so are these
            warm.bucket_exists(BUCKET)

    def rclone(self, dst: str, *flags: str) -> None:
        command = [RCLONE, "sync", f"left:{BUCKET}/src", f"right:{BUCKET}/{dst}", *flags]
        subprocess.run(command, env=self.rclone_env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def timed(self, label: str, action: Callable[[], object]) -> None:
        client, servers = _client_cpu(), self.servers_cpu()
        started = time.perf_counter()
        action()
        self.times.setdefault(label, []).append(time.perf_counter() - started)
        self.cpu.setdefault(label, []).append((_client_cpu() - client, self.servers_cpu() - servers))

    def servers_cpu(self) -> float:
        """utime + stime of both moto processes, from /proc (fields 14 and 15 of their stat lines)."""
        total = 0.0
        for server in (self.left_server, self.right_server):
            assert server.process is not None
            fields = Path(f"/proc/{server.process.pid}/stat").read_text().rpartition(")")[2].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def check(self, dst: str) -> None:
        """The right prefix lists exactly the left's names and sizes: a fast wrong answer is no answer."""
        left = {o.key.removeprefix("src/"): o.size for o in self.left.list_objects("src/")}
        right = {o.key.removeprefix(dst): o.size for o in self.right.list_objects(dst)}
        if left != right:
            raise RuntimeError(f"{dst} differs from src/: {len(left)} against {len(right)} objects")

    def round(self, number: int) -> None:
        runs: list[tuple[str, Callable[[str], object]]] = [
            ("ours", lambda dst: ours(self.left, self.right, "src/", dst)),
            ("rclone", lambda dst: self.rclone(dst)),
            ("rclone --transfers 8", lambda dst: self.rclone(dst, "--transfers", "8")),
        ]
        for name, run in runs:
            dst = f"{name.split()[0]}-{number}-{len(name)}/"
            self.timed(f"{name}: first mirror", partial(run, dst))
            self.check(dst)
            self.timed(f"{name}: second mirror", partial(run, dst))
            self.check(dst)
            self.right.delete_prefix(dst)
            print(
                f"round {number}, {name}: "
                + ", ".join(
                    f"{k.split(': ')[1]} {v[-1]:.2f} s" for k, v in self.times.items() if k.startswith(name + ":")
                ),
                flush=True,
            )

    def report(self) -> None:
        medians = {label: statistics.median(times) for label, times in self.times.items()}
        print(f"\n{'mirror (median wall s of ' + str(self.repeat) + ')':44} {'s':>7}  ours/this  CPU s client+servers")
        for label, median in medians.items():
            kind = label.split(": ")[1]
            ratio = medians[f"ours: {kind}"] / median
            client = statistics.median(c for c, _ in self.cpu[label])
            servers = statistics.median(s for _, s in self.cpu[label])
            runs = "/".join(f"{t:.2f}" for t in self.times[label])
            print(f"{label:44} {median:7.2f}  {ratio:9.2f}  {client:6.2f}+{servers:.2f}   runs {runs}")

    def rss(self) -> None:
        script = Path(__file__).resolve()
        command = [sys.executable, str(script), "--rss-child", self.left_server.endpoint, self.right_server.endpoint]
        output = subprocess.run([*command, "--framework", self.framework], check=True, capture_output=True, text=True)
        written, kib = output.stdout.split()
        mb = int(kib) * 1024 / 1e6
        verdict = "ok" if mb < RSS_TARGET_MB else "OVER"
        print(f"peak RSS mirroring the big object alone ({written} written): {mb:.0f} MB (< {RSS_TARGET_MB}) {verdict}")


def _client_cpu() -> float:
    """CPU of this process (our mirror) plus its finished children (rclone)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def raw(server: MotoServer):
    return server.raw_client()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--objects", type=int, default=2000)
    parser.add_argument("--mib", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--framework", default="minio", choices=["boto3", "minio"])
    parser.add_argument("--rss-child", nargs=2, metavar=("LEFT", "RIGHT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        left_endpoint, right_endpoint = args.rss_child
        rss_child(left_endpoint, right_endpoint, args.framework)
        return
    work = Path(tempfile.mkdtemp(prefix="objstore-bench-mirror-"))
    left = MotoServer(work / "left.log").start()
    right = MotoServer(work / "right.log").start()
    try:
        version = subprocess.check_output([RCLONE, "version"], text=True).split()[1]
        print(f"load before: {os.getloadavg()}; rclone: {version}")
        bench = Bench(left, right, work, args.framework, args.repeat)
        bench.seed(args.objects, args.mib)
        for number in range(1, args.repeat + 1):
            bench.round(number)
        bench.report()
        bench.rss()
        print(f"load after: {os.getloadavg()}")
    finally:
        left.stop()
        right.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
