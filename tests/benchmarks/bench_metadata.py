"""Bulk metadata edit of many objects against ``aws s3 cp --recursive --metadata-directive REPLACE`` on one moto
server, in one run (by hand, not in CI).

    python tests/benchmarks/bench_metadata.py [--objects 1000] [--repeat 3] [--frameworks boto3,minio]
                                              [--workers N]

Ours is the app's job as the m key runs it: ``plan_metadata`` (lists the bucket) + ``run_metadata`` (per key a
HEAD, then a copy onto itself with the metadata replaced, keeping content type, storage class and encryption),
with a progress listener attached. aws is ``aws s3 cp s3://b/ s3://b/ --recursive --metadata-directive REPLACE
--cache-control ... --metadata ...`` (one copy per key; it keeps nothing it is not told: the content type
is reset). Both set the same Cache-Control and metadata on every object; after each run
one object is read back to check. Each figure is the median of ``--repeat`` runs, ours and aws interleaved
(2 cores shared with the CPU-bound moto server). The aws time includes the CLI's start-up, as a user pays it.
Target: ours / aws <= 1.0.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


from objstore_tui.object_store import Folder, ObjectStore
from objstore_tui.services.jobs import JobProgress
from objstore_tui.services.jobs.metadata import METADATA_WORKERS, changes_from_document, plan_metadata, run_metadata
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY, MotoServer

BUCKET = "bench-meta"
AWS = Path(sys.executable).with_name("aws")
TARGET = 1.0
SAMPLE = "data/000/object-00007.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--objects", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--frameworks", default="boto3,minio")
    parser.add_argument("--workers", type=int, default=METADATA_WORKERS)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="objstore-bench-metadata-"))
    server = MotoServer(work / "moto.log").start()
    try:
        Bench(server, work, args.workers).run(args.objects, args.repeat, args.frameworks.split(","))
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


class Bench:
    def __init__(self, server: MotoServer, work: Path, workers: int) -> None:
        self.server = server
        self.workers = workers
        self.raw = server.raw_client()
        self.aws_env = {
            **os.environ,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_CONFIG_FILE": str(work / "no-aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(work / "no-aws-credentials"),
        }
        self.round = 0

    def store(self, framework: str) -> ObjectStore:
        connection = {
            "endpoint": self.server.endpoint,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "secure": False,
            "region": REGION,
        }
        return ObjectStore({"framework": framework, "root_bucket": BUCKET, "connection": connection})

    def seed(self, count: int) -> None:
        self.raw.create_bucket(Bucket=BUCKET)

        def put(index: int) -> None:
            key = f"data/{index // 100:03d}/object-{index:05d}.txt"
            self.raw.put_object(Bucket=BUCKET, Key=key, Body=b"x" * 512, ContentType="text/plain")

        with ThreadPoolExecutor(16) as pool:
            list(pool.map(put, range(count)))

    def run(self, count: int, repeat: int, frameworks: list[str]) -> None:
        self.seed(count)
        print(f"{count:,} objects of 512 B; {repeat} interleaved runs each; our workers: {self.workers}")
        print(f"load before: {os.getloadavg()[0]:.2f}")
        for framework in frameworks:
            with self.store(framework) as store:
                ours, theirs = [], []
                for _ in range(repeat):
                    ours.append(self.timed(lambda: self.ours(store, count)))
                    theirs.append(self.timed(lambda: self.aws(count)))
            mine, aws = statistics.median(ours), statistics.median(theirs)
            verdict = "ok" if mine / aws <= TARGET else "SLOWER"
            print(
                f"{framework:6} ours {mine:6.2f} s ({count / mine:6.0f} objects/s)   "
                f"aws s3 cp {aws:6.2f} s ({count / aws:6.0f} objects/s)   ratio {mine / aws:4.2f} {verdict}"
            )
            print(f"        runs: ours {[round(t, 2) for t in ours]}, aws {[round(t, 2) for t in theirs]}")
        print(f"load after: {os.getloadavg()[0]:.2f}")

    def next_values(self) -> tuple[str, str]:
        self.round += 1
        return f"max-age={self.round}", f"run-{self.round}"

    def ours(self, store: ObjectStore, count: int) -> None:
        cache, owner = self.next_values()
        changes = changes_from_document(f"Cache-Control: {cache}\nmeta owner: {owner}\n")
        progress: list[JobProgress] = []
        content_type = self.raw.head_object(Bucket=BUCKET, Key=SAMPLE)["ContentType"]
        plan = plan_metadata(store, BUCKET, [Folder("", BUCKET)], changes)
        report = run_metadata(store, plan, on_progress=progress.append, workers=self.workers)
        assert len(report.done) == count, report.sections()
        self.check(cache, owner, content_type)

    def aws(self, count: int) -> None:
        cache, owner = self.next_values()
        subprocess.run(
            [
                str(AWS),
                "s3",
                "cp",
                f"s3://{BUCKET}/",
                f"s3://{BUCKET}/",
                "--recursive",
                "--metadata-directive",
                "REPLACE",
                "--cache-control",
                cache,
                "--metadata",
                f"owner={owner}",
                "--only-show-errors",
                "--endpoint-url",
                self.server.url,
            ],
            env=self.aws_env,
            check=True,
        )
        self.check(cache, owner, None)

    def check(self, cache: str, owner: str, content_type: str | None) -> None:
        head = self.raw.head_object(Bucket=BUCKET, Key=SAMPLE)
        assert (head["CacheControl"], head["Metadata"]) == (cache, {"owner": owner}), head
        if content_type is not None:
            assert head["ContentType"] == content_type, head

    @staticmethod
    def timed(call: Callable[[], None]) -> float:
        start = time.perf_counter()
        call()
        return time.perf_counter() - start


if __name__ == "__main__":
    main()
