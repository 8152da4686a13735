"""Uploads and downloads: bytes round-trip, progress, multipart, cancel, and nothing partial left behind."""

from __future__ import annotations

import errno
import hashlib
import os
import resource
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from objstore_tui.object_store import (
    LocalPathError,
    ObjectNotFoundError,
    ObjectStore,
    TransferCancelledError,
    UnsafePathError,
)
from tests.http_proxy import FakeS3, Request

from .conftest import Backend

MiB = 1024 * 1024


def _random_file(path: Path, size: int) -> bytes:
    data = os.urandom(size)
    path.write_bytes(data)
    return data


def test_upload_small_file(backend: Backend, tmp_path: Path) -> None:
    data = _random_file(tmp_path / "small.bin", 1000)
    result = backend.store.upload_file(tmp_path / "small.bin", "up/small.bin")
    assert (result.key, result.bucket, result.size) == ("up/small.bin", backend.bucket, 1000)
    assert result.etag
    assert backend.inspector.read(backend.bucket, "up/small.bin") == data
    assert backend.store.upload_object(tmp_path / "small.bin", "up/again.bin").size == 1000


def _recorded(proxied: tuple[ObjectStore, FakeS3 | None]) -> tuple[ObjectStore, FakeS3]:
    """The store seen through the recording proxy; skipped where there is none to look at."""
    store, proxy = proxied
    if proxy is None:
        pytest.skip("no requests to look at: the local backend reads files, the live server is not proxied")
    return store, proxy


def test_a_small_upload_is_one_put_that_waits_for_no_100_continue(
    backend: Backend, proxied: tuple[ObjectStore, FakeS3 | None], tmp_path: Path
) -> None:
    # 'Expect: 100-continue' holds the body back for a round trip: through 20 ms of latency, 2,000 small files
    # took 11.6 s with it and 7.4 s without
    store, proxy = _recorded(proxied)
    data = _random_file(tmp_path / "small.bin", 64 * 1024)
    progress: list[tuple[int, int]] = []
    store.upload_file(
        tmp_path / "small.bin", "up/small.bin", progress=lambda done, total: progress.append((done, total))
    )
    puts = [request for request in proxy.requests if request.method == "PUT"]
    assert len(puts) == 1 and puts[0].body == data
    assert "expect" not in {name.lower() for name in puts[0].headers}
    assert progress[-1] == (len(data), len(data))
    assert backend.inspector.read(backend.bucket, "up/small.bin") == data


def test_a_download_in_four_streams_writes_every_byte_and_reports_progress_in_order(
    backend: Backend, tmp_path: Path
) -> None:
    size = 23 * MiB + 17  # four ranges of unequal ends
    data = os.urandom(size)
    backend.inspector.put(backend.bucket, "down/split.bin", data)
    reports: list[tuple[int, int]] = []
    meta = backend.store.download_file(
        "down/split.bin", tmp_path / "split.bin", progress=lambda done, total: reports.append((done, total))
    )
    assert (tmp_path / "split.bin").read_bytes() == data
    assert meta.size == size and reports[-1] == (size, size)
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["split.bin"]


