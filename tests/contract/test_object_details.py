"""Everything about one object: details, tags, metadata edits and conditional writes, on every backend.

Rich objects are seeded with plain boto3 (the only SDK that sets every header); what the store wrote is read
back with the SDK the adapter under test does not use (plain minio for the boto3 adapter, plain boto3 for the
minio adapter).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from boto3.s3.transfer import TransferConfig

from objstore_tui.object_store import (
    ContentHeaders,
    NotSupportedError,
    ObjectChangedError,
    ObjectNotFoundError,
    ObjectStoreValueError,
    WriteGuarantee,
)

from .conftest import BACKENDS, Backend, MinioInspector, S3Inspector

HEADERS = {
    "ContentType": "text/csv",
    "ContentEncoding": "identity",
    "ContentDisposition": 'attachment; filename="r.csv"',
    "ContentLanguage": "de-CH",
    "CacheControl": "max-age=60",
    "Expires": datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC),
}


def seeder(backend: Backend) -> Any:
    """Plain boto3 on the backend's server, for seeding objects with every header."""
    inspector = backend.inspector
    return inspector.writer.client if isinstance(inspector, MinioInspector) else inspector.client


def raw_head(backend: Backend, key: str) -> dict[str, str]:
    """The object's headers as the other SDK reads them."""
    inspector = backend.inspector
    if isinstance(inspector, MinioInspector):
        stat = inspector.client.stat_object(backend.bucket, key)
        return {name.lower(): value for name, value in stat.metadata.items()}
    assert isinstance(inspector, S3Inspector)
    head = inspector.client.head_object(Bucket=backend.bucket, Key=key)
    return {name.lower(): value for name, value in head["ResponseMetadata"]["HTTPHeaders"].items()}


def raw_tags(backend: Backend, key: str) -> dict[str, str]:
    inspector = backend.inspector
    if isinstance(inspector, MinioInspector):
        return dict(inspector.client.get_object_tags(backend.bucket, key) or {})
    tag_set = inspector.client.get_object_tagging(Bucket=backend.bucket, Key=key)["TagSet"]
    return {tag["Key"]: tag["Value"] for tag in tag_set}


def seed_rich(backend: Backend, key: str, body: bytes = b"a,b\n1,2\n") -> None:
    seeder(backend).put_object(
        Bucket=backend.bucket,
        Key=key,
        Body=body,
        Metadata={"owner": "ops", "ticket": "OPS-1"},
        Tagging="team=data&tier=gold",
        StorageClass="STANDARD_IA",
        ServerSideEncryption="AES256",
        ChecksumAlgorithm="SHA256",
        **HEADERS,
    )


s3_only = pytest.mark.parametrize("backend", ["minio", "boto3"], indirect=True)
"""Tests that seed what a plain Ceph or MinIO may refuse (STANDARD_IA, SHA256 checksums), or need moto's If-Match."""
s3_and_live = pytest.mark.parametrize("backend", [b for b in BACKENDS if b != "local"], indirect=True)


@s3_only
def test_details_report_every_property_the_server_sent(backend: Backend) -> None:
    body = b"a,b\n1,2\n"
    seed_rich(backend, "reports/r.csv", body)
    details = backend.store.object_details("reports/r.csv")
    assert (details.key, details.bucket, details.size) == ("reports/r.csv", backend.bucket, len(body))
    assert details.etag == hashlib.md5(body).hexdigest()
    assert details.headers == ContentHeaders(
        content_type="text/csv",
        content_encoding="identity",
        content_disposition='attachment; filename="r.csv"',
        content_language="de-CH",
        cache_control="max-age=60",
        expires="Wed, 02 Jan 2030 03:04:05 GMT",
    )
    assert details.storage_class == "STANDARD_IA"
    assert details.encryption == "AES256"
    assert list(details.checksums) == ["SHA256"]  # not moto's x-amz-checksum-algorithm, which names it
    assert dict(backend.store.client.stat_with_checksums(backend.bucket, "reports/r.csv").checksums) == {
        "SHA256": base64.b64encode(hashlib.sha256(body).digest()).decode()
    }
    assert dict(details.metadata) == {"owner": "ops", "ticket": "OPS-1"}
    assert dict(details.tags or {}) == {"team": "data", "tier": "gold"}
    assert details.is_latest is None  # no versioning on this bucket
    assert details.lock_mode is None and details.replication_status is None  # not sent, so not invented


