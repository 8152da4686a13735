"""``run_bulk``: a job done by one library bulk call, here ``delete_objects`` on a real (local) store."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

import pytest

from objstore_tui.object_store import CancelledError, ObjectStore
from objstore_tui.services.jobs import ItemIssue, JobProgress, Outcome, ProgressHook, run_bulk

KEYS = [f"bulk/{i:05d}" for i in range(1205)]


@pytest.fixture
def store(tmp_path: Path) -> ObjectStore:
    store = ObjectStore({"framework": "local", "root_bucket": "jobs", "connection": {"endpoint": str(tmp_path)}})
    store.create_bucket("jobs")
    for key in KEYS:
        store.put_bytes(key, b"")
    return store


def delete(store: ObjectStore, keys: Iterable[str], *, bucket: str | None = None, cancel_after_first: bool = False):
    """The bulk call as ``delete_planned`` will make it: what the library deleted, even when cancelled."""

    def call(progress: ProgressHook, cancel: threading.Event) -> tuple[Iterable[str], Iterable[ItemIssue]]:
        def hook(done: int, total: int) -> None:
            progress(done, total)
            if cancel_after_first:
                cancel.set()

        try:
            result = store.delete_objects(keys, bucket, progress=hook, cancel=cancel)
        except CancelledError as exc:
            result = exc.result
        return result.deleted, [ItemIssue(failure.key, failure.message) for failure in result.failed]

    return call


def test_a_bulk_job_reports_every_key_and_ends_with_the_final_count(store: ObjectStore) -> None:
    snapshots: list[JobProgress] = []
    report = run_bulk(KEYS, delete(store, KEYS), on_progress=snapshots.append, interval=0.001)
    assert [r.outcome for r in report.results] == [Outcome.DONE] * len(KEYS)
    assert report.summary("deleted", where="from jobs").startswith("1,205 objects deleted from jobs in ")
    assert snapshots[-1].finished and snapshots[-1].items_finished == 1205 and snapshots[-1].fraction == 1.0
    assert list(store.list_objects("")) == []


def test_a_cancelled_bulk_job_names_what_was_deleted_and_what_was_not(store: ObjectStore) -> None:
    report = run_bulk(KEYS, delete(store, KEYS, cancel_after_first=True))
    assert report.cancelled
    assert [r.name for r in report.done] == KEYS[:1000]
    assert [r.name for r in report.having(Outcome.CANCELLED)] == KEYS[1000:]
    assert [item.key for item in store.list_objects("")] == KEYS[1000:]
    assert report.summary("deleted").endswith(": 1,000 of 1,205 objects deleted; 205 not deleted")


def test_a_bulk_call_that_fails_fails_every_key_with_the_reason(store: ObjectStore) -> None:
    report = run_bulk(["a", "b"], delete(store, ["a", "b"], bucket="no-such-bucket"))
    reasons = {r.reason for r in report.results}
    assert [r.outcome for r in report.results] == [Outcome.FAILED, Outcome.FAILED]
    assert reasons == {"bucket does not exist"}
    assert not report.cancelled and len(list(store.list_objects(""))) == len(KEYS)
