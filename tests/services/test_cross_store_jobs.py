"""Cross-store copy, move and mirror as jobs on the one runner, between two moto servers (minio adapter on
one, boto3 on the other), the servers read back with plain boto3."""

from __future__ import annotations

import os
import threading

import pytest

from objstore_tui.object_store import Folder, ObjectStore
from objstore_tui.object_store.mirror import ActionKind, plan_mirror
from objstore_tui.services.jobs import Conflict, JobProgress, Outcome
from objstore_tui.services.jobs.cross_copy import cross_copy_summary, plan_cross_copy, run_cross_copy
from objstore_tui.services.jobs.mirror import mirror_summary, run_mirror_job
from tests.contract.conftest import s3_config
from tests.s3_server import ACCESS_KEY, SECRET_KEY, MotoServer

MiB = 1024 * 1024
PART = 5 * MiB


def _store(framework: str, server: MotoServer) -> ObjectStore:
    config = s3_config(framework, server.endpoint, ACCESS_KEY, SECRET_KEY, False)
    return ObjectStore({**config, "transfer": {"multipart_threshold": PART, "part_size": PART, "max_concurrency": 4}})


def _raw(server: MotoServer):
    return server.raw_client()


@pytest.fixture
def two(s3_server: MotoServer, second_s3_server: MotoServer):
    """(left store, left raw client, right store, right raw client), each with a bucket 'jobs'."""
    left, right = _store("minio", s3_server), _store("boto3", second_s3_server)
    left_raw, right_raw = _raw(s3_server), _raw(second_s3_server)
    left_raw.create_bucket(Bucket="jobs")
    right_raw.create_bucket(Bucket="jobs")
    yield left, left_raw, right, right_raw
    left.close()
    right.close()


def _keys(raw, prefix: str = "") -> list[str]:
    return sorted(item["Key"] for item in raw.list_objects_v2(Bucket="jobs", Prefix=prefix).get("Contents", []))


def test_a_folder_moves_to_the_other_store_with_conflicts_skipped(two) -> None:
    left, left_raw, right, right_raw = two
    big = os.urandom(2 * PART + 1)
    left_raw.put_object(Bucket="jobs", Key="logs/2024/a.txt", Body=b"a", ContentType="text/plain")
    left_raw.put_object(Bucket="jobs", Key="logs/2024/big.bin", Body=big)
    left_raw.put_object(Bucket="jobs", Key="logs/2024/taken.txt", Body=b"new")
    right_raw.put_object(Bucket="jobs", Key="archive/2024/taken.txt", Body=b"old")

    plan = plan_cross_copy(left, "jobs", [Folder("logs/2024/", "jobs")], right, "jobs", "archive", base_prefix="logs/")
    assert plan.existing == frozenset({"archive/2024/taken.txt"})
    seen: list[JobProgress] = []
    report = run_cross_copy(left, right, plan, move=True, conflict=Conflict.SKIP, on_progress=seen.append)

    assert {r.name: r.outcome for r in report.results} == {
        "logs/2024/a.txt": Outcome.DONE,
        "logs/2024/big.bin": Outcome.DONE,
        "logs/2024/taken.txt": Outcome.SKIPPED,
    }
    assert _keys(right_raw) == ["archive/2024/a.txt", "archive/2024/big.bin", "archive/2024/taken.txt"]
    assert right_raw.get_object(Bucket="jobs", Key="archive/2024/big.bin")["Body"].read() == big
    assert right_raw.get_object(Bucket="jobs", Key="archive/2024/taken.txt")["Body"].read() == b"old"
    assert _keys(left_raw) == ["logs/2024/taken.txt"]
    assert seen[-1].finished and seen[-1].bytes_done == len(big) + 1
    assert cross_copy_summary(plan, report, "moved", "backup").startswith("2 objects moved to backup:jobs in ")


def test_a_cancelled_cross_store_job_keeps_what_finished_and_leaves_no_pending_upload(two) -> None:
    left, left_raw, right, right_raw = two
    left_raw.put_object(Bucket="jobs", Key="big.bin", Body=os.urandom(3 * PART))
    cancel = threading.Event()

    def cancel_once_bytes_move(progress: JobProgress) -> None:
        if progress.bytes_done > 0:
            cancel.set()

    plan = plan_cross_copy(left, "jobs", [Folder("", "jobs")], right, "jobs", "copy")
    report = run_cross_copy(left, right, plan, cancel=cancel, on_progress=cancel_once_bytes_move, interval=0.01)
    assert report.cancelled and report.results[0].outcome is Outcome.CANCELLED
    assert _keys(right_raw) == []
    assert right_raw.list_multipart_uploads(Bucket="jobs").get("Uploads", []) == []


def test_a_mirror_job_runs_the_plan_and_a_second_one_has_no_items(two) -> None:
    left, left_raw, right, right_raw = two
    for name in ("a.txt", "b.txt", "c/d.txt"):
        left_raw.put_object(Bucket="jobs", Key=f"src/{name}", Body=name.encode())
    right_raw.put_object(Bucket="jobs", Key="dst/extra.txt", Body=b"extra")

    plan = plan_mirror(left, "src/", right, "dst/", left_bucket="jobs", right_bucket="jobs")
    report = run_mirror_job(plan, left, right, delete_extra=True)
    assert sorted((r.item.kind, r.value) for r in report.done) == [
        (ActionKind.COPY, "dst/a.txt"),
        (ActionKind.COPY, "dst/b.txt"),
        (ActionKind.COPY, "dst/c/d.txt"),
        (ActionKind.DELETE, "dst/extra.txt"),
    ]
    assert _keys(right_raw) == ["dst/a.txt", "dst/b.txt", "dst/c/d.txt"]
    assert "deleted on the right" in mirror_summary(report, plan)

    again = run_mirror_job(
        plan_mirror(left, "src/", right, "dst/", left_bucket="jobs", right_bucket="jobs"), left, right
    )
    assert again.results == ()
