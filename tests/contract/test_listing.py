"""Listing: recursive, one level with folders, and paging past 1000 keys."""

from __future__ import annotations

import pytest

from objstore_tui.object_store import Folder, ObjectMetadata, ObjectStore
from tests.http_proxy import FakeS3, Request

from .conftest import Backend

KEYS = ["a-b.txt", "a/1.txt", "a/2/deep.txt", "a/3.txt", "b.txt", "c/d/e/f.txt"]


def _fill(backend: Backend, keys: list[str]) -> None:
    for key in keys:
        backend.inspector.put(backend.bucket, key, key.encode())


def test_list_objects_is_recursive_in_key_order(backend: Backend) -> None:
    _fill(backend, KEYS)
    listed = list(backend.store.list_objects())
    assert [o.key for o in listed] == KEYS
    assert all(o.size == len(o.key) and o.bucket == backend.bucket for o in listed)
    assert all(o.updated_time is not None for o in listed)
    assert [o.key for o in backend.store.list_files("a/")] == ["a/1.txt", "a/2/deep.txt", "a/3.txt"]
    assert [o.key for o in backend.store.list_objects("a/2")] == ["a/2/deep.txt"]
    assert list(backend.store.list_objects("zzz")) == []


def test_list_dir_yields_folders_and_objects_one_level(backend: Backend) -> None:
    _fill(backend, KEYS)
    top = list(backend.store.list_dir())
    assert [(type(e).__name__, e.name) for e in top] == [
        ("ObjectMetadata", "a-b.txt"),
        ("Folder", "a"),
        ("ObjectMetadata", "b.txt"),
        ("Folder", "c"),
    ]
    inner = list(backend.store.list_dir("a/"))
    assert [e.prefix if isinstance(e, Folder) else e.key for e in inner] == ["a/1.txt", "a/2/", "a/3.txt"]
    assert list(backend.store.list_dir("c/d/")) == [Folder("c/d/e/", backend.bucket)]


def test_list_dir_skips_the_folder_marker_itself(backend: Backend) -> None:
    if backend.is_s3:
        backend.inspector.put(backend.bucket, "marked/", b"")
    backend.inspector.put(backend.bucket, "marked/inside.txt", b"x")
    entries = list(backend.store.list_dir("marked/"))
    assert [e.key for e in entries if isinstance(e, ObjectMetadata)] == ["marked/inside.txt"]


def test_list_dir_of_a_prefix_without_slash_is_a_string_prefix(backend: Backend) -> None:
    """'a' lists the object 'a' itself, its siblings starting with 'a' and the folder 'a/' (if the backend can
    hold both a file and a folder named 'a'; a local folder cannot)."""
    keys = ["a", "a-b.txt", "ab/c.txt", "b.txt"] + (["a/x.txt"] if backend.is_s3 else [])
    _fill(backend, keys)
    names = [e.prefix if isinstance(e, Folder) else e.key for e in backend.store.list_dir("a")]
    assert names == ["a", "a-b.txt"] + (["a/"] if backend.is_s3 else []) + ["ab/"]
    listed = next(e for e in backend.store.list_dir("a") if isinstance(e, ObjectMetadata))
    assert listed.key == "a" and listed.size == 1


def test_listing_pages_past_1000_keys(backend: Backend) -> None:
    keys = [f"many/{i:05d}.txt" for i in range(1100)]
    _fill(backend, keys)
    entries = backend.store.list_dir("many/")
    first = next(entries)
    assert isinstance(first, ObjectMetadata) and first.key == "many/00000.txt"
    rest = [e.key for e in entries if isinstance(e, ObjectMetadata)]
    assert [first.key, *rest] == keys
    assert sum(1 for _ in backend.store.list_objects("many/")) == 1100


def _listings(requests: list[Request], bucket: str) -> int:
    """ListObjects requests: a GET on the bucket itself that names a prefix."""
    return sum(1 for r in requests if r.method == "GET" and r.path.strip("/") == bucket and "prefix" in r.query)


def test_list_dir_yields_its_first_entry_before_asking_for_the_second_page(
    backend: Backend, proxied: tuple[ObjectStore, FakeS3 | None]
) -> None:
    """A folder of 100,000 keys starts showing after one request. The local backend has no pages to ask for: it
    reads one directory (sorted, as S3 lists keys) at a time, so it is checked against the S3 adapters only."""
    store, proxy = proxied
    if proxy is None:
        pytest.skip("no listing requests to count: the local backend reads the folder, the live server is not proxied")
    keys = [f"many/{i:05d}.txt" for i in range(1100)] + ["many/sub/x.txt"]
    _fill(backend, keys)
    entries = store.list_dir("many/")
    assert next(entries) == next(iter(backend.store.list_dir("many/")))
    assert _listings(proxy.requests, backend.bucket) == 1
    assert len(list(entries)) == 1100
    assert _listings(proxy.requests, backend.bucket) == 2
