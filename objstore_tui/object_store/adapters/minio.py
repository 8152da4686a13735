"""The ``minio`` SDK adapter: S3-compatible stores reached as host:port."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import IO, BinaryIO, Literal, cast

import certifi
import urllib3
from minio import Minio
from minio.commonconfig import ENABLED, ComposeSource, CopySource, Tags
from minio.datatypes import parse_copy_object
from minio.error import InvalidResponseError, S3Error, ServerError
from minio.helpers import MAX_MULTIPART_COUNT, MAX_PART_SIZE
from minio.versioningconfig import SUSPENDED, VersioningConfig
from urllib3 import BaseHTTPResponse
from urllib3.exceptions import HTTPError, MaxRetryError

from ..configurations import ObjectStoreConfiguration
from ..details import ContentHeaders, ObjectDetails
from ..errors import ConfigurationError, ObjectStoreError, TransferCancelledError
from ..models import (
    Bucket,
    BulkDeleteResult,
    CopyResult,
    DeleteResult,
    Object,
    ObjectMetadata,
    UploadResult,
)
from ..text import visible
from ..transfer import TransferMonitor
from . import minio_internals as internals
from . import minio_multipart as multipart
from .minio_results import USER_META, from_headers, listed, server_order
from .s3_common import (
    AWS_DEFAULT_REGION,
    POOL_CONNECTIONS,
    S3Client,
    delete_failure,
    newest_first,
    tagging_header,
    unquote_etag,
)
from .s3_details import checksums_in, details_from_headers, write_headers
from .s3_download import finishing, write_object
from .s3_errors import GuardedBody, is_delete_marker
from .s3_listing import MAX_KEYS, ListingPage, S3Listing
from .s3_obstore import ObstoreTransfers


class _Progress:
    """minio's progress protocol over a TransferMonitor.

    minio calls ``update`` as it reads each part from the file; the TransferCancelledError raised there on
    cancel propagates out of ``put_object``, which first aborts its multipart upload on the server.
    """

    def __init__(self, monitor: TransferMonitor) -> None:
        self._monitor = monitor

    def set_meta(self, object_name: str, total_length: int) -> None:
        self._monitor.set_total(total_length)

    def update(self, size: int) -> None:
        self._monitor.advance(size)


class _ReadInSteps:
    """A file that minio reads each part of in 16 steps rather than one: minio reports progress (and so meets a
    cancel) only between reads, and one read of a whole single-request file would leave no moment to stop it."""

    STEPS = 16

    def __init__(self, file: BinaryIO, part_size: int) -> None:
        self._file = file
        self._step = max(1, -(-part_size // self.STEPS))

    def read(self, size: int = -1) -> bytes:
        return self._file.read(self._step if size < 0 else min(size, self._step))


class MinioClient(S3Listing, S3Client):
    def __init__(self, config: ObjectStoreConfiguration) -> None:
        conn = config.connection
        super().__init__(config, conn.endpoint or "")
        self._engine = ObstoreTransfers(config, self._unreachable)
        secret, token = self._secrets
        self._region = conn.region or AWS_DEFAULT_REGION
        self._http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=conn.connect_timeout, read=conn.read_timeout),
            retries=urllib3.Retry(
                total=conn.max_retries,
                backoff_factor=0.2,
                status_forcelist=(500, 502, 503, 504),
                raise_on_status=False,  # the last 5xx reaches minio, which reports the server's own error
            ),
            maxsize=max(POOL_CONNECTIONS, config.transfer.max_concurrency),
            cert_reqs="CERT_REQUIRED",
            ca_certs=os.environ.get("SSL_CERT_FILE") or certifi.where(),
        )
        # A fixed region spares minio a GetBucketLocation request before the first call on each bucket.
        try:
            self._minio = Minio(
                self._endpoint,
                access_key=conn.access_key,
                secret_key=secret,
                session_token=token,
                secure=conn.secure,
                region=self._region,
                http_client=self._http,
            )
        except ValueError as exc:  # a path in the endpoint, a bad port or IPv6 address
            raise ConfigurationError(f"connection.endpoint: {visible(exc)}") from exc

    @contextmanager
    def _errors(self, operation: str, bucket: str | None = None, key: str | None = None) -> Iterator[None]:
        """Raise the project's error, naming bucket and key, for anything the SDK or its transport raises.

        Our own errors (a cancel raised by a progress callback) pass as they are, and so do local file errors
        (OSError), which are not the server's.
        """
        try:
            yield
        except (ObjectStoreError, OSError):
            raise
        except Exception as exc:
            raise self._error(exc, operation, bucket, key) from exc

    def _error(self, exc: Exception, operation: str, bucket: str | None, key: str | None) -> ObjectStoreError:
        if isinstance(exc, S3Error):
            headers = exc.response.headers if exc.response is not None else {}
            return self._s3_error(exc.code, exc.message, operation, bucket, key, is_delete_marker(headers))
        if isinstance(exc, ServerError | InvalidResponseError):
            # Answers without an S3 error document (proxies, load balancers) carry only the HTTP status.
            status = exc.status_code if isinstance(exc, ServerError) else internals.http_status(exc)
            return self._s3_error(str(status), str(exc), operation, bucket, key)
        if isinstance(exc, HTTPError):  # urllib3: refused, DNS, TLS, timeouts, connection dropped mid-body
            return self._unreachable(exc.reason if isinstance(exc, MaxRetryError) else exc, bucket, key)
        document = internals.error_document_behind(exc)
        if document is not None:  # a 200 whose body is an error (CopyObject, CompleteMultipartUpload)
            return self._s3_error(*document, operation, bucket, key)
        if isinstance(exc, ValueError | SyntaxError):  # XML the SDK could not read (ParseError is a SyntaxError)
            message = f"{operation} failed: the server's answer could not be read: {exc}"
        else:
            message = f"{operation} failed: {exc}"
        return ObjectStoreError(self._redacted(message), bucket=bucket, key=key)

    # Buckets
    def list_buckets(self) -> Iterator[Bucket]:
        with self._errors("list_buckets"):
            buckets = self._minio.list_buckets()
        return iter([Bucket(bucket.name, bucket.creation_date) for bucket in buckets])

    def bucket_exists(self, name: str) -> bool:
        with self._errors("bucket_exists", name):
            return self._minio.bucket_exists(name)

    def create_bucket(self, name: str) -> None:
        self._refuse_existing_bucket(name, self._region)
        with self._errors("create_bucket", name):
            self._minio.make_bucket(name)

    def delete_bucket(self, name: str) -> None:
        with self._errors("delete_bucket", name):
            self._minio.remove_bucket(name)

    def get_bucket_versioning(self, bucket: str) -> bool:
        with self._errors("get_bucket_versioning", bucket):
            return self._minio.get_bucket_versioning(bucket).status == ENABLED

    def set_bucket_versioning(self, bucket: str, enabled: bool) -> None:
        with self._errors("set_bucket_versioning", bucket):
            self._minio.set_bucket_versioning(bucket, VersioningConfig(ENABLED if enabled else SUSPENDED))

    # Listing (objects and folders come from S3Listing)
    def list_object_versions(self, bucket: str, prefix: str) -> Iterator[ObjectMetadata]:
        """Key order, newest first, delete markers among the versions."""
        with self._errors("list_object_versions", bucket, prefix or None):
            versions = (
                (listed(bucket, item), item.is_delete_marker)
                for item in self._minio.list_objects(bucket, prefix, recursive=True, include_version=True)
            )
            yield from server_order(versions, newest_first)

    # Objects
    def stat_object(self, bucket: str, key: str, version: str | None = None) -> ObjectMetadata:
        with self._errors("stat_object", bucket, key):
            stat = self._minio.stat_object(bucket, key, version_id=version)
        meta = from_headers(bucket, key, stat.metadata or {})
        self._engine.saw(bucket, key, meta.size)
        return meta

    def stat_with_checksums(self, bucket: str, key: str) -> ObjectMetadata:
        with self._errors("stat_object", bucket, key):
            headers = self._minio.stat_object(bucket, key, extra_headers={"x-amz-checksum-mode": "ENABLED"}).metadata
        headers = headers or {}
        return replace(from_headers(bucket, key, headers), checksums=checksums_in(headers))

    def get_object(self, bucket: str, key: str, version: str | None = None) -> Object:
        with self._errors("get_object", bucket, key):
            response = self._minio.get_object(bucket, key, version_id=version)
        # The stored bytes, as boto3 gives them, even for objects stored with Content-Encoding: gzip.
        response.decode_content = False
        meta = from_headers(bucket, key, response.headers)
        return Object(
            key,
            bucket,
            # GuardedBody has the read/close/stream an Object's body offers, not the whole IO protocol
            cast(IO[bytes], GuardedBody(response, partial(self._errors, "get_object", bucket, key))),
            meta.size,
            meta.updated_time,
            meta.etag,
            meta.content_type,
            meta.version_id,
            meta.metadata,
            int(response.headers.get("x-amz-tagging-count") or 0),
        )

    def read_range(self, bucket: str, key: str, start: int, length: int, version: str | None = None) -> bytes:
        with self._errors("read_range", bucket, key):
            try:
                response = self._minio.get_object(bucket, key, offset=start, length=length, version_id=version)
            except S3Error as exc:
                if exc.code != "InvalidRange":
                    raise
                return b""  # S3 refuses a range starting at or past the end; there is nothing to read
            try:
                return response.read(decode_content=False)
            finally:
                response.close()
                response.release_conn()

    def put_bytes(self, bucket: str, key: str, data: bytes, content_type: str | None = None) -> UploadResult:
        with self._errors("put_bytes", bucket, key):
            result = self._minio.put_object(
                bucket,
                key,
                io.BytesIO(data),
                len(data),
                content_type=content_type or "application/octet-stream",
                part_size=self._part_size(len(data)),
                num_parallel_uploads=self.config.transfer.max_concurrency,
            )
        return UploadResult(bucket, key, unquote_etag(result.etag), result.version_id, len(data))

    def upload_file(
        self,
        bucket: str,
        key: str,
        file_path: Path,
        monitor: TransferMonitor,
        content_type: str | None = None,
    ) -> UploadResult:
        """One PUT (obstore's when it can, ``s3_obstore``; else minio's put_object) below the threshold; above it,
        parts sent in parallel by ``minio_multipart``, which holds at most a bounded number of them in memory.
        Progress counts the bytes read into parts; a cancel set before a part is read to its end stops the upload
        before that part is sent."""
        size = file_path.stat().st_size
        content_type = content_type or "application/octet-stream"
        sent = self._engine.upload(bucket, key, file_path, size, monitor, content_type)
        if sent is not None:
            return sent
        part_size = self._part_size(size)
        try:
            with self._errors("upload_file", bucket, key), file_path.open("rb") as file:
                if size >= self.config.transfer.multipart_threshold:
                    sizes = (size, part_size, self.config.transfer.max_concurrency)
                    etag, version_id = multipart.upload(self._minio, bucket, key, file, sizes, content_type, monitor)
                    return UploadResult(bucket, key, unquote_etag(etag), version_id, size)
                result = self._minio.put_object(
                    bucket,
                    key,
                    cast(BinaryIO, _ReadInSteps(file, part_size)),  # minio only calls read()
                    size,
                    content_type=content_type,
                    progress=_Progress(monitor),
                    part_size=part_size,
                )
        except BaseException as exc:
            if not isinstance(exc, TransferCancelledError):
                monitor.check()  # a cancel stays a cancel when the abort sent after it fails
            raise
        return UploadResult(bucket, key, unquote_etag(result.etag), result.version_id, size)

    def _part_size(self, size: int) -> int:
        """minio sends one PUT when the object fits in one part, so below the threshold the part is the
        whole object (up to S3's 5 GiB single-PUT limit); above it, parts grow to stay within 10,000."""
        transfer = self.config.transfer
        if size < transfer.multipart_threshold:
            return min(max(size, transfer.part_size), MAX_PART_SIZE)
        return max(transfer.part_size, -(-size // MAX_MULTIPART_COUNT))

    def download_file(
        self, bucket: str, key: str, file_path: Path, monitor: TransferMonitor, version: str | None = None
    ) -> ObjectMetadata:
        """One GET: its headers give the size and metadata of exactly the bytes written, and unlike a HEAD
        its error names a missing bucket. With ``transfer.download_streams`` above 1 a big object's other ranges
        are fetched in parallel, each pinned to the first answer's ETag (``s3_download``). Through obstore when it
        can (``s3_obstore``)."""
        fetched = self._engine.download(bucket, key, file_path, monitor, version)
        if fetched is not None:
            return fetched
        with (
            self._errors("download_file", bucket, key),
            finishing(self._minio.get_object(bucket, key, version_id=version)) as response,
        ):
            metadata = from_headers(bucket, key, response.headers)
            monitor.set_total(metadata.size)
            etag = response.headers.get("etag")

            def open_range(start: int, end: int) -> BaseHTTPResponse:
                headers: dict[str, str | list[str] | tuple[str]] = {"If-Match": etag} if etag else {}
                return self._minio.get_object(
                    bucket, key, offset=start, length=end - start, request_headers=headers, version_id=version
                )

            write_object(response, metadata.size, file_path, monitor, self.config.transfer, open_range, (bucket, key))
        return metadata

    def copy_object(
        self,
        src_bucket: str,
        src_key: str,
        dst_bucket: str,
        dst_key: str,
        src_version: str | None = None,
    ) -> CopyResult:
        """Sources over 5 GiB go through compose_object (multipart copy), which does not carry the source's
        content type and user metadata over by itself, so they are passed from the stat."""
        source = self.stat_object(src_bucket, src_key, src_version)
        # The source exists now, so what fails from here is about the destination.
        with self._errors(f"copy_object from {src_bucket}/{src_key}", dst_bucket, dst_key):
            if source.size <= MAX_PART_SIZE:
                result = self._minio.copy_object(
                    dst_bucket, dst_key, CopySource(src_bucket, src_key, version_id=src_version)
                )
            else:
                metadata: dict[str, str | list[str] | tuple[str]] = {
                    f"{USER_META}{name}": value for name, value in source.metadata.items()
                }
                metadata["Content-Type"] = source.content_type or "application/octet-stream"
                result = self._minio.compose_object(
                    dst_bucket,
                    dst_key,
                    [ComposeSource(src_bucket, src_key, version_id=src_version)],
                    metadata=metadata,
                )
        return CopyResult(dst_bucket, dst_key, unquote_etag(result.etag), result.version_id, src_bucket, src_key)

    def delete_object(self, bucket: str, key: str, version: str | None = None) -> DeleteResult:
        with self._errors("delete_object", bucket, key):
            headers = internals.delete(self._minio, bucket, key, version).headers
        return DeleteResult(bucket, key, headers.get("x-amz-version-id"), headers.get("x-amz-delete-marker") == "true")

    def _delete_batch(self, bucket: str, keys: list[str]) -> BulkDeleteResult:
        with self._errors("delete_objects", bucket):
            answer = internals.delete_verbose(self._minio, bucket, keys)
        failed = []
        for error in answer.error_list:
            if error.name is None:  # an error for the whole request, in a 200 answer
                raise self._s3_error(error.code, error.message, "delete_objects", bucket, None)
            failed.append(delete_failure(error.name, error.code, error.message, error.version_id))
        return BulkDeleteResult(bucket, tuple(deleted.name for deleted in answer.object_list), tuple(failed))

    def presigned_url(self, bucket: str, key: str, method: Literal["GET", "PUT"], expires: timedelta) -> str:
        with self._errors("presigned_url", bucket, key):
            if method == "PUT":
                return self._minio.presigned_put_object(bucket, key, expires=expires)
            return self._minio.presigned_get_object(bucket, key, expires=expires)

    def close(self) -> None:
        self._http.clear()
        self._engine.close()

    def _list_page(self, bucket: str, prefix: str, delimiter: str, after: dict[str, str]) -> ListingPage:
        query = {
            "list-type": "2",
            "delimiter": delimiter,
            "encoding-type": "url",
            "max-keys": str(MAX_KEYS),
            "prefix": prefix,
        }
        return ListingPage(internals.list_objects_v2(self._minio, bucket, query | after))

    # Details, tags, metadata edits and conditional writes
    def object_details(self, bucket: str, key: str, version: str | None = None) -> ObjectDetails:
        with self._errors("object_details", bucket, key):
            stat = self._minio.stat_object(
                bucket, key, version_id=version, extra_headers={"x-amz-checksum-mode": "ENABLED"}
            )
        return details_from_headers(bucket, key, stat.metadata or {})

    def get_object_tags(self, bucket: str, key: str, version: str | None = None) -> dict[str, str]:
        with self._errors("get_object_tags", bucket, key):
            tags = self._minio.get_object_tags(bucket, key, version_id=version)
        return dict(tags or {})

    def set_object_tags(self, bucket: str, key: str, tags: Mapping[str, str], version: str | None = None) -> None:
        with self._errors("set_object_tags", bucket, key):
            if not tags:
                self._minio.delete_object_tags(bucket, key, version_id=version)
                return
            tag_set = Tags.new_object_tags()
            tag_set.update(tags)
            self._minio.set_object_tags(bucket, key, tag_set, version_id=version)

    def replace_metadata(
        self, details: ObjectDetails, headers: ContentHeaders, metadata: Mapping[str, str]
    ) -> tuple[str | None, str | None]:
        """CopyObject onto itself with the metadata directive REPLACE and x-amz-copy-source-if-match."""
        bucket, key = details.bucket, details.key
        sent = write_headers(details, headers, metadata)
        sent.update(CopySource(bucket, key, match_etag=details.etag).gen_copy_headers())
        sent["x-amz-metadata-directive"] = "REPLACE"
        with self._errors("update_metadata", bucket, key):
            response = internals.put_with_headers(self._minio, bucket, key, sent)
            etag, _ = parse_copy_object(response)
        return unquote_etag(etag), response.headers.get("x-amz-version-id")

    def put_if_match(
        self, details: ObjectDetails, data: bytes, headers: ContentHeaders, metadata: Mapping[str, str]
    ) -> UploadResult:
        bucket, key = details.bucket, details.key
        sent = {**write_headers(details, headers, metadata), "If-Match": f'"{details.etag}"'}
        with self._errors("write_if_unchanged", bucket, key):
            response = internals.put_with_headers(self._minio, bucket, key, sent, data)
        return UploadResult(
            bucket, key, unquote_etag(response.headers.get("etag")), response.headers.get("x-amz-version-id"), len(data)
        )

    # Streaming writes (copies between stores)
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
        with self._errors("put_object", bucket, key):
            result = internals.put_object(self._minio, bucket, key, data, _headers(content_type, metadata, tags))
        return UploadResult(bucket, key, unquote_etag(result.etag), result.version_id, len(data))

    def start_multipart_upload(
        self,
        bucket: str,
        key: str,
        *,
        content_type: str | None,
        metadata: Mapping[str, str],
        tags: Mapping[str, str],
    ) -> str:
        with self._errors("create_multipart_upload", bucket, key):
            return internals.start_multipart(self._minio, bucket, key, _headers(content_type, metadata, tags))

    def upload_part(self, bucket: str, key: str, upload_id: str, part_number: int, data: bytes) -> str:
        with self._errors(f"upload_part {part_number}", bucket, key):
            return unquote_etag(internals.upload_part(self._minio, bucket, key, upload_id, part_number, data)) or ""

    def complete_multipart_upload(
        self, bucket: str, key: str, upload_id: str, part_etags: Sequence[str], size: int
    ) -> UploadResult:
        with self._errors("complete_multipart_upload", bucket, key):
            result = internals.complete_multipart(self._minio, bucket, key, upload_id, list(part_etags))
        return UploadResult(bucket, key, unquote_etag(result.etag), result.version_id, size)

    def abort_multipart_upload(self, bucket: str, key: str, upload_id: str) -> None:
        with self._errors("abort_multipart_upload", bucket, key):
            try:
                internals.abort_multipart(self._minio, bucket, key, upload_id)
            except S3Error as exc:
                if exc.code != "NoSuchUpload":
                    raise


def _headers(content_type: str | None, metadata: Mapping[str, str], tags: Mapping[str, str]) -> dict[str, str]:
    """An object's headers as sent, user metadata under x-amz-meta- (minio's own guess would take a user key
    named like a standard header for that header)."""
    headers = {f"{USER_META}{name}": value for name, value in metadata.items()}
    headers["Content-Type"] = content_type or "application/octet-stream"
    if tags:
        headers["x-amz-tagging"] = tagging_header(tags)
    return headers
