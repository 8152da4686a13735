"""Deleted objects on a versioned bucket: listed from the delete markers, brought back by removing them; the
server's state is read back with the other SDK."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from objstore_tui.object_store import ConflictError, NotSupportedError, ObjectNotFoundError

from .conftest import Backend


def _versioned(backend: Backend) -> None:
    if not backend.is_s3:
        with pytest.raises(NotSupportedError):
            list(backend.store.list_deleted())
        pytest.skip("the local backend has no versions")
    backend.store.set_bucket_versioning(True)


def test_deleted_objects_are_listed_and_come_back_with_their_newest_version(backend: Backend) -> None:
    _versioned(backend)
    store = backend.store
    store.put_bytes("logs/a.log", b"a-old")
    kept = store.put_bytes("logs/a.log", b"a-new")
    store.put_bytes("logs/b.log", b"b")
    store.put_bytes("logs/sub/c.log", b"c")
    store.put_bytes("other.txt", b"o")
    for key in ("logs/a.log", "logs/sub/c.log", "other.txt"):
        store.delete_object(key)
    store.delete_object("logs/a.log")  # a second marker on top of the first

    deleted = list(store.list_deleted("logs/"))
    assert [marker.key for marker in deleted] == ["logs/a.log", "logs/sub/c.log"]
    assert all(marker.is_delete_marker and marker.is_latest for marker in deleted)
    assert backend.inspector.read(backend.bucket, "logs/a.log") is None

    result = store.undelete("logs/a.log")
    assert result.restored_version == kept.version_id and result.removed_markers
    assert backend.inspector.read(backend.bucket, "logs/a.log") == b"a-new"  # read back with the other SDK
    assert [marker.key for marker in store.list_deleted("logs/")] == ["logs/sub/c.log"]
    assert backend.inspector.read(backend.bucket, "logs/b.log") == b"b"


def test_undelete_refuses_what_is_not_deleted_or_cannot_come_back(backend: Backend) -> None:
    _versioned(backend)
    store = backend.store
    store.put_bytes("alive.txt", b"here")
    with pytest.raises(ConflictError) as caught:
        store.undelete("alive.txt")
    assert caught.value.key == "alive.txt" and caught.value.bucket == backend.bucket
    with pytest.raises(ObjectNotFoundError):
        store.undelete("never-existed.txt")
    assert backend.inspector.read(backend.bucket, "alive.txt") == b"here"


def test_only_what_was_deleted_after_a_time(backend: Backend) -> None:
    _versioned(backend)
    store = backend.store
    store.put_bytes("x.txt", b"x")
    store.delete_object("x.txt")
    marker = next(store.list_deleted())
    assert marker.updated_time is not None
    assert [m.key for m in store.list_deleted(since=marker.updated_time - timedelta(seconds=1))] == ["x.txt"]
    assert list(store.list_deleted(since=datetime.now(UTC) + timedelta(hours=1))) == []