def test_each_range_of_a_split_download_is_pinned_to_the_first_answers_etag(
    backend: Backend, proxied: tuple[ObjectStore, FakeS3 | None], tmp_path: Path
) -> None:
    store, proxy = _recorded(proxied)
    size = 23 * MiB + 17
    data = os.urandom(size)
    backend.inspector.put(backend.bucket, "down/split.bin", data)
    store.download_file("down/split.bin", tmp_path / "split.bin")
    first, *ranged = [request for request in proxy.requests if request.method == "GET"]
    assert _header(first, "range") is None
    step = -(-size // 4)
    assert sorted(_header(request, "range") or "" for request in ranged) == sorted(
        f"bytes={start}-{min(size, start + step) - 1}" for start in range(step, size, step)
    )
    assert {_header(request, "if-match") for request in ranged} == {f'"{hashlib.md5(data).hexdigest()}"'}
    assert (tmp_path / "split.bin").read_bytes() == data


def _header(request: Request, name: str) -> str | None:
    return next((value for key, value in request.headers.items() if key.lower() == name), None)


def test_downloads_one_after_another_share_one_connection(
    backend: Backend, proxied: tuple[ObjectStore, FakeS3 | None], tmp_path: Path
) -> None:
    # the proxy keeps connections open (moto itself closes each one): a download that closes its connection
    # makes the next one pay a new connection, which for small objects is most of the cost
    store, proxy = _recorded(proxied)
    for index in range(5):
        backend.inspector.put(backend.bucket, f"many/{index}.bin", os.urandom(20_000 + index))
    for index in range(5):
        store.download_file(f"many/{index}.bin", tmp_path / f"{index}.bin")
        assert (tmp_path / f"{index}.bin").stat().st_size == 20_000 + index
    gets = [request for request in proxy.requests if request.method == "GET"]
    assert len(gets) == 5 and len({request.peer for request in gets}) == 1


def test_multipart_upload_reports_progress_to_the_total(backend: Backend, tmp_path: Path) -> None:
    size = 12 * MiB + 17
    data = _random_file(tmp_path / "big.bin", size)
    seen: list[tuple[int, int]] = []
    result = backend.store.upload_file(tmp_path / "big.bin", "up/big.bin", progress=lambda d, t: seen.append((d, t)))
    assert result.size == size
    assert seen and seen[-1] == (size, size)
    assert all(total == size for _, total in seen)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert backend.inspector.read(backend.bucket, "up/big.bin") == data
    assert backend.inspector.pending_uploads(backend.bucket) == []


def test_cancelled_multipart_upload_leaves_nothing_on_the_server(backend: Backend, tmp_path: Path) -> None:
    _random_file(tmp_path / "big.bin", 12 * MiB)
    cancel = threading.Event()
    with pytest.raises(TransferCancelledError) as caught:
        backend.store.upload_file(
            tmp_path / "big.bin", "up/cancelled.bin", progress=lambda d, t: cancel.set(), cancel=cancel
        )
    assert "up/cancelled.bin" in str(caught.value)
    assert backend.inspector.read(backend.bucket, "up/cancelled.bin") is None
    assert backend.inspector.pending_uploads(backend.bucket) == []


def test_upload_of_missing_local_file_is_a_value_error(backend: Backend, tmp_path: Path) -> None:
    with pytest.raises(LocalPathError):
        backend.store.upload_file(tmp_path / "nope.bin", "up/nope.bin")
    assert backend.inspector.keys(backend.bucket) == []


def test_download_replaces_the_target_atomically(backend: Backend, tmp_path: Path) -> None:
    payload = os.urandom(7 * MiB)
    backend.inspector.put(backend.bucket, "down/file.bin", payload)
    target = tmp_path / "out" / "file.bin"
    target.parent.mkdir()
    target.write_bytes(b"old contents")
    seen: list[tuple[int, int]] = []
    meta = backend.store.download_file("down/file.bin", target, progress=lambda d, t: seen.append((d, t)))
    assert target.read_bytes() == payload
    assert (meta.key, meta.size) == ("down/file.bin", len(payload))
    assert seen[-1] == (len(payload), len(payload))
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.bin"]


def test_cancelled_download_leaves_the_old_file_and_no_temp(backend: Backend, tmp_path: Path) -> None:
    backend.inspector.put(backend.bucket, "down/big.bin", os.urandom(12 * MiB))
    target = tmp_path / "big.bin"
    target.write_bytes(b"previous version")
    cancel = threading.Event()
    with pytest.raises(TransferCancelledError):
        backend.store.download_file("down/big.bin", target, progress=lambda d, t: cancel.set(), cancel=cancel)
    assert target.read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["big.bin"]

    fresh = tmp_path / "fresh" / "big.bin"
    cancel.set()
    with pytest.raises(TransferCancelledError):
        backend.store.download_object("down/big.bin", fresh, cancel=cancel)
    assert [p.name for p in tmp_path.iterdir()] == ["big.bin"]


def test_download_of_missing_key_writes_nothing(backend: Backend, tmp_path: Path) -> None:
    with pytest.raises(ObjectNotFoundError):
        backend.store.download_file("down/missing.bin", tmp_path / "missing.bin")
    assert list(tmp_path.iterdir()) == []


def test_download_to_folder_recreates_key_paths(backend: Backend, tmp_path: Path) -> None:
    backend.inspector.put(backend.bucket, "reports/2024/q1.csv", b"q1")
    path = backend.store.download_to_folder("reports/2024/q1.csv", tmp_path, strip_prefix="reports/")
    assert path == (tmp_path / "2024" / "q1.csv").resolve()
    assert path.read_bytes() == b"q1"


@pytest.mark.parametrize("key", ["../escape.txt", "a/../../escape.txt", "/etc/escape.txt", "a/./b", "dir/"])
def test_download_refuses_keys_that_escape_the_folder(backend: Backend, tmp_path: Path, key: str) -> None:
    if backend.is_s3:
        backend.inspector.put(backend.bucket, key, b"evil")
    folder = tmp_path / "dest"
    folder.mkdir()
    with pytest.raises(UnsafePathError) as caught:
        backend.store.download_to_folder(key, folder)
    assert key in str(caught.value)
    assert list(tmp_path.rglob("*")) == [folder]


def test_cancelled_single_request_download_leaves_nothing(backend: Backend, tmp_path: Path) -> None:
    backend.inspector.put(backend.bucket, "down/small.bin", os.urandom(2 * MiB))
    cancel = threading.Event()
    with pytest.raises(TransferCancelledError):
        backend.store.download_file(
            "down/small.bin", tmp_path / "out" / "small.bin", progress=lambda d, t: cancel.set(), cancel=cancel
        )
    assert list(tmp_path.iterdir()) == []


def _disk_after(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def _assert_local_failure(caught: pytest.ExceptionInfo[LocalPathError], key: str, path: Path) -> None:
    assert key in str(caught.value) and str(path) in str(caught.value)
    assert isinstance(caught.value.__cause__, OSError)


def test_download_of_a_250_byte_name_fits_beside_its_temp_file(backend: Backend, tmp_path: Path) -> None:
    key = "long/" + "n" * 246 + ".bin"
    backend.inspector.put(backend.bucket, key, b"long name")
    path = backend.store.download_to_folder(key, tmp_path, strip_prefix="long/")
    assert path.read_bytes() == b"long name"
    assert _disk_after(tmp_path) == [path.name]


def test_download_of_a_name_too_long_for_the_disk_is_a_local_error_leaving_nothing(
    backend: Backend, tmp_path: Path
) -> None:
    key = "long/name.bin"  # the local backend cannot hold a 256-byte name either, so only the target has one
    backend.inspector.put(backend.bucket, key, b"too long")
    target = tmp_path / "new" / "deeper" / ("n" * 256)
    with pytest.raises(LocalPathError) as caught:
        backend.store.download_file(key, target)
    _assert_local_failure(caught, key, target)
    assert _disk_after(tmp_path) == []
    if backend.is_s3:  # S3 holds a key whose last segment no local file can be named after
        long_key = "long/" + "n" * 256
        backend.inspector.put(backend.bucket, long_key, b"too long")
        with pytest.raises(LocalPathError) as caught:
            backend.store.download_to_folder(long_key, tmp_path / "new")
        _assert_local_failure(caught, long_key, tmp_path / "new")
        assert _disk_after(tmp_path) == []


def test_download_onto_a_folder_clash_is_a_local_error_leaving_the_disk_as_it_was(
    backend: Backend, tmp_path: Path
) -> None:
    """'a' then 'a/b' into one folder: the second needs a folder where the first wrote a file, and vice versa."""
    for key in ("one/a", "two/a/b", "three/c/d", "four/c"):
        backend.inspector.put(backend.bucket, key, key.encode())
    backend.store.download_to_folder("one/a", tmp_path, strip_prefix="one/")
    with pytest.raises(LocalPathError) as caught:
        backend.store.download_to_folder("two/a/b", tmp_path, strip_prefix="two/")
    _assert_local_failure(caught, "two/a/b", tmp_path / "a" / "b")
    backend.store.download_to_folder("three/c/d", tmp_path, strip_prefix="three/")
    with pytest.raises(LocalPathError) as caught:
        backend.store.download_to_folder("four/c", tmp_path, strip_prefix="four/")
    _assert_local_failure(caught, "four/c", tmp_path / "c")
    assert _disk_after(tmp_path) == ["a", "c", "c/d"]
    assert (tmp_path / "a").read_bytes() == b"one/a"

    beneath_a_file = tmp_path / "a" / "x" / "y.bin"
    with pytest.raises(LocalPathError) as caught:
        backend.store.download_file("one/a", beneath_a_file)
    _assert_local_failure(caught, "one/a", beneath_a_file)
    assert _disk_after(tmp_path) == ["a", "c", "c/d"]


@contextmanager
def _file_size_limit(limit: int) -> Iterator[None]:
    """A real write failure (EFBIG, as a full disk gives ENOSPC) for writes past ``limit`` bytes."""
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, old_limit[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)


@pytest.mark.parametrize("size", [256 * 1024, 12 * MiB], ids=["one-request", "ranged-parts"])
def test_download_that_cannot_write_is_a_local_error_removing_temp_and_new_folders(
    backend: Backend, tmp_path: Path, size: int
) -> None:
    backend.inspector.put(backend.bucket, "down/big.bin", os.urandom(size))
    (tmp_path / "kept.txt").write_bytes(b"kept")
    target = tmp_path / "new" / "deeper" / "big.bin"
    with _file_size_limit(64 * 1024), pytest.raises(LocalPathError) as caught:
        backend.store.download_file("down/big.bin", target)
    _assert_local_failure(caught, "down/big.bin", target)
    assert caught.value.__cause__.errno == errno.EFBIG
    assert _disk_after(tmp_path) == ["kept.txt"]
