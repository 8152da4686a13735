"""Faulty S3 answers, played by small real HTTP servers on 127.0.0.1 (alone, or as a proxy in front of moto)."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from objstore_tui.object_store import (
    BucketNotEmptyError,
    ObjectStore,
    ObjectStoreError,
    StoreConnectionError,
    VerificationError,
)
from tests.http_proxy import FakeS3, Reply, Request, SilentServer, s3_error
from tests.s3_server import ACCESS_KEY, SECRET_KEY, MotoServer

from .conftest import raw_boto3, s3_config

FRAMEWORKS = ["minio", "boto3"]


def _store(framework: str, endpoint: str, bucket: str | None = None, **connection: object) -> ObjectStore:
    return ObjectStore(
        {**s3_config(framework, endpoint, ACCESS_KEY, SECRET_KEY, False, **connection), "root_bucket": bucket}
    )


@pytest.fixture
def bucket(s3_server: MotoServer) -> Iterator[str]:
    name = f"faulty-{uuid.uuid4().hex[:8]}"
    raw_boto3(s3_server.url, ACCESS_KEY, SECRET_KEY).create_bucket(Bucket=name)
    yield name


def _is_copy(request: Request) -> bool:
    return request.method == "PUT" and "x-amz-copy-source" in {name.lower() for name in request.headers}


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_200_whose_body_is_an_error_is_the_projects_error(framework: str, s3_server: MotoServer, bucket: str) -> None:
    """S3 documents that CopyObject can answer 200 with an <Error> body: it must not escape as a raw SDK error."""
    raw_boto3(s3_server.url, ACCESS_KEY, SECRET_KEY).put_object(Bucket=bucket, Key="src.txt", Body=b"data")

    def answer(request: Request) -> Reply | None:
        return (
            Reply(200, s3_error("InternalError", "We encountered an internal error.").body)
            if _is_copy(request)
            else None
        )

    with FakeS3(answer, upstream=s3_server.endpoint) as proxy:
        store = _store(framework, proxy.endpoint, bucket, max_retries=0)
        with pytest.raises(ObjectStoreError) as caught:
            store.copy_object("src.txt", "dst.txt")
        store.close()
    error = caught.value
    assert type(error) is ObjectStoreError
    assert error.code == "InternalError" and "internal error" in str(error)
    assert error.bucket == bucket and error.key == "dst.txt"
    assert error.__cause__ is not None
    assert (
        raw_boto3(s3_server.url, ACCESS_KEY, SECRET_KEY).list_objects_v2(Bucket=bucket, Prefix="dst")["KeyCount"] == 0
    )


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_an_empty_server_message_is_said_in_words(framework: str) -> None:
    """Ceph sends empty <Message/> elements: the error says what the code means, never 'None'."""

    def answer(request: Request) -> Reply | None:
        if request.method == "DELETE":
            return s3_error("BucketNotEmpty", "", 409)
        return None

    with FakeS3(answer) as server:
        store = _store(framework, server.endpoint, max_retries=0)
        with pytest.raises(BucketNotEmptyError) as caught:
            store.delete_bucket("full-bucket")
        store.close()
    message = str(caught.value)
    assert "None" not in message
    assert "the bucket is not empty" in message and "full-bucket" in message


@pytest.mark.timeout(120)
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_stalled_server_is_reported_within_about_20_seconds_by_default(framework: str) -> None:
    """A server that accepts and never answers: with the default timeouts and retries a listing fails fast."""
    with SilentServer() as server:
        store = _store(framework, server.endpoint, "some-bucket")
        started = time.monotonic()
        with pytest.raises(StoreConnectionError) as caught:
            list(store.list_dir(""))
        elapsed = time.monotonic() - started
        store.close()
    assert elapsed < 25, f"a stalled listing took {elapsed:.1f} s to report"
    assert server.endpoint in str(caught.value) and caught.value.__cause__ is not None


@pytest.mark.timeout(120)
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_stalled_server_is_reported_within_about_20_seconds_on_a_download(framework: str, tmp_path: Path) -> None:
    """Downloads in one stream go through obstore (``s3_obstore``): a stall there is reported, not waited out a
    second time through the SDK."""
    with SilentServer() as server:
        config = s3_config(framework, server.endpoint, ACCESS_KEY, SECRET_KEY, False)
        config["transfer"] = {**config["transfer"], "download_streams": 1}
        store = ObjectStore({**config, "root_bucket": "some-bucket"})
        started = time.monotonic()
        with pytest.raises(StoreConnectionError) as caught:
            store.download_file("small.txt", tmp_path / "small.txt")
        elapsed = time.monotonic() - started
        store.close()
    assert elapsed < 25, f"a stalled download took {elapsed:.1f} s to report"
    assert server.endpoint in str(caught.value) and caught.value.key == "small.txt"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.timeout(120)
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_stalled_server_is_reported_within_about_20_seconds_on_a_small_upload(framework: str, tmp_path: Path) -> None:
    """Small files go up through obstore (``s3_obstore``): a stall there is reported, not waited out a second time
    through the SDK."""
    (tmp_path / "small.txt").write_bytes(b"x" * 1000)
    with SilentServer() as server:
        store = _store(framework, server.endpoint, "some-bucket")
        started = time.monotonic()
        with pytest.raises(StoreConnectionError) as caught:
            store.upload_file(tmp_path / "small.txt", "small.txt")
        elapsed = time.monotonic() - started
        store.close()
    assert elapsed < 25, f"a stalled upload took {elapsed:.1f} s to report"
    assert server.endpoint in str(caught.value) and caught.value.key == "small.txt"


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_refused_bulk_delete_falls_back_to_one_delete_per_key(
    framework: str, s3_server: MotoServer, bucket: str
) -> None:
    checker = raw_boto3(s3_server.url, ACCESS_KEY, SECRET_KEY)
    keys = ["one.txt", "two.txt", "dir/three.txt"]
    for key in [*keys, "kept.txt"]:
        checker.put_object(Bucket=bucket, Key=key, Body=b"x")

    def answer(request: Request) -> Reply | None:
        if request.method == "POST" and "delete" in request.query:
            return s3_error("MalformedXML", "The XML you provided was not well-formed", 400)
        return None

    with FakeS3(answer, upstream=s3_server.endpoint) as proxy:
        store = _store(framework, proxy.endpoint, bucket)
        result = store.delete_objects(keys)
        store.close()
    assert sorted(result.deleted) == sorted(keys) and result.failed == ()
    assert [item["Key"] for item in checker.list_objects_v2(Bucket=bucket)["Contents"]] == ["kept.txt"]
    assert sum(r.method == "DELETE" for r in proxy.requests) == len(keys)


def _acknowledge_copies_without_making_them(request: Request) -> Reply | None:
    """A server that says yes to CopyObject, UploadPartCopy and CompleteMultipartUpload and does nothing."""
    stamp = "<LastModified>2026-01-01T00:00:00.000Z</LastModified>"
    if _is_copy(request):
        tag = "CopyPartResult" if "partNumber" in request.query else "CopyObjectResult"
        return Reply(200, f'<{tag}>{stamp}<ETag>"{"0" * 32}"</ETag></{tag}>'.encode())
    if request.method == "POST" and "uploadId" in request.query:
        bucket, _, key = request.path.lstrip("/").partition("/")
        body = f'<CompleteMultipartUploadResult><Bucket>{bucket}</Bucket><Key>{key}</Key><ETag>"{"0" * 32}-2"</ETag>'
        return Reply(200, (body + "</CompleteMultipartUploadResult>").encode())
    return None


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_move_over_a_copy_the_server_did_not_make_keeps_the_source(
    framework: str, s3_server: MotoServer, bucket: str, tmp_path: Path
) -> None:
    """Same size, other bytes, multipart ETags: only reading (or a server checksum) shows the copy is not there."""
    checker = raw_boto3(s3_server.url, ACCESS_KEY, SECRET_KEY)
    source, stale = os.urandom(6 * 1024 * 1024 + 1), os.urandom(6 * 1024 * 1024 + 1)
    checker.put_object(Bucket=bucket, Key="old/big.bin", Body=stale)
    path = tmp_path / "big.bin"
    path.write_bytes(source)
    with _store(framework, s3_server.endpoint, bucket) as direct:
        direct.upload_file(path, "new/big.bin")  # in parts, so its ETag is not an MD5
    with FakeS3(_acknowledge_copies_without_making_them, upstream=s3_server.endpoint) as proxy:
        store = _store(framework, proxy.endpoint, bucket)
        with pytest.raises(VerificationError) as caught:
            store.move_object("new/big.bin", "old/big.bin")
        store.close()
    assert any(_is_copy(request) for request in proxy.requests)
    assert "source kept" in str(caught.value) and caught.value.key == "new/big.bin"
    assert checker.get_object(Bucket=bucket, Key="new/big.bin")["Body"].read() == source
    assert checker.get_object(Bucket=bucket, Key="old/big.bin")["Body"].read() == stale


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_body_cut_short_is_a_connection_error_naming_the_key(framework: str) -> None:
    """Reading an object's stream is an SDK call too: a connection dropped mid-body is the project's error."""

    def answer(request: Request) -> Reply | None:
        if request.method == "GET":
            headers = {"Content-Type": "text/plain", "ETag": '"' + "1" * 32 + '"'}
            return Reply(200, b"only the start", headers, declared_length=1_000_000)
        return None

    with (
        FakeS3(answer) as server,
        _store(framework, server.endpoint, "some-bucket", max_retries=0) as store,
        store.get_object("cut/short.bin") as obj,
        pytest.raises(StoreConnectionError) as caught,
    ):
        obj.read()
    assert caught.value.bucket == "some-bucket" and caught.value.key == "cut/short.bin"
    assert caught.value.__cause__ is not None


@pytest.mark.parametrize(("copy_checksum", "moved"), [("AAAAAA==", True), ("BBBBBB==", False)])
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_move_is_verified_by_the_servers_checksums_when_etags_cannot_tell(
    framework: str, copy_checksum: str, moved: bool, s3_server: MotoServer, bucket: str, tmp_path: Path
) -> None:
    """Multipart ETags and verify_max_bytes=0 (nothing may be read): only the CRC32s the server reports on a
    HEAD in checksum mode (added here by a proxy, as moto keeps none for these objects) decide."""
    path = tmp_path / "big.bin"
    path.write_bytes(os.urandom(6 * 1024 * 1024 + 1))
    with _store(framework, s3_server.endpoint, bucket) as direct:
        direct.upload_file(path, "src/big.bin")
    crc32 = {"src/big.bin": "AAAAAA==", "dst/big.bin": copy_checksum}

    def answer(request: Request) -> Reply | None:
        if request.method != "HEAD" or request.headers.get("x-amz-checksum-mode") != "ENABLED":
            return None
        reply = proxy.forward(request)
        reply.headers["x-amz-checksum-crc32"] = crc32[request.path.split("/", 2)[2]]
        return reply

    config = s3_config(framework, "", ACCESS_KEY, SECRET_KEY, False)
    config["transfer"] = {**config["transfer"], "verify_max_bytes": 0}
    with FakeS3(answer, upstream=s3_server.endpoint) as proxy:
        config["connection"]["endpoint"] = proxy.endpoint
        with ObjectStore({**config, "root_bucket": bucket}) as store:
            if moved:
                store.move_object("src/big.bin", "dst/big.bin")
            else:
                with pytest.raises(VerificationError, match="checksum differs"):
                    store.move_object("src/big.bin", "dst/big.bin")
    checker = raw_boto3(s3_server.url, ACCESS_KEY, SECRET_KEY)
    assert [item["Key"] for item in checker.list_objects_v2(Bucket=bucket)["Contents"]] == (
        ["dst/big.bin"] if moved else ["dst/big.bin", "src/big.bin"]
    )
