"""The minio adapter's download loop: one reused buffer over the raw body, every byte counted and checked."""

from __future__ import annotations

import cProfile
import os
import pstats
from pathlib import Path

import pytest

from objstore_tui.object_store import ObjectStore, StoreConnectionError
from tests.http_proxy import FakeS3, Reply, Request
from tests.s3_server import ACCESS_KEY, SECRET_KEY, MotoServer

from .conftest import raw_boto3, s3_config

FRAMEWORKS = ["boto3", "minio"]


def _store(framework: str, endpoint: str, bucket: str) -> ObjectStore:
    config = s3_config(framework, endpoint, ACCESS_KEY, SECRET_KEY, False, max_retries=0)
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
