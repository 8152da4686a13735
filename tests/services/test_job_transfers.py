"""The runner driving real uploads on the test server: the cancel semantics transfers will keep once migrated."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from objstore_tui.object_store import ObjectStore
from objstore_tui.services.jobs import ItemContext, Outcome, run_job
from tests.contract.conftest import s3_config
from tests.s3_server import ACCESS_KEY, SECRET_KEY, MotoServer

MiB = 1024 * 1024
WAIT = 30.0


def test_a_cancel_stops_the_big_upload_at_its_next_chunk_and_keeps_the_finished_ones(
    s3_server: MotoServer, raw_s3, tmp_path: Path
) -> None:
    """Small files run beside the big one (its own pool); the cancel comes once they are in, mid big upload."""
    store = ObjectStore(s3_config("minio", s3_server.endpoint, ACCESS_KEY, SECRET_KEY, False))
    raw_s3.create_bucket(Bucket="jobs")
    files = []
    for name, size in (("big.bin", 12 * MiB), ("a.txt", 10), ("b.txt", 20), ("c.txt", 30)):
        (tmp_path / name).write_bytes(os.urandom(size))
        files.append(tmp_path / name)
    cancel = threading.Event()
    uploaded = threading.Condition()
    small_in: list[str] = []

    def upload(path: Path, ctx: ItemContext) -> None:
        progress = ctx.progress
        if path.name == "big.bin":

            def progress(done: int, total: int) -> None:
                ctx.progress(done, total)
                with uploaded:
                    assert uploaded.wait_for(lambda: len(small_in) == 3, WAIT), "the small files never finished"
                cancel.set()

        store.upload_file(path, f"up/{path.name}", "jobs", progress=progress, cancel=ctx.cancel)
        with uploaded:
            small_in.append(path.name)
            uploaded.notify_all()

    report = run_job(
        files,
        upload,
        name=lambda path: path.name,
        size=lambda path: path.stat().st_size,
        workers=2,
        is_big=lambda path: path.stat().st_size >= store.config.transfer.multipart_threshold,
        cancel=cancel,
    )

    assert {r.name: r.outcome for r in report.results} == {
        "big.bin": Outcome.CANCELLED,
        "a.txt": Outcome.DONE,
        "b.txt": Outcome.DONE,
        "c.txt": Outcome.DONE,
    }
    listed = raw_s3.list_objects_v2(Bucket="jobs").get("Contents", [])
    assert sorted(item["Key"] for item in listed) == ["up/a.txt", "up/b.txt", "up/c.txt"]
    assert raw_s3.list_multipart_uploads(Bucket="jobs").get("Uploads", []) == []
    assert report.bytes == 60
    assert report.summary("uploaded", ("file", "files")).endswith(": 3 of 4 files uploaded; 1 not uploaded")
