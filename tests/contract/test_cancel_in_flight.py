"""A cancel stops a transfer in flight: far fewer bytes than the object's size are moved, on every backend.

The cancel is set from the first progress report, so each test also pins down what a cancel set while the file is
still being read or sent means for a single-request upload: the request never completes and no object is left.
The S3 backends go through a recording proxy in front of moto, which counts the body bytes the server was sent.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from objstore_tui.object_store import ObjectStore, TransferCancelledError
from tests.http_proxy import FakeS3, Request

from .conftest import Backend

MiB = 1024 * 1024
SIZES = [pytest.param(4 * MiB, id="one-request"), pytest.param(24 * MiB, id="multipart")]
"""Below and above the contract backends' 5 MiB multipart threshold."""


class CancelOnFirstReport:
    """A progress callback that sets the cancel on its first report and keeps every byte count reported."""

    def __init__(self) -> None:
        self.cancel = threading.Event()
        self.reports: list[int] = []

    def __call__(self, done: int, total: int) -> None:
        self.reports.append(done)
        self.cancel.set()

    def assert_stopped_part_way(self, size: int) -> None:
        """The bar never went past half the size (nor below zero, when an SDK rewinds for a retry)."""
        assert self.reports and max(self.reports) <= size // 2
        assert min(self.reports) >= 0


def _body_bytes(requests: list[Request], method: str) -> int:
    return sum(len(request.body) for request in requests if request.method == method)


@pytest.mark.parametrize("size", SIZES)
def test_cancelled_upload_stops_part_way_and_leaves_no_object(
    backend: Backend, proxied: tuple[ObjectStore, FakeS3 | None], tmp_path: Path, size: int
) -> None:
    store, proxy = proxied
    (tmp_path / "big.bin").write_bytes(os.urandom(size))
    progress = CancelOnFirstReport()
    with pytest.raises(TransferCancelledError):
        store.upload_file(tmp_path / "big.bin", "up/cancelled.bin", progress=progress, cancel=progress.cancel)
    progress.assert_stopped_part_way(size)
    assert backend.inspector.read(backend.bucket, "up/cancelled.bin") is None
    assert backend.inspector.pending_uploads(backend.bucket) == []
    if proxy is not None:
        assert _body_bytes(proxy.requests, "PUT") <= size // 2


@pytest.mark.parametrize("size", SIZES)
def test_cancelled_download_stops_part_way_and_writes_nothing(
    backend: Backend, proxied: tuple[ObjectStore, FakeS3 | None], tmp_path: Path, size: int
) -> None:
    store, _ = proxied
    backend.inspector.put(backend.bucket, "down/big.bin", os.urandom(size))
    progress = CancelOnFirstReport()
    with pytest.raises(TransferCancelledError):
        store.download_file("down/big.bin", tmp_path / "big.bin", progress=progress, cancel=progress.cancel)
    progress.assert_stopped_part_way(size)
    assert list(tmp_path.iterdir()) == []
