"""Undelete on a versioned bucket: plan the deleted keys a selection brings back (a deleted object, or everything
deleted under a folder, optionally only since a time), then remove their delete markers, one item per key on
``run_job`` with per-key results.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from objstore_tui.object_store import DirEntry, Folder, ObjectMetadata, ObjectStore, UndeleteResult

from .model import JobReport
from .runner import PROGRESS_INTERVAL, ItemContext, Listener, check_cancel, run_job
from .wording import PREVIEW_KEYS


@dataclass(frozen=True, slots=True)
class UndeletePlan:
    """The delete markers to remove, one per key that comes back, as the confirmation counts them."""

    bucket: str
    markers: tuple[ObjectMetadata, ...]
    since: datetime | None = None

    @property
    def count(self) -> int:
        return len(self.markers)

    @property
    def first_keys(self) -> tuple[str, ...]:
        return tuple(marker.key for marker in self.markers[:PREVIEW_KEYS])


def plan_undelete(
    store: ObjectStore,
    bucket: str,
    entries: Iterable[DirEntry],
    *,
    since: datetime | None = None,
    cancel: threading.Event | None = None,
) -> UndeletePlan:
    """The deleted keys behind the selection: a deleted object's own marker, a folder's deleted keys (listed
    from its versions, so call this from a worker thread). Rows that are not deleted bring nothing back."""
    markers: dict[str, ObjectMetadata] = {}
    for entry in entries:
        if isinstance(entry, Folder):
            listed: Iterable[ObjectMetadata] = store.list_deleted(entry.prefix, bucket, since=since)
        else:
            listed = (entry,) if entry.is_delete_marker and _after(entry, since) else ()
        for marker in listed:
            check_cancel(cancel, bucket)
            markers.setdefault(marker.key, marker)
    return UndeletePlan(bucket, tuple(markers.values()), since)


def _after(marker: ObjectMetadata, since: datetime | None) -> bool:
    return since is None or (marker.updated_time is not None and marker.updated_time >= since)


def run_undelete(
    store: ObjectStore,
    plan: UndeletePlan,
    *,
    cancel: threading.Event | None = None,
    on_progress: Listener | None = None,
    interval: float = PROGRESS_INTERVAL,
) -> JobReport[ObjectMetadata, UndeleteResult]:
    """Bring back each planned key; a key written or purged meanwhile fails with its reason, the others go on."""

    def undelete_one(marker: ObjectMetadata, context: ItemContext) -> UndeleteResult:
        return store.undelete(marker.key, plan.bucket)

    return run_job(
        plan.markers,
        undelete_one,
        name=lambda marker: marker.key,
        cancel=cancel,
        on_progress=on_progress,
        interval=interval,
    )


def undelete_summary(plan: UndeletePlan, report: JobReport[ObjectMetadata, UndeleteResult]) -> str:
    """'3 objects brought back in logs in 0.2 s'."""
    return report.summary("brought back", where=f"in {plan.bucket}")
