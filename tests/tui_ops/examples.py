"""Made-up data that reads the same on every run, for the snapshots and the README's screenshots."""

from __future__ import annotations

from pathlib import Path

from objstore_tui.services.transfers import (
    Direction,
    FileIssue,
    FileProgress,
    FileState,
    TransferItem,
    TransferPlan,
    TransferSnapshot,
)

MiB = 1024 * 1024

EXAMPLE_URL = (
    "https://s3.example.com/demo-data/reports/2025/sales-q1.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256"
    "&X-Amz-Credential=EXAMPLEKEY%2F20250115%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20250115T090000Z"
    "&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=0123456789abcdef0123456789abcdef"
)
"""A presigned URL as the dialog shows one; a real one holds the time it was made and a signature."""


def upload_in_progress(bucket: str = "ops-data", prefix: str = "incoming/") -> tuple[TransferPlan, TransferSnapshot]:
    """An upload of eight 4 MiB files caught mid-way: two finished, one failed, four running, one queued."""
    names = [f"{prefix}site/img/{number:02d}.png" for number in range(8)]
    items = tuple(TransferItem(name, Path(name), 4 * MiB) for name in names)
    plan = TransferPlan(Direction.UPLOAD, bucket, items, refused=(FileIssue("site/.cache", "not a regular file"),))
    states = [FileState.DONE, FileState.FAILED, FileState.DONE] + [FileState.RUNNING] * 4 + [FileState.QUEUED]
    done = [4 * MiB, MiB, 4 * MiB, 3 * MiB, 2 * MiB, MiB, MiB // 2, 0]
    files = tuple(
        FileProgress(item.key, item.local_path, bytes_done, item.size, state)
        for item, state, bytes_done in zip(items, states, done, strict=True)
    )
    snapshot = TransferSnapshot(
        files=files,
        bytes_done=sum(done),
        bytes_total=32 * MiB,
        files_finished=3,
        files_failed=1,
        files_total=8,
        running=4,
        rate=6.5 * MiB,
        eta=2.4,
        elapsed=2.8,
        cancelled=False,
        finished=False,
    )
    return plan, snapshot
