"""Two stores for the cross-store tests: a source on the session's moto server (or a local folder) and a
destination on the second moto server (or another local folder, or the live endpoint), each with a ``Peer``
that reads and seeds it without the adapter under test: plain boto3 beside the minio adapter, plain minio
beside the boto3 adapter, the file system beside the local backend."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest

from objstore_tui.object_store import ObjectStore
from tests.s3_server import ACCESS_KEY, SECRET_KEY, MotoServer

from .conftest import LIVE_ENDPOINT, raw_boto3, raw_minio, s3_config


@dataclass(frozen=True)
class Stored:
    data: bytes
    content_type: str | None
    metadata: dict[str, str]


class Peer(Protocol):
    keeps_metadata: bool

    def seed(
        self, key: str, data: bytes, content_type: str, metadata: dict[str, str], tags: dict[str, str]
    ) -> None: ...
    def stored(self, key: str) -> Stored | None: ...
    def tags(self, key: str) -> dict[str, str]: ...
    def keys(self, prefix: str = "") -> list[str]: ...
    def pending_uploads(self) -> list[str]: ...


@dataclass
class Boto3Peer:
    client: Any
    bucket: str
    keeps_metadata: bool = True

    def seed(self, key: str, data: bytes, content_type: str, metadata: dict[str, str], tags: dict[str, str]) -> None:
        from urllib.parse import urlencode

        self.client.put_object(
            Bucket=self.bucket, Key=key, Body=data, ContentType=content_type, Metadata=metadata, Tagging=urlencode(tags)
        )

    def stored(self, key: str) -> Stored | None:
        try:
            got = self.client.get_object(Bucket=self.bucket, Key=key)
        except self.client.exceptions.NoSuchKey:
            return None
        return Stored(got["Body"].read(), got.get("ContentType"), got.get("Metadata", {}))

    def tags(self, key: str) -> dict[str, str]:
        tag_set = self.client.get_object_tagging(Bucket=self.bucket, Key=key)["TagSet"]
        return {tag["Key"]: tag["Value"] for tag in tag_set}

    def keys(self, prefix: str = "") -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]

    def pending_uploads(self) -> list[str]:
        return [u["Key"] for u in self.client.list_multipart_uploads(Bucket=self.bucket).get("Uploads", [])]


@dataclass
class MinioPeer:
    """Reads through the minio SDK; seeds through boto3 (``writer``), as the contract suite does."""

    client: Any
    writer: Boto3Peer
    bucket: str
    keeps_metadata: bool = True

    def seed(self, key: str, data: bytes, content_type: str, metadata: dict[str, str], tags: dict[str, str]) -> None:
        self.writer.seed(key, data, content_type, metadata, tags)

    def stored(self, key: str) -> Stored | None:
        from minio.error import S3Error

        try:
            response = self.client.get_object(self.bucket, key)
        except S3Error as exc:
            if exc.code == "NoSuchKey":
                return None
            raise
        try:
            data = response.read()
            headers = {name.lower(): value for name, value in response.headers.items()}
        finally:
            response.close()
            response.release_conn()
        metadata = {name[len("x-amz-meta-") :]: v for name, v in headers.items() if name.startswith("x-amz-meta-")}
        return Stored(data, headers.get("content-type"), metadata)

    def tags(self, key: str) -> dict[str, str]:
        return dict(self.client.get_object_tags(self.bucket, key) or {})

    def keys(self, prefix: str = "") -> list[str]:
        return [o.object_name for o in self.client.list_objects(self.bucket, prefix=prefix, recursive=True)]

    def pending_uploads(self) -> list[str]:
        return [upload.object_name for upload in self.client._list_multipart_uploads(self.bucket).uploads]


@dataclass
class FolderPeer:
    root: Path
    bucket: str
    keeps_metadata: bool = False

    def seed(self, key: str, data: bytes, content_type: str, metadata: dict[str, str], tags: dict[str, str]) -> None:
        path = self.root / self.bucket / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def stored(self, key: str) -> Stored | None:
        path = self.root / self.bucket / key
        return Stored(path.read_bytes(), None, {}) if path.is_file() else None

    def tags(self, key: str) -> dict[str, str]:
        return {}

    def keys(self, prefix: str = "") -> list[str]:
        base = self.root / self.bucket
        found = (p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file())
        return sorted(k for k in found if k.startswith(prefix))

    def pending_uploads(self) -> list[str]:
        return [p.name for p in self.root.rglob(".objstore-tmp-*")]


@dataclass
class Side:
    name: str
    store: ObjectStore
    bucket: str
    peer: Peer
    endpoint: str | None = None
    """host:port of the S3 server, None for the local backend."""

    @property
    def is_s3(self) -> bool:
        return self.endpoint is not None


def local_side(root: Path, part_size: int) -> Side:
    bucket = f"cross-{uuid.uuid4().hex[:8]}"
    store = ObjectStore({"framework": "local", "connection": {"endpoint": str(root)}, "transfer": _transfer(part_size)})
    store.create_bucket(bucket)
    return Side("local", store, bucket, FolderPeer(root, bucket))


def s3_store(
    framework: str,
    endpoint: str,
    part_size: int,
    access: str = ACCESS_KEY,
    secret: str = SECRET_KEY,
    secure: bool = False,
) -> ObjectStore:
    return ObjectStore({**s3_config(framework, endpoint, access, secret, secure), "transfer": _transfer(part_size)})


def s3_side(framework: str, endpoint: str, access: str, secret: str, secure: bool, part_size: int) -> Side:
    bucket = f"cross-{uuid.uuid4().hex[:8]}"
    store = s3_store(framework, endpoint, part_size, access, secret, secure)
    store.create_bucket(bucket)
    url = f"{'https' if secure else 'http'}://{endpoint}"
    writer = Boto3Peer(raw_boto3(url, access, secret), bucket)
    peer: Peer = writer
    if framework == "boto3":
        peer = MinioPeer(raw_minio(endpoint, access, secret, secure), writer, bucket)
    return Side(framework, store, bucket, peer, endpoint)


def moto_side(framework: str, server: MotoServer, part_size: int) -> Side:
    return s3_side(framework, server.endpoint, ACCESS_KEY, SECRET_KEY, False, part_size)


def live_side(framework: str, part_size: int) -> Side:
    secure = os.environ.get("OBJSTORE_TEST_SECURE", "true").lower() in ("1", "true", "yes")
    access, secret = os.environ["OBJSTORE_TEST_ACCESS_KEY"], os.environ["OBJSTORE_TEST_SECRET_KEY"]
    assert LIVE_ENDPOINT is not None
    return s3_side(framework, LIVE_ENDPOINT, access, secret, secure, part_size)


def empty_live_bucket(side: Side) -> None:
    from .conftest import _empty_and_delete

    assert isinstance(side.peer, Boto3Peer | MinioPeer)
    client = side.peer.client if isinstance(side.peer, Boto3Peer) else side.peer.writer.client
    _empty_and_delete(client, side.bucket)


PART_SIZE = 5 * 1024 * 1024
"""S3's smallest part: a multipart copy stays small and fast."""


