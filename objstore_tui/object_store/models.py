"""Frozen value objects returned by the ObjectStore API, the same for every backend."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Protocol, Self

_NO_METADATA: Mapping[str, str] = MappingProxyType({})


class Body(Protocol):
    """The readable binary stream of an object's bytes: a file, or an SDK's response stream."""

    def read(self, amount: int = ..., /) -> bytes: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Bucket:
    name: str
    created_time: datetime | None = None


@dataclass(frozen=True, slots=True)
class ObjectMetadata:
    """One object (or one version of it) as listed or stat'ed."""

    key: str
    updated_time: datetime | None
    size: int
    bucket: str = ""
    etag: str | None = None
    content_type: str | None = None
    version_id: str | None = None
    is_latest: bool = True
    is_delete_marker: bool = False
    storage_class: str | None = None
    metadata: Mapping[str, str] = field(default=_NO_METADATA, compare=False, hash=False)
    checksums: Mapping[str, str] = field(default=_NO_METADATA, compare=False, hash=False)
    """Checksums the server computed, by algorithm ('CRC32', 'SHA256'...), when a stat asked for them."""

    @property
    def name(self) -> str:
        """The last path segment of the key, as a file browser shows it."""
        return self.key.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class Folder:
    """A common prefix met while listing one level with delimiter '/'."""

    prefix: str
    bucket: str = ""

    @property
    def name(self) -> str:
        return self.prefix.rstrip("/").rsplit("/", 1)[-1]


type DirEntry = Folder | ObjectMetadata


@dataclass(frozen=True, slots=True)
class UploadResult:
    bucket: str
    key: str
    etag: str | None
    version_id: str | None
    size: int


@dataclass(frozen=True, slots=True)
class CopyResult:
    bucket: str
    key: str
    etag: str | None
    version_id: str | None
    src_bucket: str = ""
    src_key: str = ""


@dataclass(frozen=True, slots=True)
class DeleteResult:
    bucket: str
    key: str
    version_id: str | None = None
    delete_marker: bool = False


@dataclass(frozen=True, slots=True)
class DeleteFailure:
    key: str
    code: str
    message: str
    version_id: str | None = None


@dataclass(frozen=True, slots=True)
class BulkDeleteResult:
    """What a bulk delete removed and, key by key, what it could not."""

    bucket: str
    deleted: tuple[str, ...] = ()
    failed: tuple[DeleteFailure, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.failed

    def merged(self, other: BulkDeleteResult) -> BulkDeleteResult:
        return BulkDeleteResult(self.bucket, self.deleted + other.deleted, self.failed + other.failed)


@dataclass(frozen=True, slots=True)
class Object:
    """An object's body as a readable binary stream, plus its metadata.

    Use it as a context manager (or call close()) so the HTTP connection goes back to the pool.
    """

    key: str
    bucket: str
    body: Body
    size: int
    updated_time: datetime | None = None
    etag: str | None = None
    content_type: str | None = None
    version_id: str | None = None
    metadata: Mapping[str, str] = field(default=_NO_METADATA, compare=False, hash=False)
    tag_count: int = 0
    """How many tags the object has, as the GET's x-amz-tagging-count says (S3 sends it only when there are
    some): a copy asks for the tags only when there are."""

    def read(self, amount: int | None = None) -> bytes:
        return self.body.read() if amount is None else self.body.read(amount)

    def close(self) -> None:
        release = getattr(self.body, "release_conn", None)
        self.body.close()
        if release is not None:
            release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
