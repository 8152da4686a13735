"""Deleting objects: plan the keys a selection removes (the confirmation names them), then delete exactly those
keys in one cancellable ``ObjectStore.delete_objects`` call on ``run_bulk``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from objstore_tui.object_store import BulkDeleteResult, CancelledError, DirEntry, ObjectStore

from .listing import expand_selection, is_versioned
from .model import ItemIssue, JobReport
from .runner import PROGRESS_INTERVAL, BulkCall, Listener, run_bulk
from .tracker import ProgressHook
from .wording import PREVIEW_KEYS


@dataclass(frozen=True, slots=True)
class DeletePlan:
    """The keys a delete will remove, as the confirmation states them."""

    bucket: str
    keys: tuple[str, ...]
    total_bytes: int
    versioned: bool
    """On a versioned bucket a delete only adds delete markers: the versions stay until deleted one by one."""

    @property
    def count(self) -> int:
        return len(self.keys)

    @property
    def first_keys(self) -> tuple[str, ...]:
        return self.keys[:PREVIEW_KEYS]


def plan_delete(
    store: ObjectStore, bucket: str, entries: Iterable[DirEntry], cancel: threading.Event | None = None
) -> DeletePlan:
    """List what deleting ``entries`` removes. This lists folders, so call it from a worker thread."""
    keys: list[str] = []
    total = 0
    for item in expand_selection(store, bucket, entries, cancel):
        keys.append(item.key)
        total += item.size
    return DeletePlan(bucket, tuple(keys), total, is_versioned(store, bucket))


def bulk_delete(store: ObjectStore, bucket: str, keys: Sequence[str]) -> BulkCall:
    """``delete_objects`` as a ``run_bulk`` call: what the library deleted, also when cancelled part-way."""

    def call(progress: ProgressHook, cancel: threading.Event) -> tuple[Iterable[str], Iterable[ItemIssue]]:
        try:
            result = store.delete_objects(keys, bucket, progress=progress, cancel=cancel)
        except CancelledError as exc:
            if not isinstance(exc.result, BulkDeleteResult):
                raise
            result = exc.result
        return result.deleted, [ItemIssue(failure.key, failure.message or failure.code) for failure in result.failed]

    return call


def delete_planned(
    store: ObjectStore,
    plan: DeletePlan,
    *,
    cancel: threading.Event | None = None,
    on_progress: Listener | None = None,
    interval: float = PROGRESS_INTERVAL,
) -> JobReport[str, None]:
    """Delete exactly the planned keys; a key the server refuses fails with its reason, the others go on."""
    call = bulk_delete(store, plan.bucket, plan.keys)
    return run_bulk(plan.keys, call, cancel=cancel, on_progress=on_progress, interval=interval)


def delete_summary(plan: DeletePlan, report: JobReport[str, None]) -> str:
    """'3 objects deleted from logs in 0.2 s', saying when a versioned bucket only got delete markers."""
    text = report.summary("deleted", where=f"from {plan.bucket}")
    if plan.versioned and report.done:
        text += " (delete markers added; the versions remain)"
    return text