@s3_only
def test_checksums_are_only_the_algorithms_values(backend: Backend, tmp_path: Path) -> None:
    """An object uploaded in parts with CRC32s (the AWS CLI's and boto3's default): moto's HEAD then also sends
    ``x-amz-checksum-algorithm: CRC32``, the name of the algorithm, which is no checksum to show or compare."""
    source = tmp_path / "parts.bin"
    source.write_bytes(bytes(range(256)) * (6 * 4096))  # 6 MiB: parts of 5 MiB and 1 MiB
    parts = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024)
    seeder(backend).upload_file(
        str(source), backend.bucket, "parts.bin", ExtraArgs={"ChecksumAlgorithm": "CRC32"}, Config=parts
    )
    assert list(backend.store.client.stat_with_checksums(backend.bucket, "parts.bin").checksums) == ["CRC32"]
    assert list(backend.store.object_details("parts.bin").checksums) == ["CRC32"]


@s3_and_live
def test_a_copy_and_a_move_in_parts_keep_the_tags_and_properties(backend: Backend) -> None:
    """Over the multipart threshold (5 MiB in these stores) a copy is a new object made of parts, which carries
    the source's tags only if they are set again; CopyObject below it keeps them by itself."""
    body = bytes(range(256)) * (6 * 4096)  # 6 MiB
    seeder(backend).put_object(
        Bucket=backend.bucket,
        Key="big/src.bin",
        Body=body,
        Metadata={"owner": "ops"},
        Tagging="team=data&tier=gold",
        **HEADERS,
    )
    backend.store.copy_object("big/src.bin", "big/copy.bin")
    backend.store.move_object("big/src.bin", "big/moved.bin")
    assert backend.inspector.read(backend.bucket, "big/src.bin") is None
    for key in ("big/copy.bin", "big/moved.bin"):
        assert backend.inspector.read(backend.bucket, key) == body, key
        assert raw_tags(backend, key) == {"team": "data", "tier": "gold"}, key
        head = raw_head(backend, key)
        assert (head["content-type"], head["cache-control"], head["x-amz-meta-owner"]) == (
            "text/csv",
            "max-age=60",
            "ops",
        ), key


@s3_and_live
def test_details_of_versions_say_which_is_latest(backend: Backend) -> None:
    backend.store.set_bucket_versioning(True)
    first = backend.store.put_bytes("v.txt", b"one")
    second = backend.store.put_bytes("v.txt", b"two")
    latest = backend.store.object_details("v.txt")
    older = backend.store.object_details("v.txt", version=first.version_id)
    assert (latest.version_id, latest.is_latest) == (second.version_id, True)
    assert (older.version_id, older.is_latest, older.size) == (first.version_id, False, 3)


@pytest.mark.parametrize("backend", ["boto3"], indirect=True)
def test_details_show_object_lock(backend: Backend) -> None:
    raw = seeder(backend)
    locked = f"{backend.bucket}-lock"
    raw.create_bucket(Bucket=locked, ObjectLockEnabledForBucket=True)
    until = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    raw.put_object(
        Bucket=locked,
        Key="held",
        Body=b"x",
        ObjectLockMode="GOVERNANCE",
        ObjectLockRetainUntilDate=until,
        ObjectLockLegalHoldStatus="ON",
    )
    details = backend.store.object_details("held", bucket=locked)
    assert (details.lock_mode, details.legal_hold) == ("GOVERNANCE", "ON")
    assert details.lock_retain_until is not None and details.lock_retain_until.startswith(until.strftime("%Y-%m-%d"))
    assert details.is_latest is True  # an object-lock bucket is versioned


