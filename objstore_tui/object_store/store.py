"""The ObjectStore facade: one API over every backend, holding the behaviour they share.

Validation, bucket defaults, atomic downloads, safe destination paths, verified moves and delete batching are
written here once; adapters only translate calls to their SDK.
"""

from __future__ import annotations

import contextlib
import mimetypes
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from itertools import batched
from pathlib import Path
from typing import Any, Literal, Self

from . import object_edit
from .client import MAX_DELETE_BATCH, ObjectStoreClient
from .configurations import ObjectStoreConfiguration
from .deleted import UndeleteResult, list_deleted, undelete
from .details import ConditionalWrite, ContentHeaders, MetadataUpdate, ObjectDetails
from .errors import (
    BucketNotFoundError,
    CancelledError,
    LocalPathError,
    NoBucketError,
    NotSupportedError,
    ObjectNotFoundError,
    ObjectStoreValueError,
)
from .factory import ObjectStoreComponentFactory
from .find import When, make_filter, matching
from .local_files import atomic_download
from .logs import protect_sdk_logs
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
from .summary import DEFAULT_LARGEST, Summary, summarize_items, validate_largest
from .transfer import ProgressCallback, TransferMonitor
from .validation import (
    safe_destination,
    validate_bucket_name,
    validate_expiry,
    validate_key,
    validate_prefix,
)
from .verification import verify_copy
from .walk import validate_workers, walk_objects

type PathLike = str | os.PathLike[str]


