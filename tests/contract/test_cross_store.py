"""Copies between two stores (``copy_between``): every direction between local, minio and boto3, the bytes,
content type, metadata and tags read back with the other SDK; a cancel or a source cut mid-stream leaves no
object and no pending multipart upload on the destination; a move deletes its source only after the check."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from objstore_tui.object_store import (
    ObjectStoreError,
    TransferCancelledError,
    VerificationError,
)
from objstore_tui.object_store.cross_copy import copy_between
from tests.http_proxy import completed_but_failing, cutting, rewriting_etags
from tests.s3_server import MotoServer

from .cross_store import PART_SIZE, Boto3Peer, Side, moto_side, s3_store

MULTIPART = 2 * PART_SIZE + 12345
ODD_KEY = "odd dir/ä ü +&=?#%;~ 'quote'.txt"
METADATA = {"owner": "ops", "purpose": "backup"}


def _cases() -> list[tuple[str, bytes, str]]:
    return [
        ("small.txt", b"hello between stores\n", "text/plain"),
        ("empty.bin", b"", "application/x-empty"),
        ("big/multipart.bin", os.urandom(MULTIPART), "application/octet-stream"),
        (ODD_KEY, b"odd", "text/x-odd"),
    ]


@pytest.mark.parametrize("key, data, content_type", _cases(), ids=["small", "empty", "multipart", "odd-key"])
def test_copy_between_stores_carries_bytes_type_and_metadata(
    source: Side, destination: Side, key: str, data: bytes, content_type: str
) -> None:
    source.peer.seed(key, data, content_type, METADATA, {})
    result = copy_between(
        source.store, key, destination.store, "copied/" + key, src_bucket=source.bucket, dst_bucket=destination.bucket
    )
    stored = destination.peer.stored("copied/" + key)
    assert stored is not None and stored.data == data
    if source.peer.keeps_metadata and destination.peer.keeps_metadata:
        assert (stored.content_type, stored.metadata) == (content_type, METADATA)
    assert (result.size, result.server_side, result.moved) == (len(data), False, False)
    assert "ETag" in result.verified_by or result.verified_by == "read back and hashed"
    assert source.peer.stored(key) is not None
    assert destination.peer.pending_uploads() == []


def test_a_multipart_copy_is_checked_by_its_composite_etag(source: Side, destination: Side) -> None:
    source.peer.seed("big.bin", os.urandom(MULTIPART), "application/octet-stream", {}, {})
    result = copy_between(
        source.store, "big.bin", destination.store, "big.bin", src_bucket=source.bucket, dst_bucket=destination.bucket
    )
    assert result.verified_by == "multipart ETag (3 parts)"


@pytest.mark.parametrize("key, data, content_type", _cases(), ids=["small", "empty", "multipart", "odd-key"])
def test_move_between_stores_deletes_the_source_after_the_check(
    source: Side, destination: Side, key: str, data: bytes, content_type: str
) -> None:
    source.peer.seed(key, data, content_type, METADATA, {})
    result = copy_between(
        source.store, key, destination.store, key, src_bucket=source.bucket, dst_bucket=destination.bucket, move=True
    )
    assert result.moved
    stored = destination.peer.stored(key)
    assert stored is not None and stored.data == data
    assert source.peer.stored(key) is None


@pytest.mark.parametrize("size", [1, MULTIPART], ids=["one-put", "multipart"])
def test_tags_go_over_where_both_stores_keep_them(source: Side, destination: Side, size: int) -> None:
    if not (source.is_s3 and destination.is_s3):
        pytest.skip("the local backend keeps no tags")
    source.peer.seed("tagged.txt", os.urandom(size), "text/plain", {}, {"team": "ops", "tier": "gold"})
    copy_between(
        source.store,
        "tagged.txt",
        destination.store,
        "tagged.txt",
        src_bucket=source.bucket,
        dst_bucket=destination.bucket,
    )
    assert destination.peer.tags("tagged.txt") == {"team": "ops", "tier": "gold"}


def test_a_cancelled_copy_leaves_no_object_and_no_pending_upload(source: Side, destination: Side) -> None:
    source.peer.seed("big.bin", os.urandom(MULTIPART), "application/octet-stream", {}, {})
    cancel = threading.Event()

    def cancel_after_the_first_part(done: int, total: int) -> None:
        if done >= PART_SIZE:
            cancel.set()

    with pytest.raises(TransferCancelledError):
        copy_between(
            source.store,
            "big.bin",
            destination.store,
            "big.bin",
            src_bucket=source.bucket,
            dst_bucket=destination.bucket,
            progress=cancel_after_the_first_part,
            cancel=cancel,
            part_workers=1,
            move=True,
        )
    assert destination.peer.keys() == []
    assert destination.peer.pending_uploads() == []
    assert source.peer.stored("big.bin") is not None


@pytest.mark.parametrize("size", [1000, MULTIPART], ids=["single-put", "multipart"])
@pytest.mark.parametrize("framework", ["minio", "boto3"])
def test_a_source_cut_mid_stream_leaves_no_partial_object(
    framework: str, size: int, s3_server: MotoServer, destination: Side
) -> None:
    source = moto_side(framework, s3_server, PART_SIZE)
    source.peer.seed("cut.bin", os.urandom(size), "application/octet-stream", {}, {})
    destination.peer.seed("cut.bin", b"the old copy", "text/plain", {}, {})

    def object_gets(method: str, target: str) -> bool:
        return method == "GET" and "cut.bin" in target and "?" not in target

    with cutting(object_gets, s3_server.endpoint, keep=size // 2) as proxy:
        cut = s3_store(framework, proxy.endpoint, PART_SIZE)
        with pytest.raises(ObjectStoreError):
            copy_between(
                cut,
                "cut.bin",
                destination.store,
                "cut.bin",
                src_bucket=source.bucket,
                dst_bucket=destination.bucket,
                move=True,
            )
        cut.close()
    stored = destination.peer.stored("cut.bin")
    assert stored is not None and stored.data == b"the old copy"
    assert destination.peer.pending_uploads() == []
    assert source.peer.stored("cut.bin") is not None


def test_within_one_store_the_copy_stays_on_the_server(source: Side) -> None:
    source.peer.seed("a.txt", b"same server", "text/plain", METADATA, {})
    result = copy_between(
        source.store, "a.txt", source.store, "b.txt", src_bucket=source.bucket, dst_bucket=source.bucket
    )
    assert result.server_side
    stored = source.peer.stored("b.txt")
    assert stored is not None and stored.data == b"same server"


@pytest.mark.parametrize("size", [1000, MULTIPART], ids=["single-put", "multipart"])
@pytest.mark.parametrize("framework", ["minio", "boto3"])
def test_a_destination_etag_that_does_not_match_keeps_the_source(
    framework: str, size: int, s3_server: MotoServer, second_s3_server: MotoServer
) -> None:
    """A destination that acknowledges with an MD5 the bytes sent do not have: the move fails, the source stays."""
    source = moto_side("minio", s3_server, PART_SIZE)
    source.peer.seed("a.bin", os.urandom(size), "application/octet-stream", {}, {})
    destination = moto_side(framework, second_s3_server, PART_SIZE)
    with rewriting_etags(second_s3_server.endpoint, "0" * 32) as proxy:
        lying = s3_store(framework, proxy.endpoint, PART_SIZE)
        with pytest.raises(VerificationError, match="not shown to hold"):
            copy_between(
                source.store,
                "a.bin",
                lying,
                "a.bin",
                src_bucket=source.bucket,
                dst_bucket=destination.bucket,
                move=True,
            )
        lying.close()
    assert source.peer.stored("a.bin") is not None


@pytest.mark.parametrize("size", [1000, MULTIPART], ids=["single-put", "multipart"])
def test_a_destination_without_md5_etags_is_read_back(size: int, source: Side, second_s3_server: MotoServer) -> None:
    """ETags that are no MD5 (SSE-KMS on AWS, some gateways) say nothing: the copy is read back and hashed."""
    data = os.urandom(size)
    source.peer.seed("a.bin", data, "application/octet-stream", {}, {})
    destination = moto_side("boto3", second_s3_server, PART_SIZE)
    with rewriting_etags(second_s3_server.endpoint, "opaque-etag") as proxy:
        opaque = s3_store("boto3", proxy.endpoint, PART_SIZE)
        result = copy_between(
            source.store, "a.bin", opaque, "a.bin", src_bucket=source.bucket, dst_bucket=destination.bucket, move=True
        )
        opaque.close()
    assert result.verified_by == "read back and hashed" and result.moved
    stored = destination.peer.stored("a.bin")
    assert stored is not None and stored.data == data
    assert source.peer.stored("a.bin") is None


@pytest.mark.parametrize("framework", ["minio", "boto3"])
def test_a_completion_that_succeeded_behind_a_failure_counts_as_done(
    framework: str, s3_server: MotoServer, second_s3_server: MotoServer
) -> None:
    """The server made the object but the client heard an error (its retry then found no upload): the object
    there with the ETag of the parts sent is the copy, and the move goes on."""
    source = moto_side("minio", s3_server, PART_SIZE)
    data = os.urandom(MULTIPART)
    source.peer.seed("a.bin", data, "application/octet-stream", {}, {})
    destination = moto_side(framework, second_s3_server, PART_SIZE)
    with completed_but_failing(second_s3_server.endpoint) as proxy:
        failing = s3_store(framework, proxy.endpoint, PART_SIZE)
        result = copy_between(
            source.store, "a.bin", failing, "a.bin", src_bucket=source.bucket, dst_bucket=destination.bucket, move=True
        )
        failing.close()
    assert result.verified_by == "multipart ETag (3 parts)"
    stored = destination.peer.stored("a.bin")
    assert stored is not None and stored.data == data
    assert source.peer.stored("a.bin") is None
    assert destination.peer.pending_uploads() == []


def test_a_get_says_how_many_tags_the_object_has(source: Side) -> None:
    """So a copy asks for the tags of tagged objects only, not one more request for every object."""
    if not source.is_s3:
        pytest.skip("the local backend keeps no tags")
    source.peer.seed("tagged.txt", b"t", "text/plain", {}, {"team": "ops", "tier": "gold"})
    source.peer.seed("plain.txt", b"p", "text/plain", {}, {})
    with (
        source.store.get_object("tagged.txt", source.bucket) as tagged,
        source.store.get_object("plain.txt", source.bucket) as plain,
    ):
        assert (tagged.tag_count, plain.tag_count) == (2, 0)


def test_the_streaming_writes_carry_type_metadata_and_tags(destination: Side) -> None:
    """The destination's half of carrying tags over: one PUT and a multipart upload, each with its headers."""
    client, bucket = destination.store.client, destination.bucket
    headers = {"content_type": "text/x-odd", "metadata": METADATA, "tags": {"team": "ops", "a b": "c=d/e+f"}}
    client.put_object_bytes(bucket, "put.txt", b"one put", **headers)
    upload_id = client.start_multipart_upload(bucket, "parts.bin", **headers)
    part = os.urandom(PART_SIZE)
    etags = [
        client.upload_part(bucket, "parts.bin", upload_id, 1, part),
        client.upload_part(bucket, "parts.bin", upload_id, 2, b"end"),
    ]
    client.complete_multipart_upload(bucket, "parts.bin", upload_id, etags, PART_SIZE + 3)
    for key, data in (("put.txt", b"one put"), ("parts.bin", part + b"end")):
        stored = destination.peer.stored(key)
        assert stored is not None and stored.data == data
        if destination.is_s3:
            assert (stored.content_type, stored.metadata) == ("text/x-odd", METADATA)
    if destination.is_s3:  # a multipart upload's tags: Ceph drops them, so copy_between sets them after (tested above)
        assert destination.peer.tags("put.txt") == {"team": "ops", "a b": "c=d/e+f"}
    assert destination.peer.pending_uploads() == []


def test_a_copy_keeps_the_source_part_layout_so_the_etags_match(
    s3_server: MotoServer, second_s3_server: MotoServer, tmp_path: Path
) -> None:
    """The destination is configured with 8 MiB parts, the source was uploaded in 5 MiB ones: the copy uses 5."""
    source = moto_side("boto3", s3_server, PART_SIZE)
    (tmp_path / "big.bin").write_bytes(os.urandom(MULTIPART))
    uploaded = source.store.upload_file(tmp_path / "big.bin", "big.bin", source.bucket)
    destination = moto_side("minio", second_s3_server, 8 * 1024 * 1024)
    copy_between(
        source.store, "big.bin", destination.store, "big.bin", src_bucket=source.bucket, dst_bucket=destination.bucket
    )
    assert isinstance(destination.peer, Boto3Peer)
    head = destination.peer.client.head_object(Bucket=destination.bucket, Key="big.bin")
    assert uploaded.etag is not None and uploaded.etag.endswith("-3")
    assert head["ETag"].strip('"') == uploaded.etag
