"""Bulk deletes report progress and stop on the caller's cancel event between requests; checked on the server."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from objstore_tui.object_store import CancelledError, TransferCancelledError

from .conftest import Backend

KEYS = [f"bulk/{i:05d}" for i in range(1205)]
"""More than one request's worth (1000 keys), so there is a second request to stop before."""


def seed(backend: Backend) -> None:
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda key: backend.inspector.put(backend.bucket, key, b""), KEYS))
    backend.inspector.put(backend.bucket, "keep", b"k")


def cancel_after_first_request(calls: list[tuple[int, int]], cancel: threading.Event):
    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        cancel.set()

    return progress


def test_delete_objects_progress_reaches_the_total(backend: Backend) -> None:
    seed(backend)
    calls: list[tuple[int, int]] = []
    result = backend.store.delete_objects(KEYS, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1000, 1205), (1205, 1205)]
    assert sorted(result.deleted) == KEYS
    assert backend.inspector.keys(backend.bucket) == ["keep"]


def test_delete_prefix_progress_counts_what_was_listed(backend: Backend) -> None:
    seed(backend)
    calls: list[tuple[int, int]] = []
    result = backend.store.delete_prefix("bulk/", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1000, 1000), (1205, 1205)]
    assert sorted(result.deleted) == KEYS
    assert backend.inspector.keys(backend.bucket) == ["keep"]


@pytest.mark.parametrize("call", ["delete_objects", "delete_prefix"])
def test_a_cancel_stops_before_the_next_request_and_says_what_was_deleted(backend: Backend, call: str) -> None:
    seed(backend)
    cancel = threading.Event()
    calls: list[tuple[int, int]] = []
    progress = cancel_after_first_request(calls, cancel)
    with pytest.raises(CancelledError) as caught:
        if call == "delete_objects":
            backend.store.delete_objects(KEYS, progress=progress, cancel=cancel)
        else:
            backend.store.delete_prefix("bulk/", progress=progress, cancel=cancel)
    assert len(calls) == 1
    deleted = caught.value.result.deleted
    assert len(deleted) == 1000 and caught.value.result.failed == ()
    remaining = backend.inspector.keys(backend.bucket)
    assert sorted(remaining) == [*sorted(set(KEYS) - set(deleted)), "keep"]
    assert caught.value.bucket == backend.bucket


def test_a_cancel_before_the_first_request_deletes_nothing(backend: Backend) -> None:
    backend.inspector.put(backend.bucket, "stays", b"s")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(CancelledError) as caught:
        backend.store.delete_objects(["stays"], cancel=cancel)
    assert caught.value.result.deleted == ()
    assert backend.inspector.keys(backend.bucket) == ["stays"]


def test_a_cancel_after_the_last_request_is_not_an_error(backend: Backend) -> None:
    backend.inspector.put(backend.bucket, "gone", b"g")
    cancel = threading.Event()
    result = backend.store.delete_objects(["gone"], progress=lambda done, total: cancel.set(), cancel=cancel)
    assert result.deleted == ("gone",)
    assert backend.inspector.keys(backend.bucket) == []


def test_transfers_raise_the_same_cancellation_class(backend: Backend, tmp_path) -> None:
    """One word for cancel: what a cancelled transfer raises is caught as CancelledError."""
    assert TransferCancelledError is CancelledError
    source = tmp_path / "big.bin"
    source.write_bytes(b"x" * 1024)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(CancelledError):
        backend.store.upload_file(source, "never.bin", cancel=cancel)
    assert backend.inspector.keys(backend.bucket) == []
