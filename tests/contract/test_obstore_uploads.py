"""Small uploads through obstore (``transfer.obstore_uploads``, files up to ``UPLOAD_MAX``): the same object, content
type, ETag, version and progress as through the SDK, a cancel before anything is sent, and everything obstore cannot
do exactly (a key it cannot name, a bigger file, a failure) left to the SDK.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import pytest

from objstore_tui.object_store import (
    AccessDeniedError,
    BucketNotFoundError,
    TransferCancelledError,
    UploadResult,
)
from objstore_tui.object_store.adapters import s3_obstore
from objstore_tui.object_store.adapters.s3_obstore import UPLOAD_MAX
from tests.http_proxy import FakeS3, Reply, Request, s3_error

from .conftest import ACCESS_KEY, SECRET_KEY, Backend, by_obstore, raw_boto3, store_behind, with_transfer

FRAMEWORKS = ["boto3", "minio"]


def _puts(proxy: FakeS3) -> list[str]:
    """Who sent each PUT of an object, in order: 'obstore' or 'sdk' (the bucket's creation left out)."""
    objects = [r for r in proxy.requests if r.method == "PUT" and r.path.strip("/").count("/") >= 1]
    return ["obstore" if by_obstore(r) else "sdk" for r in objects]


def _file(path: Path, size: int) -> bytes:
    data = os.urandom(size)
    path.write_bytes(data)
    return data


def _stored(s3_server, key: str) -> bytes:
    """The object as plain boto3 reads it from moto, past the proxy and the library."""
    client = raw_boto3(s3_server.url, ACCESS_KEY, SECRET_KEY)
    return client.get_object(Bucket="obstore-uploads", Key=key)["Body"].read()


def test_an_upload_stores_what_the_sdk_stores(
    backend: Backend, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Bytes (read back by the other SDK), content type, ETag, version and progress, beside the SDK's own upload;
    on a server no proxy shows, obstore is seen to have made it by not saying it failed."""
    if not backend.is_s3:
        pytest.skip("the local backend writes files")
    caplog.set_level(logging.INFO, logger=s3_obstore.__name__)
    backend.store.set_bucket_versioning(True)
    data = _file(tmp_path / "report.csv", 300_000)
    reports: list[tuple[int, int]] = []
    light = backend.store.upload_file(
        tmp_path / "report.csv", "up/è + x.csv", progress=lambda done, total: reports.append((done, total))
    )
    sdk_store = with_transfer(backend.store, obstore_uploads=False)
    plain = sdk_store.upload_file(tmp_path / "report.csv", "up/plain.csv")
    sdk_store.close()
    assert (
        backend.inspector.read(backend.bucket, "up/è + x.csv")
        == data
        == backend.inspector.read(backend.bucket, "up/plain.csv")
    )
    light_meta, plain_meta = backend.store.stat_object("up/è + x.csv"), backend.store.stat_object("up/plain.csv")
    assert light_meta.content_type == plain_meta.content_type == "text/csv"
    assert light == UploadResult(backend.bucket, "up/è + x.csv", light_meta.etag, light_meta.version_id, len(data))
    assert light.etag == plain.etag and light.version_id is not None
    assert reports[-1] == (len(data), len(data))
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    assert not [record for record in caplog.records if "obstore failed" in record.getMessage()]


def test_an_empty_file(backend: Backend, tmp_path: Path) -> None:
    (tmp_path / "empty").write_bytes(b"")
    result = backend.store.upload_file(tmp_path / "empty", "up/empty")
    assert result.size == 0 and backend.inspector.read(backend.bucket, "up/empty") == b""


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_obstore_sends_the_small_files_and_the_sdk_the_rest(s3_server, framework: str, tmp_path: Path) -> None:
    """Up to ``UPLOAD_MAX`` bytes obstore's; one byte more, a key obstore cannot name and a missing bucket the
    SDK's (after obstore's refused PUT, which leaves obstore on)."""
    sizes = {"small.bin": 1000, "edge.bin": UPLOAD_MAX, "over.bin": UPLOAD_MAX + 1, "tab\tkey": 1000}
    files = {name: _file(tmp_path / f"{index}", size) for index, (name, size) in enumerate(sizes.items())}
    with FakeS3(lambda _: None, upstream=s3_server.endpoint) as proxy:
        store = store_behind(proxy, framework, "obstore-uploads")
        for index, name in enumerate(sizes):
            assert store.upload_file(tmp_path / f"{index}", name).size == sizes[name]
        with pytest.raises(BucketNotFoundError) as missing:
            store.upload_file(tmp_path / "0", "x.bin", bucket="no-such-bucket-here")
        store.upload_file(tmp_path / "0", "again.bin")
        store.close()
    read_back = {name: _stored(s3_server, name) for name in sizes}
    assert missing.value.bucket == "no-such-bucket-here"
    assert _puts(proxy) == ["obstore", "obstore", "sdk", "sdk", "obstore", "sdk", "obstore"]
    assert read_back == files


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_cancel_while_the_file_is_read_sends_nothing(s3_server, framework: str, tmp_path: Path) -> None:
    """The file is read before the PUT, a step at a time: a cancel set from the first report stops it there."""
    _file(tmp_path / "one.bin", UPLOAD_MAX)
    cancel = threading.Event()
    reports: list[int] = []

    def cancel_at_once(done: int, total: int) -> None:
        reports.append(done)
        cancel.set()

    with FakeS3(lambda _: None, upstream=s3_server.endpoint) as proxy:
        store = store_behind(proxy, framework, "obstore-uploads")
        with pytest.raises(TransferCancelledError):
            store.upload_file(tmp_path / "one.bin", "one.bin", progress=cancel_at_once, cancel=cancel)
        store.close()
    assert _puts(proxy) == [] and reports and max(reports) <= UPLOAD_MAX // 2


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_after_a_failure_that_upload_and_the_next_go_through_the_sdk(s3_server, framework: str, tmp_path: Path) -> None:
    """A server error to obstore's PUT: the SDK sends the file again (its retries, its error mapping), the bar
    never passes the size, and obstore is not asked again by this client."""
    data = _file(tmp_path / "a.bin", 200_000)

    def refuse_obstore(request: Request) -> Reply | None:
        return s3_error("InternalError", "only for obstore", 500) if by_obstore(request) else None

    with FakeS3(refuse_obstore, upstream=s3_server.endpoint) as proxy:
        store = store_behind(proxy, framework, "obstore-uploads")
        reports: list[tuple[int, int]] = []
        store.upload_file(tmp_path / "a.bin", "1.bin", progress=lambda done, total: reports.append((done, total)))
        for name in ("2.bin", "3.bin"):
            store.upload_file(tmp_path / "a.bin", name)
        store.close()
    assert [_stored(s3_server, name) for name in ("1.bin", "2.bin", "3.bin")] == [data] * 3
    assert _puts(proxy) == ["obstore", "sdk", "sdk", "sdk"]
    assert reports[-1] == (len(data), len(data)) and all(0 <= done <= total for done, total in reports)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_denied_key_is_named_by_the_sdk_and_obstore_stays_on(s3_server, framework: str, tmp_path: Path) -> None:
    _file(tmp_path / "a.bin", 1000)

    def deny_secret(request: Request) -> Reply | None:
        return s3_error("AccessDenied", "Access Denied", 403) if request.path.endswith("/secret.bin") else None

    with FakeS3(deny_secret, upstream=s3_server.endpoint) as proxy:
        store = store_behind(proxy, framework, "obstore-uploads")
        with pytest.raises(AccessDeniedError) as denied:
            store.upload_file(tmp_path / "a.bin", "secret.bin")
        store.upload_file(tmp_path / "a.bin", "a.bin")
        store.close()
    assert denied.value.key == "secret.bin"
    assert _puts(proxy) == ["obstore", "sdk", "obstore"]


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_switched_off_by_configuration(s3_server, framework: str, tmp_path: Path) -> None:
    _file(tmp_path / "a.bin", 1000)
    with FakeS3(lambda _: None, upstream=s3_server.endpoint) as proxy:
        store = store_behind(proxy, framework, "obstore-uploads", obstore_uploads=False)
        store.upload_file(tmp_path / "a.bin", "a.bin")
        store.close()
    assert _puts(proxy) == ["sdk"]