class ObjectStore:
    """Facade over an ``ObjectStoreClient``.

    ``config`` is a plain dict in the documented shape, an ``ObjectStoreConfiguration``, or None for
    ``utils.get_config()``. The client is created on first use and reused; it is safe to share between
    threads.
    """

    def __init__(
        self,
        config: ObjectStoreConfiguration | Mapping[str, Any] | None = None,
        *,
        client: ObjectStoreClient | None = None,
    ) -> None:
        if config is None:
            from .utils import get_config

            config = get_config()
        self._config = ObjectStoreConfiguration.parse(
            config if isinstance(config, ObjectStoreConfiguration) else dict(config)
        )
        if self._config.root_bucket is not None:
            validate_bucket_name(self._config.root_bucket)
        self._client = client
        self._client_lock = threading.Lock()

    def __repr__(self) -> str:
        conn = self._config.connection
        return (
            f"ObjectStore(framework={self._config.framework.value!r}, endpoint={conn.endpoint!r}, "
            f"root_bucket={self._config.root_bucket!r})"
        )

    @property
    def config(self) -> ObjectStoreConfiguration:
        return self._config

    @property
    def client(self) -> ObjectStoreClient:
        if self._client is None:
            with self._client_lock:
                if self._client is None:
                    connection = self._config.connection
                    protect_sdk_logs(
                        *(s.get_secret_value() for s in (connection.secret_key, connection.session_token) if s)
                    )
                    self._client = ObjectStoreComponentFactory.create_client(self._config)
        return self._client

    @property
    def supports_versioning(self) -> bool:
        return self.client.supports_versioning

    @property
    def supports_presign(self) -> bool:
        return self.client.supports_presign

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _bucket(self, bucket: str | None) -> str:
        if bucket is None:
            bucket = self._config.root_bucket
            if bucket is None:
                raise NoBucketError("no bucket given and the configuration has no root_bucket")
        return validate_bucket_name(bucket)

    # Buckets
    def list_buckets(self) -> Iterator[Bucket]:
        return self.client.list_buckets()

    def bucket_exists(self, name: str) -> bool:
        return self.client.bucket_exists(validate_bucket_name(name))

    def create_bucket(self, name: str) -> None:
        self.client.create_bucket(validate_bucket_name(name))

    def delete_bucket(self, name: str) -> None:
        self.client.delete_bucket(validate_bucket_name(name))

    def get_bucket_versioning(self, bucket: str | None = None) -> bool:
        return self.client.get_bucket_versioning(self._bucket(bucket))

    def set_bucket_versioning(self, enabled: bool, bucket: str | None = None) -> None:
        self.client.set_bucket_versioning(self._bucket(bucket), enabled)

    # Listing (validated now, iterated lazily: each page is fetched as the caller consumes the last)
    def list_objects(self, prefix: str = "", bucket: str | None = None) -> Iterator[ObjectMetadata]:
        return self.client.list_objects(self._bucket(bucket), validate_prefix(prefix))

    list_files = list_objects

    def list_dir(self, prefix: str = "", bucket: str | None = None) -> Iterator[DirEntry]:
        return self.client.list_dir(self._bucket(bucket), validate_prefix(prefix))

    def list_object_versions(self, prefix: str = "", bucket: str | None = None) -> Iterator[ObjectMetadata]:
        return self.client.list_object_versions(self._bucket(bucket), validate_prefix(prefix))

    # Reading
    def stat_object(self, key: str, bucket: str | None = None, version: str | None = None) -> ObjectMetadata:
        bucket = self._bucket(bucket)
        with self._missing_bucket_named(bucket, key):
            return self.client.stat_object(bucket, validate_key(key), version)

    @contextlib.contextmanager
    def _missing_bucket_named(self, bucket: str, key: str) -> Iterator[None]:
        """A HEAD's 404 has no body to say whether the key or the whole bucket is missing: ask, and say so."""
        try:
            yield
        except ObjectNotFoundError as exc:
            if not self.client.bucket_exists(bucket):
                raise BucketNotFoundError("bucket does not exist", bucket=bucket, key=key) from exc
            raise

    def object_exists(self, key: str, bucket: str | None = None) -> bool:
        try:
            self.stat_object(key, bucket)
        except ObjectNotFoundError:
            return False
        return True

    def get_object(self, key: str, bucket: str | None = None, version: str | None = None) -> Object:
        return self.client.get_object(self._bucket(bucket), validate_key(key), version)

    def get_file(self, key: str, bucket: str | None = None) -> Object:
        return self.get_object(key, bucket)

    def read_range(
        self, key: str, start: int, length: int, bucket: str | None = None, version: str | None = None
    ) -> bytes:
        if start < 0 or length < 0:
            raise ObjectStoreValueError(f"read_range needs start >= 0 and length >= 0, got {start}, {length}")
        bucket = self._bucket(bucket)
        validate_key(key)
        if length == 0:
            return b""
        return self.client.read_range(bucket, key, start, length, version)

    # Writing
    def put_bytes(
        self, key: str, data: bytes, bucket: str | None = None, content_type: str | None = None
    ) -> UploadResult:
        return self.client.put_bytes(
            self._bucket(bucket), validate_key(key), bytes(data), content_type or _guess_type(key)
        )

    def upload_file(
        self,
        file_path: PathLike,
        key: str,
        bucket: str | None = None,
        *,
        content_type: str | None = None,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> UploadResult:
        bucket = self._bucket(bucket)
        validate_key(key)
        path = Path(file_path)
        if not path.is_file():
            raise LocalPathError(f"cannot upload '{path}': not a readable file")
        monitor = TransferMonitor(path.stat().st_size, progress, cancel, bucket=bucket, key=key)
        monitor.check()
        return self.client.upload_file(bucket, key, path, monitor, content_type or _guess_type(key))

    upload_object = upload_file

    def download_file(
        self,
        key: str,
        file_path: PathLike,
        bucket: str | None = None,
        *,
        version: str | None = None,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> ObjectMetadata:
        """Download to a temp file beside ``file_path`` and rename it into place.

        On any failure, cancel included, the disk is left as it was: no temp file, ``file_path`` untouched, no
        folder left that this call created. A local failure is a ``LocalPathError`` naming the key and path.
        """
        bucket = self._bucket(bucket)
        validate_key(key)
        monitor = TransferMonitor(0, progress, cancel, bucket=bucket, key=key)
        with atomic_download(Path(file_path), key) as temp:
            monitor.check()
            with self._missing_bucket_named(bucket, key):
                metadata = self.client.download_file(bucket, key, temp, monitor, version)
            monitor.check()
        return metadata

    download_object = download_file

    def download_to_folder(
        self,
        key: str,
        folder: PathLike,
        bucket: str | None = None,
        *,
        strip_prefix: str = "",
        version: str | None = None,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> Path:
        """Download ``key`` to ``folder``/(key without ``strip_prefix``); keys that would escape are refused."""
        validate_key(key)
        target = safe_destination(Path(folder), key, strip_prefix)
        self.download_file(key, target, bucket, version=version, progress=progress, cancel=cancel)
        return target

    def copy_object(
        self,
        src_object: str,
        dst_object: str,
        src_bucket: str | None = None,
        dst_bucket: str | None = None,
        *,
        src_version: str | None = None,
    ) -> CopyResult:
        src_bucket, dst_bucket = self._bucket(src_bucket), self._bucket(dst_bucket)
        validate_key(src_object)
        validate_key(dst_object)
        with self._missing_bucket_named(src_bucket, src_object):
            return self.client.copy_object(src_bucket, src_object, dst_bucket, dst_object, src_version)

    def move_object(
        self,
        src_object: str,
        dst_object: str,
        src_bucket: str | None = None,
        dst_bucket: str | None = None,
    ) -> CopyResult:
        """Copy, show that the copy holds the source's bytes (see ``verification``), then delete the source.

        The source survives any failure, and a copy that cannot be shown to match raises VerificationError.
        """
        src_bucket, dst_bucket = self._bucket(src_bucket), self._bucket(dst_bucket)
        validate_key(src_object)
        validate_key(dst_object)
        if (src_bucket, src_object) == (dst_bucket, dst_object):
            raise ObjectStoreValueError(f"cannot move '{src_object}' onto itself in bucket '{src_bucket}'")
        self.stat_object(src_object, src_bucket)  # names a missing source, or its missing bucket, before copying
        result = self.client.copy_object(src_bucket, src_object, dst_bucket, dst_object)
        source = self.client.stat_with_checksums(src_bucket, src_object)
        copied = self.client.stat_with_checksums(dst_bucket, dst_object)
        verify_copy(self.client, source, copied, self._config.transfer.verify_max_bytes)
        self.client.delete_object(src_bucket, src_object)
        return result

    # Deleting
    def delete_object(self, key: str, bucket: str | None = None, version: str | None = None) -> DeleteResult:
        """Which version went and whether a delete marker was made; a key that is not there deletes fine (S3)."""
        return self.client.delete_object(self._bucket(bucket), validate_key(key), version)

    def delete_file(self, key: str, bucket: str | None = None, version: str | None = None) -> DeleteResult:
        return self.delete_object(key, bucket, version)

    def delete_objects(
        self,
        keys: Iterable[str],
        bucket: str | None = None,
        *,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> BulkDeleteResult:
        """Bulk delete, 1000 keys a request; returns what was deleted and, key by key, what failed.

        ``progress`` gets (keys done, keys total) after each request. ``cancel`` is checked before each
        request: once set, no further request is sent and ``CancelledError`` is raised with the keys deleted
        so far as its ``result``, so a caller can always say what changed.
        """
        bucket = self._bucket(bucket)
        checked = [validate_key(key) for key in keys]
        return self._delete_batches(bucket, checked, len(checked), progress, cancel)

    def delete_prefix(
        self,
        prefix: str,
        bucket: str | None = None,
        *,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> BulkDeleteResult:
        """Delete every object under ``prefix`` (all of the bucket's objects for ''), in bulk requests.

        Listing and deleting go page by page, so the total is only known at the end: ``progress`` gets
        (keys done, keys listed so far). ``cancel`` works as in ``delete_objects``.
        """
        bucket = self._bucket(bucket)
        keys = (obj.key for obj in self.client.list_objects(bucket, validate_prefix(prefix)))
        return self._delete_batches(bucket, keys, None, progress, cancel)

    def _delete_batches(
        self,
        bucket: str,
        keys: Iterable[str],
        total: int | None,
        progress: ProgressCallback | None,
        cancel: threading.Event | None,
    ) -> BulkDeleteResult:
        """One request per batch; ``total`` None means 'as many as were listed so far', i.e. done so far."""
        result = BulkDeleteResult(bucket)
        done = 0
        for batch in batched(keys, MAX_DELETE_BATCH):
            if cancel is not None and cancel.is_set():
                raise CancelledError(
                    f"delete cancelled after {done:,} keys; the rest were not sent", bucket=bucket, result=result
                )
            result = result.merged(self.client.delete_objects(bucket, batch))
            done += len(batch)
            if progress is not None:
                progress(done, done if total is None else total)
        return result

    # Presigned URLs
    def get_presigned_url(self, key: str, bucket: str | None = None, expires: int | timedelta = 3600) -> str:
        return self._presign(key, bucket, "GET", expires)

    def get_presigned_upload_url(self, key: str, bucket: str | None = None, expires: int | timedelta = 3600) -> str:
        return self._presign(key, bucket, "PUT", expires)

    def _presign(self, key: str, bucket: str | None, method: Literal["GET", "PUT"], expires: int | timedelta) -> str:
        bucket = self._bucket(bucket)
        validate_key(key)
        delta = validate_expiry(expires)
        if not self.client.supports_presign:
            raise NotSupportedError(
                f"the {self._config.framework.value} backend cannot make presigned URLs", bucket=bucket, key=key
            )
        return self.client.presigned_url(bucket, key, method, delta)

    # Walking: the parallel listing under summarize and find (walk.py, summary.py, find.py)
    def walk(
        self, prefix: str = "", bucket: str | None = None, *, workers: int = 8, cancel: threading.Event | None = None
    ) -> Iterator[ObjectMetadata]:
        """Every object under ``prefix``, as ``list_objects`` gives them but listed by ``workers`` threads, one
        folder level each, and streamed in no particular order; a set ``cancel`` raises ``CancelledError``."""
        bucket = self._bucket(bucket)
        return walk_objects(self.client, bucket, validate_prefix(prefix), validate_workers(workers), cancel)

    def summarize(
        self,
        prefix: str = "",
        bucket: str | None = None,
        *,
        largest: int = DEFAULT_LARGEST,
        progress: Callable[[Summary], None] | None = None,
        workers: int = 8,
        cancel: threading.Event | None = None,
    ) -> Summary:
        """Count, size, per sub-folder, the ``largest`` objects, by extension, content type and storage class;
        ``progress`` gets the summary so far, from the summarizing thread (see ``summary.summarize_items``)."""
        summary = Summary(self._bucket(bucket), validate_prefix(prefix), validate_largest(largest))
        items = self.walk(prefix, summary.bucket, workers=workers, cancel=cancel)
        return summarize_items(summary, items, progress)

    def find(
        self,
        prefix: str = "",
        bucket: str | None = None,
        *,
        name: str | re.Pattern[str] | None = None,
        regex: bool = False,
        whole_key: bool = False,
        larger: int | None = None,
        smaller: int | None = None,
        newer: When | None = None,
        older: When | None = None,
        progress: Callable[[int], None] | None = None,
        workers: int = 8,
        cancel: threading.Event | None = None,
    ) -> Iterator[ObjectMetadata]:
        """The objects under ``prefix`` that match, streamed as the walk finds them (see ``find.make_filter``);
        ``progress`` gets the number of objects looked at so far."""
        keep = make_filter(
            name, regex=regex, whole_key=whole_key, larger=larger, smaller=smaller, newer=newer, older=older
        )
        bucket, prefix, workers = self._bucket(bucket), validate_prefix(prefix), validate_workers(workers)
        walk = walk_objects(self.client, bucket, prefix, workers, cancel, flat_first=True)
        return matching(walk, keep, progress)

    # One object in full: details, tags, metadata edits, conditional writes (logic in object_edit.py)
    def object_details(
        self, key: str, bucket: str | None = None, version: str | None = None, *, with_tags: bool = True
    ) -> ObjectDetails:
        """Every property the server returns (content headers, storage class, encryption, checksums, version,
        replication, object lock, user metadata) and the tags; what the server did not send is None."""
        bucket = self._bucket(bucket)
        with self._missing_bucket_named(bucket, key):
            return object_edit.object_details(self.client, bucket, validate_key(key), version, with_tags=with_tags)

    def get_object_tags(self, key: str, bucket: str | None = None, version: str | None = None) -> dict[str, str]:
        return self.client.get_object_tags(self._bucket(bucket), validate_key(key), version)

    def set_object_tags(
        self, key: str, tags: Mapping[str, str], bucket: str | None = None, version: str | None = None
    ) -> None:
        """Replace the object's tags (an empty mapping removes them); no copy, no new version."""
        checked = object_edit.validate_tags(tags)
        self.client.set_object_tags(self._bucket(bucket), validate_key(key), checked, version)

    def update_metadata(
        self,
        key: str,
        bucket: str | None = None,
        *,
        metadata: Mapping[str, str] | None = None,
        headers: ContentHeaders | None = None,
        tags: Mapping[str, str] | None = None,
        expected_etag: str | None = None,
        read: ObjectDetails | None = None,
    ) -> MetadataUpdate:
        """Replace user metadata and content headers (a copy onto itself with the metadata directive REPLACE,
        keeping storage class, encryption and tags) and tags; None keeps what is there. With ``expected_etag``
        nothing is written unless the object still has it (``ObjectChangedError``). ``read``: the details the caller
        just read, to spare a HEAD (the copy is still conditional on their ETag)."""
        bucket = self._bucket(bucket)
        with self._missing_bucket_named(bucket, key):
            return object_edit.update_metadata(
                self.client,
                bucket,
                validate_key(key),
                metadata=metadata,
                headers=headers,
                tags=tags,
                expected_etag=expected_etag,
                read=read,
            )

    def write_if_unchanged(
        self, key: str, data: bytes, expected_etag: str, bucket: str | None = None
    ) -> ConditionalWrite:
        """Replace the content only if the object's ETag is still ``expected_etag`` (If-Match where the backend
        sends it, after a HEAD comparison); headers and metadata are kept. The result says which guarantee held."""
        bucket = self._bucket(bucket)
        with self._missing_bucket_named(bucket, key):
            return object_edit.write_if_unchanged(self.client, bucket, validate_key(key), bytes(data), expected_etag)

    # Deleted objects (versioned buckets; see deleted.py)
    def list_deleted(
        self, prefix: str = "", bucket: str | None = None, *, since: datetime | None = None
    ) -> Iterator[ObjectMetadata]:
        """Keys under ``prefix`` whose latest version is a delete marker (the markers), optionally only since."""
        return list_deleted(self.client, self._bucket(bucket), validate_prefix(prefix), since)

    def undelete(self, key: str, bucket: str | None = None) -> UndeleteResult:
        """Remove the delete markers on top of ``key`` so its newest version is the latest again."""
        return undelete(self.client, self._bucket(bucket), validate_key(key))


def _guess_type(key: str) -> str:
    return mimetypes.guess_type(key)[0] or "application/octet-stream"
