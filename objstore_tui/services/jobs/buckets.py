"""Buckets: count what one holds (so deleting it can say what goes), and empty and delete it as one job.

Emptying deletes every version and delete marker on a backend with versions (a bulk delete would only add
markers there), every object in bulk elsewhere; the bucket itself goes only once nothing failed and nothing
was cancelled.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from objstore_tui.object_store import ObjectMetadata, ObjectStore

from .delete import bulk_delete
from .model import JobReport
from .runner import DEFAULT_WORKERS, PROGRESS_INTERVAL, ItemContext, Listener, check_cancel, run_bulk, run_job
from .wording import Noun

CONTENTS: Noun = ("object or version", "objects and versions")

type BucketReport = JobReport[ObjectMetadata, None] | JobReport[str, None]
"""Versions deleted one by one, or keys deleted in bulk."""


@dataclass(frozen=True, slots=True)
class BucketContents:
    """What a bucket holds, counted up to a limit: enough to tell the user what emptying it would remove."""

    bucket: str
    count: int
    more: bool
    """True when there are more than ``count`` objects and versions."""
    total_bytes: int

    @property
    def empty(self) -> bool:
        return self.count == 0


def peek_bucket(store: ObjectStore, bucket: str, limit: int = 1000) -> BucketContents:
    """Count the bucket's objects, versions and delete markers (all of which stop its deletion) up to ``limit``."""
    count = total = 0
    for item in _everything(store, bucket):
        if count == limit:
            return BucketContents(bucket, count, True, total)
        count += 1
        total += item.size
    return BucketContents(bucket, count, False, total)


@dataclass(frozen=True, slots=True)
class BucketPlan:
    """Everything a bucket holds, listed: what emptying it deletes."""

    bucket: str
    items: tuple[ObjectMetadata, ...]
    by_version: bool
    """Versions and delete markers, deleted one by one; else objects, deleted in bulk."""


def plan_empty_bucket(store: ObjectStore, bucket: str, cancel: threading.Event | None = None) -> BucketPlan:
    """List every object (or version and delete marker) of ``bucket``; call it from a worker thread."""
    items = []
    for item in _everything(store, bucket):
        check_cancel(cancel, bucket)
        items.append(item)
    return BucketPlan(bucket, tuple(items), store.supports_versioning)


def _everything(store: ObjectStore, bucket: str) -> Iterable[ObjectMetadata]:
    return store.list_object_versions("", bucket) if store.supports_versioning else store.list_objects("", bucket)


def empty_and_delete_bucket(
    store: ObjectStore,
    plan: BucketPlan,
    *,
    workers: int = DEFAULT_WORKERS,
    cancel: threading.Event | None = None,
    on_progress: Listener | None = None,
    interval: float = PROGRESS_INTERVAL,
) -> BucketReport:
    """Delete everything planned, then the bucket if every item went (not after a cancel or a failure)."""
    cancel = cancel if cancel is not None else threading.Event()
    report: BucketReport
    if plan.by_version:

        def delete_version(version: ObjectMetadata, context: ItemContext) -> None:
            store.delete_file(version.key, plan.bucket, version.version_id)

        report = run_job(
            plan.items,
            delete_version,
            name=lambda version: f"{version.key} (version {version.version_id})",
            workers=workers,
            cancel=cancel,
            on_progress=on_progress,
            interval=interval,
        )
    else:
        keys = tuple(item.key for item in plan.items)
        report = run_bulk(
            keys, bulk_delete(store, plan.bucket, keys), cancel=cancel, on_progress=on_progress, interval=interval
        )
    if report.ok:
        store.delete_bucket(plan.bucket)
    return report


def bucket_summary(bucket: str, report: BucketReport) -> str:
    """'bucket logs deleted, with the 12 objects and versions it held', or what was removed and that it stays."""
    if report.ok:
        return f"bucket {bucket} deleted, with the {len(report.results):,} objects and versions it held"
    return f"{report.summary('deleted', CONTENTS, where=f'from {bucket}')}: the bucket was kept"
