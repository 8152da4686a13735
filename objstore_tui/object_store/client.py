"""The abstract client every backend adapter implements.

Adapters are thin translations: the facade (``ObjectStore``) has already validated names, resolved the
bucket and chosen temp paths. An adapter calls its SDK, converts the answer to the models, and maps every
SDK exception to ``errors`` with bucket and key named and the original chained.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import ClassVar, Literal

from .configurations import ObjectStoreConfiguration
from .details import ContentHeaders, ObjectDetails, WriteGuarantee
from .errors import NotSupportedError
from .models import (
    Bucket,
    BulkDeleteResult,
    CopyResult,
    DeleteResult,
    DirEntry,
    Object,
    ObjectMetadata,
    UploadResult,
)
from .transfer import TransferMonitor

MAX_DELETE_BATCH = 1000
"""S3's DeleteObjects accepts at most this many keys per request."""


class ObjectStoreClient(ABC):
    supports_versioning: ClassVar[bool] = True
    supports_presign: ClassVar[bool] = True

    def __init__(self, config: ObjectStoreConfiguration) -> None:
        self.config = config

    def __repr__(self) -> str:
        return f"{type(self).__name__}(endpoint={self.config.connection.endpoint!r})"

    # Buckets
    @abstractmethod
    def list_buckets(self) -> Iterator[Bucket]: ...

    @abstractmethod
    def bucket_exists(self, name: str) -> bool: ...

    @abstractmethod
    def create_bucket(self, name: str) -> None: ...

    @abstractmethod
    def delete_bucket(self, name: str) -> None:
        """Delete an empty bucket; BucketNotEmptyError otherwise."""

    @abstractmethod
    def get_bucket_versioning(self, bucket: str) -> bool: ...

    @abstractmethod
    def set_bucket_versioning(self, bucket: str, enabled: bool) -> None: ...

    # Listing: generators that yield page by page as the server answers.
    @abstractmethod
    def list_objects(self, bucket: str, prefix: str) -> Iterator[ObjectMetadata]:
        """Every object under ``prefix``, recursively, in key order."""

    @abstractmethod
    def list_dir(self, bucket: str, prefix: str) -> Iterator[DirEntry]:
        """One level under ``prefix`` with delimiter '/': Folders and ObjectMetadata in key order.

        ``prefix`` is a string prefix, as in S3: 'a' lists the object 'a', 'a-b.txt' and the folder 'a/'. Only a
        prefix ending in '/' hides the object named exactly like it, the folder's own marker.
        """

    @abstractmethod
    def list_object_versions(self, bucket: str, prefix: str) -> Iterator[ObjectMetadata]: ...

    # Objects
    @abstractmethod
    def stat_object(self, bucket: str, key: str, version: str | None = None) -> ObjectMetadata: ...

    def stat_with_checksums(self, bucket: str, key: str) -> ObjectMetadata:
        """A stat that also asks the server for the checksums it keeps (S3's checksum mode), for verifying a
        copy. Backends without server checksums stat as usual."""
        return self.stat_object(bucket, key)

    @abstractmethod
    def get_object(self, bucket: str, key: str, version: str | None = None) -> Object: ...

    @abstractmethod
    def read_range(self, bucket: str, key: str, start: int, length: int, version: str | None = None) -> bytes:
        """At most ``length`` bytes from ``start``, with one ranged GET."""

    @abstractmethod
    def put_bytes(self, bucket: str, key: str, data: bytes, content_type: str | None = None) -> UploadResult: ...

    @abstractmethod
    def upload_file(
        self,
        bucket: str,
        key: str,
        file_path: Path,
        monitor: TransferMonitor,
        content_type: str | None = None,
    ) -> UploadResult:
        """Upload with the SDK's multipart machinery; a cancelled multipart upload is aborted on the server."""

    @abstractmethod
    def download_file(
        self, bucket: str, key: str, file_path: Path, monitor: TransferMonitor, version: str | None = None
    ) -> ObjectMetadata:
        """Write the object to ``file_path`` (a temp path the facade renames into place)."""

    @abstractmethod
    def copy_object(
        self,
        src_bucket: str,
        src_key: str,
        dst_bucket: str,
        dst_key: str,
        src_version: str | None = None,
    ) -> CopyResult:
        """Server-side copy; multipart copy for objects over 5 GiB."""

    @abstractmethod
    def delete_object(self, bucket: str, key: str, version: str | None = None) -> DeleteResult: ...

    @abstractmethod
    def delete_objects(self, bucket: str, keys: Iterable[str]) -> BulkDeleteResult:
        """One bulk request for at most MAX_DELETE_BATCH keys; the facade does the batching."""

    @abstractmethod
    def presigned_url(self, bucket: str, key: str, method: Literal["GET", "PUT"], expires: timedelta) -> str: ...

    def close(self) -> None:
        """Release pooled connections."""

    def list_level(self, bucket: str, prefix: str) -> Iterator[DirEntry]:
        """One level as ``list_dir`` lists it, in any order, but with the folder's own marker object ('a/' when
        listing 'a/') among the objects: the parallel walk must see every key. Backends that cannot hold a
        marker (local) list the level as ``list_dir`` does."""
        return self.list_dir(bucket, prefix)

    # Details, tags, metadata edits and conditional writes (issue #11): backends without them say so.
    conditional_writes: ClassVar[WriteGuarantee] = WriteGuarantee.IF_MATCH
    """How ``put_if_match`` and ``replace_metadata`` make sure they replace the object they were given."""

    def object_details(self, bucket: str, key: str, version: str | None = None) -> ObjectDetails:
        """Every property the server returns for the object (tags apart: ``get_object_tags``)."""
        raise NotSupportedError("this backend cannot describe objects in detail", bucket=bucket, key=key)

    def get_object_tags(self, bucket: str, key: str, version: str | None = None) -> dict[str, str]:
        raise NotSupportedError("this backend has no object tags", bucket=bucket, key=key)

    def set_object_tags(self, bucket: str, key: str, tags: Mapping[str, str], version: str | None = None) -> None:
        raise NotSupportedError("this backend has no object tags", bucket=bucket, key=key)

    def replace_metadata(
        self, details: ObjectDetails, headers: ContentHeaders, metadata: Mapping[str, str]
    ) -> tuple[str | None, str | None]:
        """Copy the object onto itself with ``headers`` and ``metadata`` replacing its own, keeping its storage
        class, encryption and tags, only if its ETag is still ``details.etag``; the new (etag, version id)."""
        raise NotSupportedError("this backend has no object metadata to edit", bucket=details.bucket, key=details.key)

    def put_if_match(
        self, details: ObjectDetails, data: bytes, headers: ContentHeaders, metadata: Mapping[str, str]
    ) -> UploadResult:
        """Write ``data`` over the object with one PUT, only if its ETag is still ``details.etag``, keeping its
        storage class and encryption and setting ``headers`` and ``metadata``."""
        raise NotSupportedError("this backend cannot write conditionally", bucket=details.bucket, key=details.key)

    # Streaming writes, for copies between two stores: the caller reads the source itself and hands the bytes
    # over one part at a time, so no whole object is held in memory and nothing is written to disk.
    supports_tags: ClassVar[bool] = True

    @abstractmethod
    def put_object_bytes(
        self,
        bucket: str,
        key: str,
        data: bytes,
        *,
        content_type: str | None,
        metadata: Mapping[str, str],
        tags: Mapping[str, str],
    ) -> UploadResult:
        """One PUT carrying content type, user metadata and tags (tags only where ``supports_tags``)."""

    @abstractmethod
    def start_multipart_upload(
        self,
        bucket: str,
        key: str,
        *,
        content_type: str | None,
        metadata: Mapping[str, str],
        tags: Mapping[str, str],
    ) -> str:
        """Begin a multipart upload with the object's headers; returns its upload id."""

    @abstractmethod
    def upload_part(self, bucket: str, key: str, upload_id: str, part_number: int, data: bytes) -> str:
        """Send part ``part_number`` (from 1); returns the part's ETag as the server computed it (bare)."""

    @abstractmethod
    def complete_multipart_upload(
        self, bucket: str, key: str, upload_id: str, part_etags: Sequence[str], size: int
    ) -> UploadResult:
        """Assemble parts 1..len(part_etags); the result's etag is the server's for the whole object."""

    @abstractmethod
    def abort_multipart_upload(self, bucket: str, key: str, upload_id: str) -> None:
        """Drop an unfinished upload and its parts; an upload already gone is not an error."""