def test_details_of_a_missing_object(backend: Backend) -> None:
    with pytest.raises(ObjectNotFoundError):
        backend.store.object_details("nope")


@s3_and_live
def test_tags_are_set_and_removed(backend: Backend) -> None:
    backend.inspector.put(backend.bucket, "t.txt", b"t")
    backend.store.set_object_tags("t.txt", {"env": "prod", "owner": "ops"})
    assert raw_tags(backend, "t.txt") == {"env": "prod", "owner": "ops"}
    assert backend.store.get_object_tags("t.txt") == {"env": "prod", "owner": "ops"}
    backend.store.set_object_tags("t.txt", {})
    assert raw_tags(backend, "t.txt") == {}


def test_too_many_tags_are_refused_before_any_request(backend: Backend) -> None:
    with pytest.raises(ObjectStoreValueError, match="at most 10"):
        backend.store.set_object_tags("not-even-there", {f"k{n}": "v" for n in range(11)})


@s3_only
def test_update_metadata_replaces_metadata_and_headers_and_keeps_the_rest(backend: Backend) -> None:
    body = b"a,b\n1,2\n"
    seed_rich(backend, "r.csv", body)
    before = backend.store.object_details("r.csv")
    headers = before.headers.with_values({"cache_control": "no-store", "content_language": ""})
    update = backend.store.update_metadata("r.csv", metadata={"owner": "sre"}, headers=headers)
    assert update.changed and update.guarantee is WriteGuarantee.IF_MATCH
    head = raw_head(backend, "r.csv")
    assert head["cache-control"] == "no-store"
    assert "content-language" not in head
    assert head["content-type"] == "text/csv"
    assert head["content-disposition"] == 'attachment; filename="r.csv"'
    assert head["x-amz-meta-owner"] == "sre" and "x-amz-meta-ticket" not in head
    assert head["x-amz-storage-class"] == "STANDARD_IA"
    assert head["x-amz-server-side-encryption"] == "AES256"
    assert raw_tags(backend, "r.csv") == {"team": "data", "tier": "gold"}
    assert backend.inspector.read(backend.bucket, "r.csv") == body


@s3_and_live
def test_update_metadata_sets_tags_without_a_copy_when_only_tags_change(backend: Backend) -> None:
    backend.store.set_bucket_versioning(True)
    first = backend.store.put_bytes("only-tags.txt", b"x")
    update = backend.store.update_metadata("only-tags.txt", tags={"a": "1"})
    assert update.changed and update.version_id == first.version_id  # no new version: tags are set in place
    assert raw_tags(backend, "only-tags.txt") == {"a": "1"}


@s3_and_live
def test_update_metadata_on_a_versioned_bucket_makes_a_new_version(backend: Backend) -> None:
    backend.store.set_bucket_versioning(True)
    first = backend.store.put_bytes("ver.txt", b"x")
    update = backend.store.update_metadata("ver.txt", metadata={"k": "v"})
    assert update.version_id not in (None, first.version_id)
    versions = [v.version_id for v in backend.store.list_object_versions("ver.txt")]
    assert versions == [update.version_id, first.version_id]


@s3_and_live
def test_update_metadata_refuses_an_object_changed_since_it_was_read(backend: Backend) -> None:
    backend.inspector.put(backend.bucket, "c.txt", b"old", {"k": "v"})
    read_etag = backend.store.object_details("c.txt").etag
    backend.inspector.put(backend.bucket, "c.txt", b"new by someone else", {"k": "theirs"})
    with pytest.raises(ObjectChangedError):
        backend.store.update_metadata("c.txt", metadata={"k": "mine"}, expected_etag=read_etag)
    assert raw_head(backend, "c.txt")["x-amz-meta-k"] == "theirs"