def _transfer(part_size: int) -> dict[str, int]:
    return {"multipart_threshold": part_size, "part_size": part_size, "max_concurrency": 4}


DESTINATIONS: list[object] = ["local", "minio", "boto3"]
if LIVE_ENDPOINT:
    DESTINATIONS += [pytest.param("live-boto3", marks=pytest.mark.live)]


@pytest.fixture(params=["local", "minio", "boto3"])
def source(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Side]:
    """The store copied from: a local folder, or the session's moto server through either adapter."""
    name: str = request.param
    if name == "local":
        side = local_side(tmp_path_factory.mktemp("source"), PART_SIZE)
    else:
        side = moto_side(name, request.getfixturevalue("s3_server"), PART_SIZE)
    yield side
    side.store.close()


@pytest.fixture(params=DESTINATIONS)
def destination(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Side]:
    """The store copied to: another local folder, the second moto server, or the live endpoint (``-m live``)."""
    name: str = request.param
    if name == "local":
        side = local_side(tmp_path_factory.mktemp("destination"), PART_SIZE)
    elif name.startswith("live-"):
        side = live_side(name.removeprefix("live-"), PART_SIZE)
    else:
        side = moto_side(name, request.getfixturevalue("second_s3_server"), PART_SIZE)
    yield side
    side.store.close()
    if name.startswith("live-"):
        empty_live_bucket(side)
