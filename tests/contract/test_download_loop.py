"""The S3 adapters' download loop: one reused buffer over the raw body, every byte counted and checked, and big
objects split over ranged GETs that all read one version of the object."""

from __future__ import annotations

import cProfile
import os
import pstats
import threading
from pathlib import Path
from typing import Any

import pytest

from objstore_tui.object_store import NotSupportedError, ObjectChangedError, ObjectStore, StoreConnectionError
from objstore_tui.object_store.transfer import TransferMonitor
from tests.http_proxy import FakeS3, Reply, Request
from tests.s3_server import ACCESS_KEY, SECRET_KEY, MotoServer

from .conftest import raw_boto3, s3_config

FRAMEWORKS = ["boto3", "minio"]
MiB = 1024 * 1024


def _seeded(server: MotoServer, bucket: str, key: str, size: int) -> Any:
    """A bucket holding one object of random bytes, and the raw boto3 client that wrote it."""
    seed = raw_boto3(server.url, ACCESS_KEY, SECRET_KEY)
    seed.create_bucket(Bucket=bucket)
    seed.put_object(Bucket=bucket, Key=key, Body=os.urandom(size))
    return seed


def _store(framework: str, endpoint: str, bucket: str, *, obstore: bool = False) -> ObjectStore:
    """Four download streams, as the contract config has them, where the SDK makes every download; with
    ``obstore=True`` one, where obstore (``s3_obstore``) makes them."""
    config = s3_config(framework, endpoint, ACCESS_KEY, SECRET_KEY, False, max_retries=0)
    config["transfer"] = {**config["transfer"], "obstore_downloads": obstore, "download_streams": 1 if obstore else 4}
    return ObjectStore({**config, "root_bucket": bucket})


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_download_cut_short_is_a_connection_error_and_leaves_the_disk_alone(framework: str, tmp_path: Path) -> None:
    def answer(request: Request) -> Reply | None:
        headers = {"Content-Type": "application/octet-stream", "ETag": '"' + "1" * 32 + '"'}
        return Reply(200, b"only the start", headers, declared_length=1_000_000)

    target = tmp_path / "cut.bin"
    with FakeS3(answer) as server, pytest.raises(StoreConnectionError) as caught:
        _store(framework, server.endpoint, "some-bucket").download_file("cut/short.bin", target)
    assert caught.value.bucket == "some-bucket" and caught.value.key == "cut/short.bin"
    assert list(tmp_path.iterdir()) == []


def test_minio_download_reads_the_body_into_one_buffer(s3_server: MotoServer, tmp_path: Path) -> None:
    """urllib3's stream() made a new bytes object per chunk: the loop now reads into a reused buffer."""
    data = os.urandom(3 * 1024 * 1024 + 17)
    raw_boto3(s3_server.url, ACCESS_KEY, SECRET_KEY).create_bucket(Bucket="loop")
    raw_boto3(s3_server.url, ACCESS_KEY, SECRET_KEY).put_object(Bucket="loop", Key="big.bin", Body=data)
    store = _store("minio", s3_server.endpoint, "loop")
    progress: list[int] = []
    profile = cProfile.Profile()
    profile.runcall(
        store.download_file, "big.bin", tmp_path / "big.bin", progress=lambda done, _: progress.append(done)
    )
    called = {name for _, _, name in pstats.Stats(profile).stats}  # type: ignore[attr-defined]
    assert "stream" not in called and "readinto" in called
    assert (tmp_path / "big.bin").read_bytes() == data
    assert progress[-1] == len(data)
    store.close()


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_an_object_replaced_during_a_split_download_fails_it_and_leaves_the_disk_alone(
    framework: str, s3_server: MotoServer, tmp_path: Path
) -> None:
    seed = _seeded(s3_server, "changing", "big.bin", 12 * MiB)

    def replace_before_the_first_range(request: Request) -> Reply | None:
        if "range" in {name.lower() for name in request.headers} and not replaced.is_set():
            replaced.set()
            seed.put_object(Bucket="changing", Key="big.bin", Body=os.urandom(12 * MiB))
        return None

    replaced = threading.Event()
    target = tmp_path / "big.bin"
    target.write_bytes(b"kept")
    proxy = FakeS3(replace_before_the_first_range, upstream=s3_server.endpoint)
    with proxy, pytest.raises(ObjectChangedError) as caught:
        _store(framework, proxy.endpoint, "changing").download_file("big.bin", target)
    assert replaced.is_set() and caught.value.key == "big.bin"
    assert [path.name for path in tmp_path.iterdir()] == ["big.bin"] and target.read_bytes() == b"kept"


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_server_that_ignores_ranges_is_named_and_the_disk_left_alone(framework: str, tmp_path: Path) -> None:
    whole = os.urandom(12 * MiB)

    def answer(request: Request) -> Reply | None:  # every GET gets the whole object, Range or not
        return Reply(200, whole, {"Content-Type": "application/octet-stream", "ETag": '"' + "2" * 32 + '"'})

    with FakeS3(answer) as server, pytest.raises(NotSupportedError) as caught:
        _store(framework, server.endpoint, "some-bucket").download_file("whole.bin", tmp_path / "whole.bin")
    assert "download_streams" in str(caught.value) and caught.value.key == "whole.bin"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_range_cut_short_is_a_connection_error_and_leaves_the_disk_alone(
    framework: str, s3_server: MotoServer, tmp_path: Path
) -> None:
    _seeded(s3_server, "cut", "big.bin", 12 * MiB)

    def cut_ranges(request: Request) -> Reply | None:
        if "range" not in {name.lower() for name in request.headers}:
            return None
        reply = proxy.forward(request)
        return Reply(reply.status, reply.body[: 2 * MiB], reply.headers, declared_length=len(reply.body))

    proxy = FakeS3(cut_ranges, upstream=s3_server.endpoint)
    with proxy, pytest.raises(StoreConnectionError) as caught:
        _store(framework, proxy.endpoint, "cut").download_file("big.bin", tmp_path / "big.bin")
    assert caught.value.key == "big.bin"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("obstore", [True, False])
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_the_adapter_writing_over_a_longer_file_leaves_exactly_the_object(
    framework: str, obstore: bool, s3_server: MotoServer, tmp_path: Path
) -> None:
    """The temp file is opened without O_TRUNC (on ext4 that truncate cost a flush at close): a file that was
    already longer is cut to the object's size, not left with a tail of old bytes."""
    data = os.urandom(3 * MiB + 5)
    _seeded(s3_server, "over", "short.bin", 0).put_object(Bucket="over", Key="short.bin", Body=data)
    target = tmp_path / "short.bin"
    target.write_bytes(b"old" * 2 * MiB)
    store = _store(framework, s3_server.endpoint, "over", obstore=obstore)
    assert store.client is not None
    store.client.download_file("over", "short.bin", target, TransferMonitor(0))
    assert target.read_bytes() == data
    store.close()
