"""Made-up data that reads the same on every run, for the snapshots and the README's screenshots."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from objstore_tui.services.jobs import (
    Conflict,
    ItemIssue,
    ItemProgress,
    ItemResult,
    JobProgress,
    JobReport,
    Outcome,
    Pending,
    run_job,
)
from objstore_tui.services.jobs.copy import CopyPair, CopyPlan, copy_summary
from objstore_tui.services.jobs.transfer_plan import Direction, TransferItem, TransferPlan
from objstore_tui.tui.dialogs.job import Job
from objstore_tui.tui.dialogs.jobs import describe_transfer

MiB = 1024 * 1024

EXAMPLE_URL = (
    "https://s3.example.com/demo-data/reports/2025/sales-q1.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256"
    "&X-Amz-Credential=EXAMPLEKEY%2F20250115%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20250115T090000Z"
    "&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=0123456789abcdef0123456789abcdef"
)
"""A presigned URL as the dialog shows one; a real one holds the time it was made and a signature."""


def upload_in_progress(bucket: str = "ops-data", prefix: str = "incoming/") -> tuple[TransferPlan, JobProgress]:
    """An upload of eight 4 MiB files caught mid-way: two finished, one failed, four running, one queued."""
    names = [f"{prefix}site/img/{number:02d}.png" for number in range(8)]
    items = tuple(TransferItem(name, Path(name), 4 * MiB) for name in names)
    plan = TransferPlan(Direction.UPLOAD, bucket, items, refused=(ItemIssue("site/.cache", "not a regular file"),))
    states = [Outcome.DONE, Outcome.FAILED, Outcome.DONE] + [Pending.RUNNING] * 4 + [Pending.QUEUED]
    done = [4 * MiB, MiB, 4 * MiB, 3 * MiB, 2 * MiB, MiB, MiB // 2, 0]
    rows = [
        ItemProgress(index, item.key, bytes_done, item.size, state)
        for index, (item, state, bytes_done) in enumerate(zip(items, states, done, strict=True))
    ]
    progress = JobProgress(
        items_total=8,
        items_finished=3,
        items_failed=1,
        items_done=2,
        bytes_done=sum(done),
        bytes_total=32 * MiB,
        by_bytes=True,
        rate=6.5 * MiB,
        eta=2.4,
        elapsed=2.8,
        active=tuple(row for row in rows if row.state is Pending.RUNNING),
        recent=(rows[2], rows[1], rows[0]),
        cancelled=False,
        finished=False,
    )
    return plan, progress


def upload_job_in_progress(
    bucket: str = "ops-data", prefix: str = "incoming/"
) -> tuple[Job[TransferPlan], JobProgress]:
    """A job screen's job that plans ``upload_in_progress``'s plan and then only waits for its cancel: the
    snapshot is shown by the test (``JobPanel.show``), so nothing on screen depends on timing."""
    plan, progress = upload_in_progress(bucket, prefix)

    def wait_for_cancel(plan: TransferPlan, conflict: Conflict, cancel: threading.Event, listener: Any) -> Any:
        cancel.wait()
        return run_job((), lambda item, context: None)

    job = Job(
        title=f"Upload site to {bucket}/{prefix}",
        plan=lambda cancel: plan,
        run=wait_for_cancel,
        describe=describe_transfer,
        summary=lambda plan, report: report.summary("uploaded", ("file", "files")),
        noun=("file", "files"),
    )
    return job, progress


def finished_move(failures: int = 1) -> Job[CopyPlan]:
    """A move that ended with one object moved, ``failures`` failed verifications and one refusal."""
    moved = CopyPair("logs/a.log", "old/a.log", 10)
    failed = [CopyPair(f"logs/b{number}.log", f"old/b{number}.log", 10) for number in range(failures)]
    plan = CopyPlan("ops-data", "ops-archive", (moved, *failed))
    reason = "copy to 'ops-archive/old/b.log' does not match its source; source kept"
    report: JobReport[CopyPair, str] = JobReport(
        results=(
            ItemResult(moved, moved.src_key, Outcome.DONE, value=moved.dst_key, size=10),
            *(ItemResult(pair, pair.src_key, Outcome.FAILED, reason) for pair in failed),
        ),
        refused=(ItemIssue("logs/c.log", "the destination is the object itself"),),
        cancelled=False,
        seconds=0.4,
    )
    return Job(
        title="Move to ops-archive/old/",
        plan=lambda cancel: plan,
        run=lambda plan, conflict, cancel, listener: report,
        describe=lambda plan: "Moving 2 objects to bucket ops-archive",
        summary=lambda plan, report: copy_summary(plan, report, "moved"),
    )
