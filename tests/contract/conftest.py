"""The contract suite's backends: every test runs once per adapter.

minio and boto3 talk to the session's moto server (reset before each test), local to a temp folder, and the
``live-*`` variants to the endpoint in OBJSTORE_TEST_* (skipped when unset). Each backend comes with an
``Inspector`` that checks what the server holds without going through the adapter under test: the *other*
SDK for the S3 adapters, the file system for local.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import boto3
import pytest
from botocore.config import Config

from objstore_tui.object_store import ObjectStore
from tests.http_proxy import FakeS3, Request
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY

LIVE_ENDPOINT = os.environ.get("OBJSTORE_TEST_ENDPOINT")


class Inspector(Protocol):
    def read(self, bucket: str, key: str) -> bytes | None: ...
    def put(self, bucket: str, key: str, data: bytes, metadata: dict[str, str] | None = None) -> None: ...
    def keys(self, bucket: str, prefix: str = "") -> list[str]: ...
    def pending_uploads(self, bucket: str) -> list[str]: ...
    def create_bucket(self, bucket: str) -> None: ...


@dataclass
class S3Inspector:
    """Reads the server with plain boto3 (for the minio adapter) or plain minio (for the boto3 adapter)."""

    client: boto3.client

    def read(self, bucket: str, key: str) -> bytes | None:
        try:
            return self.client.get_object(Bucket=bucket, Key=key)["Body"].read()
        except self.client.exceptions.NoSuchKey:
            return None

    def put(self, bucket: str, key: str, data: bytes, metadata: dict[str, str] | None = None) -> None:
        self.client.put_object(Bucket=bucket, Key=key, Body=data, Metadata=metadata or {})

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]

    def pending_uploads(self, bucket: str) -> list[str]:
        return [u["Key"] for u in self.client.list_multipart_uploads(Bucket=bucket).get("Uploads", [])]

    def create_bucket(self, bucket: str) -> None:
        self.client.create_bucket(Bucket=bucket)


@dataclass
class MinioInspector:
    """The same checks through the minio SDK, so the boto3 adapter is never checked by boto3 alone."""

    client: object
    writer: S3Inspector

    def read(self, bucket: str, key: str) -> bytes | None:
        from minio.error import S3Error

        try:
            response = self.client.get_object(bucket, key)
        except S3Error as exc:
            if exc.code == "NoSuchKey":
                return None
            raise
        try:
            return response.read()
        finally:
            response.close()
            response.release_conn()

    def put(self, bucket: str, key: str, data: bytes, metadata: dict[str, str] | None = None) -> None:
        """Seeding goes through boto3: the minio SDK refuses keys like '../x' that the tests plant on purpose."""
        self.writer.put(bucket, key, data, metadata)

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        return [obj.object_name for obj in self.client.list_objects(bucket, prefix=prefix, recursive=True)]

    def pending_uploads(self, bucket: str) -> list[str]:
        result = self.client._list_multipart_uploads(bucket)
        return [upload.object_name for upload in result.uploads]

    def create_bucket(self, bucket: str) -> None:
        self.client.make_bucket(bucket)


@dataclass
class FolderInspector:
    root: Path

    def read(self, bucket: str, key: str) -> bytes | None:
        path = self.root / bucket / key
        return path.read_bytes() if path.is_file() else None

    def put(self, bucket: str, key: str, data: bytes, metadata: dict[str, str] | None = None) -> None:
        path = self.root / bucket / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        base = self.root / bucket
        found = (p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file())
        return sorted(k for k in found if k.startswith(prefix))

    def pending_uploads(self, bucket: str) -> list[str]:
        return [p.name for p in self.root.rglob(".objstore-tmp-*")]

    def create_bucket(self, bucket: str) -> None:
        (self.root / bucket).mkdir(parents=True)


@dataclass
class Backend:
    name: str
    store: ObjectStore
    inspector: Inspector
    bucket: str
    is_s3: bool

    def new_bucket(self) -> str:
        name = f"{self.bucket}-{uuid.uuid4().hex[:6]}"
        self.store.create_bucket(name)
        return name


def s3_config(framework: str, endpoint: str, access: str, secret: str, secure: bool, **extra: object) -> dict:
    return {
        "framework": framework,
        "connection": {
            "endpoint": endpoint,
            "access_key": access,
            "secret_key": secret,
            "secure": secure,
            "region": os.environ.get("OBJSTORE_TEST_REGION", REGION),
            **extra,
        },
        # Four download streams: every download of 10 MiB or more goes as parallel ranged GETs.
        "transfer": {
            "multipart_threshold": 5 * 1024 * 1024,
            "part_size": 5 * 1024 * 1024,
            "max_concurrency": 4,
            "download_streams": 4,
        },
    }


def with_transfer(store: ObjectStore, **transfer: object) -> ObjectStore:
    """A store like ``store`` with these transfer settings changed."""
    changed = store.config.transfer.model_copy(update=transfer)
    return ObjectStore(store.config.model_copy(update={"transfer": changed}))


def store_behind(proxy: FakeS3, framework: str, bucket: str, **transfer: object) -> ObjectStore:
    """A store of ``framework`` that reaches the server through ``proxy``, with ``bucket`` made and these transfer
    settings changed from the contract's."""
    config = s3_config(framework, proxy.endpoint, ACCESS_KEY, SECRET_KEY, False)
    config["transfer"] = {**config["transfer"], **transfer}
    store = ObjectStore({**config, "root_bucket": bucket})
    store.create_bucket(bucket)
    return store


