"""The local backend's own rules: no key aliases another, no key meets a temp file, writes survive concurrent
deletes in the same folder."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from objstore_tui.object_store import InvalidKeyError, ObjectStore

BUCKET = "local-rules"
THREADS = 16
ROUNDS = 40


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(root: Path) -> ObjectStore:
    store = ObjectStore({"framework": "local", "root_bucket": BUCKET, "connection": {"endpoint": str(root)}})
    store.create_bucket(BUCKET)
    return store


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    "key",
    ["a//b", "a/", "/a", "a/./b", "a/../b", "n" * 256, "a/" + "é" * 128],
    ids=["empty-segment", "trailing-slash", "leading-slash", "dot", "dot-dot", "256-bytes", "256-utf8-bytes"],
)
def test_keys_the_disk_cannot_hold_as_they_are_are_refused_by_name(store: ObjectStore, root: Path, key: str) -> None:
    with pytest.raises(InvalidKeyError) as caught:
        store.put_bytes(key, b"data")
    assert repr(key) in str(caught.value) and "local backend" in str(caught.value)
    assert _files(root) == []


def test_a_key_with_an_empty_segment_never_reads_another_key(store: ObjectStore) -> None:
    store.put_bytes("a/b", b"the real a/b")
    with pytest.raises(InvalidKeyError):
        store.get_object("a//b")
    with pytest.raises(InvalidKeyError):
        store.delete_file("a//b")
    assert [item.key for item in store.list_objects()] == ["a/b"]
    assert list(store.list_objects("a//")) == []


def test_keys_shaped_like_temp_names_are_ordinary_keys(store: ObjectStore) -> None:
    keys = [".objstore-tmp-notes", "dir/.objstore-tmp-0123456789abcdef0123456789abcdef", "dir/plain"]
    for key in keys:
        store.put_bytes(key, key.encode())
    assert [item.key for item in store.list_objects()] == sorted(keys)
    assert [entry.name for entry in store.list_dir("dir/")] == [
        ".objstore-tmp-0123456789abcdef0123456789abcdef",
        "plain",
    ]
    assert all(store.get_object(key).body.read() == key.encode() for key in keys)


def test_concurrent_puts_and_deletes_in_one_folder_all_succeed(store: ObjectStore, root: Path) -> None:
    """Each delete prunes the folder it empties, racing the other threads' puts into that folder."""
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def churn(thread: int) -> None:
        start.wait()
        for round_ in range(ROUNDS):
            key = f"shared/sub{round_ % 2}/t{thread}-{round_}"
            try:
                store.put_bytes(key, b"x")
                store.delete_file(key)
            except BaseException as exc:
                errors.append(exc)

    threads = [threading.Thread(target=churn, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert list(store.list_objects()) == []
    assert _files(root) == []