def test_bad_metadata_is_refused_before_any_request(backend: Backend) -> None:
    with pytest.raises(ObjectStoreValueError, match="metadata name"):
        backend.store.update_metadata("not-there", metadata={"has space": "v"})
    with pytest.raises(ObjectStoreValueError, match="printable ASCII"):
        backend.store.update_metadata("not-there", metadata={"k": "caf\u00e9"})


@s3_only
def test_write_if_unchanged_keeps_headers_and_metadata(backend: Backend) -> None:
    seed_rich(backend, "edit.csv")
    etag = backend.store.object_details("edit.csv").etag
    assert etag is not None
    written = backend.store.write_if_unchanged("edit.csv", b"a,b\n3,4\n", etag)
    assert written.guarantee is WriteGuarantee.IF_MATCH and written.etag == hashlib.md5(b"a,b\n3,4\n").hexdigest()
    assert backend.inspector.read(backend.bucket, "edit.csv") == b"a,b\n3,4\n"
    head = raw_head(backend, "edit.csv")
    assert (head["content-type"], head["cache-control"], head["x-amz-meta-owner"]) == ("text/csv", "max-age=60", "ops")
    assert head["x-amz-storage-class"] == "STANDARD_IA"


def test_write_if_unchanged_refuses_a_changed_object(backend: Backend) -> None:
    backend.inspector.put(backend.bucket, "w.txt", b"read")
    etag = backend.store.stat_object("w.txt").etag
    assert etag is not None
    backend.inspector.put(backend.bucket, "w.txt", b"someone else's")
    with pytest.raises(ObjectChangedError):
        backend.store.write_if_unchanged("w.txt", b"mine", etag)
    assert backend.inspector.read(backend.bucket, "w.txt") == b"someone else's"


@s3_only
def test_the_server_itself_refuses_a_put_on_a_stale_etag(backend: Backend) -> None:
    """The If-Match header, not only the HEAD before it: the adapter's PUT on stale details is refused."""
    backend.inspector.put(backend.bucket, "race.txt", b"read")
    stale = backend.store.object_details("race.txt")
    backend.inspector.put(backend.bucket, "race.txt", b"written in between")
    with pytest.raises(ObjectChangedError) as caught:
        backend.store.client.put_if_match(stale, b"mine", stale.headers, stale.metadata)
    assert caught.value.code == "PreconditionFailed"
    assert backend.inspector.read(backend.bucket, "race.txt") == b"written in between"


@pytest.mark.parametrize("backend", ["local"], indirect=True)
def test_local_backend_describes_what_it_can_and_refuses_the_rest(backend: Backend) -> None:
    backend.inspector.put(backend.bucket, "notes/a.json", b"{}")
    details = backend.store.object_details("notes/a.json")
    assert (details.size, details.content_type, details.etag) == (2, "application/json", hashlib.md5(b"{}").hexdigest())
    assert details.tags is None and details.version_id is None and details.is_latest is None
    with pytest.raises(NotSupportedError):
        backend.store.set_object_tags("notes/a.json", {"a": "b"})
    with pytest.raises(NotSupportedError):
        backend.store.update_metadata("notes/a.json", metadata={"a": "b"})
    written = backend.store.write_if_unchanged("notes/a.json", b'{"b": 2}', details.etag or "")
    assert written.guarantee is WriteGuarantee.HEAD_CHECK
    assert backend.inspector.read(backend.bucket, "notes/a.json") == b'{"b": 2}'


@s3_only
def test_metadata_of_an_object_over_5_gib_is_refused_before_a_copy(backend: Backend) -> None:
    backend.inspector.put(backend.bucket, "huge.bin", b"x")
    read = backend.store.object_details("huge.bin")
    pretended = replace(read, size=6 * 1024**3)  # as a HEAD of a 6 GiB object reads; moto would have to store it
    with pytest.raises(NotSupportedError, match="over 5 GiB"):
        backend.store.update_metadata("huge.bin", metadata={"k": "v"}, read=pretended)
    assert raw_head(backend, "huge.bin").get("x-amz-meta-k") is None