def by_obstore(request: Request) -> bool:
    """The request came from obstore (object_store's User-Agent), not from an SDK."""
    agent = next((value for name, value in request.headers.items() if name.lower() == "user-agent"), "")
    return agent.startswith("object_store/")


def raw_boto3(url: str, access: str, secret: str):
    return boto3.client(
        "s3",
        endpoint_url=url,
        aws_access_key_id=access,
        aws_secret_access_key=secret,
        region_name=os.environ.get("OBJSTORE_TEST_REGION", REGION),
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )


def raw_minio(endpoint: str, access: str, secret: str, secure: bool):
    from minio import Minio

    return Minio(endpoint, access, secret, secure=secure, region=os.environ.get("OBJSTORE_TEST_REGION", REGION))


BACKENDS: list[object] = ["local", "minio", "boto3"]
if LIVE_ENDPOINT:  # ``-m live`` selects these alone, e.g. in CI against its own Ceph RADOS Gateway
    BACKENDS += [pytest.param(name, marks=pytest.mark.live) for name in ("live-minio", "live-boto3")]


def _empty_and_delete(client, bucket: str) -> None:
    """Remove a live test bucket with all its versions; moto's reset does this for the local server."""
    paginator = client.get_paginator("list_object_versions")
    for page in paginator.paginate(Bucket=bucket):  # at most 1000 versions a page: one bulk delete each
        items = page.get("Versions", []) + page.get("DeleteMarkers", [])
        if items:
            objects = [{"Key": item["Key"], "VersionId": item["VersionId"]} for item in items]
            client.delete_objects(Bucket=bucket, Delete={"Objects": objects, "Quiet": True})
    for upload in client.list_multipart_uploads(Bucket=bucket).get("Uploads", []):
        client.abort_multipart_upload(Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"])
    client.delete_bucket(Bucket=bucket)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    name: str = request.param
    bucket = f"contract-{uuid.uuid4().hex[:8]}"
    if name == "local":
        root = tmp_path_factory.mktemp("local-store")
        store = ObjectStore({"framework": "local", "root_bucket": bucket, "connection": {"endpoint": str(root)}})
        store.create_bucket(bucket)
        yield Backend(name, store, FolderInspector(root), bucket, is_s3=False)
        return
    if name.startswith("live-"):
        secure = os.environ.get("OBJSTORE_TEST_SECURE", "true").lower() in ("1", "true", "yes")
        endpoint, access = LIVE_ENDPOINT, os.environ["OBJSTORE_TEST_ACCESS_KEY"]
        secret = os.environ["OBJSTORE_TEST_SECRET_KEY"]
        framework = name.removeprefix("live-")
    else:
        server = request.getfixturevalue("s3_server")
        endpoint, access, secret, secure, framework = server.endpoint, ACCESS_KEY, SECRET_KEY, False, name
    url = f"{'https' if secure else 'http'}://{endpoint}"
    config = s3_config(framework, endpoint, access, secret, secure)
    store = ObjectStore({**config, "root_bucket": bucket})
    checker_boto3 = raw_boto3(url, access, secret)
    inspector: Inspector = S3Inspector(checker_boto3)
    if framework == "boto3":
        inspector = MinioInspector(raw_minio(endpoint, access, secret, secure), writer=S3Inspector(checker_boto3))
    store.create_bucket(bucket)
    yield Backend(name, store, inspector, bucket, is_s3=True)
    store.close()
    if name.startswith("live-"):
        for listed in checker_boto3.list_buckets()["Buckets"]:
            if listed["Name"].startswith(bucket):
                _empty_and_delete(checker_boto3, listed["Name"])


@pytest.fixture
def proxied(backend: Backend, request: pytest.FixtureRequest) -> Iterator[tuple[ObjectStore, FakeS3 | None]]:
    """The backend's store; for moto, a second store on the same server seen through a proxy that forwards every
    request and records it (None for the local and live backends)."""
    if not backend.is_s3 or backend.name.startswith("live-"):
        yield backend.store, None
        return
    server = request.getfixturevalue("s3_server")
    with FakeS3(lambda _: None, upstream=server.endpoint) as proxy:
        config = s3_config(backend.name, proxy.endpoint, ACCESS_KEY, SECRET_KEY, False)
        store = ObjectStore({**config, "root_bucket": backend.bucket})
        yield store, proxy
        store.close()


# The two-store fixtures live in their own module, beside the peers that read each side.
from .cross_store import destination, source  # noqa: E402, F401
