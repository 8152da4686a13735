"""The boto3 adapter: AWS S3 and S3-compatible servers through boto3, multipart transfers through s3transfer."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import replace
from datetime import timedelta
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import IO, TYPE_CHECKING, Any, Literal, TypedDict, cast

import boto3
import urllib3
from boto3.s3.transfer import ProgressCallbackInvoker, TransferConfig, create_transfer_manager
from botocore.config import Config
from botocore.exceptions import (
    ClientError,
    HTTPClientError,
    IncompleteReadError,
    NoCredentialsError,
    PartialCredentialsError,
    ProfileNotFound,
    ResponseStreamingError,
)
from botocore.exceptions import ConnectionError as BotoConnectionError
from s3transfer.utils import ReadFileChunk
from urllib3 import BaseHTTPResponse

if TYPE_CHECKING:  # boto3-stubs[s3], in the dev extra
    from mypy_boto3_s3.literals import BucketLocationConstraintType
    from mypy_boto3_s3.type_defs import (
        CompletedPartTypeDef,
        CopySourceTypeDef,
        ListObjectsV2RequestTypeDef,
        ObjectIdentifierTypeDef,
        TagTypeDef,
    )

from ..configurations import ObjectStoreConfiguration
from ..details import ContentHeaders, ObjectDetails
from ..errors import AccessDeniedError, ConfigurationError, NotSupportedError, ObjectStoreError
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
from .boto3_expect import skip_continue_for_small_puts
from .boto3_parsing import LISTING_PAGE, use_fast_parsers
from .boto3_results import error_code, from_head, unwrapped, utc, version_of
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

_UNREACHABLE = (
    BotoConnectionError,
    HTTPClientError,
    ResponseStreamingError,
    IncompleteReadError,
    urllib3.exceptions.HTTPError,
)
"""Transport failures, the body stream's included (botocore lets urllib3's errors out of a body read)."""


class Boto3Client(S3Listing, S3Client):
    def __init__(self, config: ObjectStoreConfiguration) -> None:
        conn = config.connection
        super().__init__(config, conn.endpoint_url or "AWS S3")
        self._engine = ObstoreTransfers(config, self._unreachable)
        secret, token = self._secrets
        # Keys only when configured (None is not given): else boto3's own chain (environment, profiles, roles).
        try:
            session = boto3.Session(
                aws_access_key_id=conn.access_key,
                aws_secret_access_key=secret,
                aws_session_token=token,
                region_name=conn.region or (AWS_DEFAULT_REGION if conn.endpoint else None),
                profile_name=conn.profile,
            )
        except ProfileNotFound as exc:
            raise ConfigurationError(f"connection.profile: {exc}") from exc
        use_fast_parsers(session)
        transfer = config.transfer
        botocore_config = Config(
            signature_version="s3v4",
            connect_timeout=conn.connect_timeout,
            read_timeout=conn.read_timeout,
            retries={"max_attempts": conn.max_retries, "mode": "standard"},
            max_pool_connections=max(POOL_CONNECTIONS, transfer.max_concurrency),
            # S3-compatible servers rarely resolve virtual-host bucket names like bucket.127.0.0.1.
            s3={"addressing_style": "path"} if conn.endpoint else None,
            # botocore >= 1.36 sends CRC32 checksums on every upload by default (aws-chunked bodies with trailers
            # for streams), which several S3-compatible servers reject. Only where S3 requires one: DeleteObjects
            # then carries a plain x-amz-checksum-crc32 header and uploads go out as plain bodies.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        try:
            self._s3 = session.client("s3", endpoint_url=conn.endpoint_url, config=botocore_config)
        except ValueError as exc:  # botocore: "Invalid endpoint", a bad IPv6 address
            raise ConfigurationError(f"connection.endpoint: {visible(exc)}") from exc
        skip_continue_for_small_puts(self._s3)
        self._transfer = TransferConfig(
            multipart_threshold=transfer.multipart_threshold,
            multipart_chunksize=transfer.part_size,
            max_concurrency=transfer.max_concurrency,
            use_threads=True,
            # The CRT client (picked on some EC2 instances) ignores these settings and our cancel semantics.
            preferred_transfer_client="classic",
        )
        # One manager per client: its thread pool bounds the parts in flight across concurrent transfers, and
        # it registers the hooks that keep request signing out of ReadFileChunk's progress counts.
        self._transfers = create_transfer_manager(self._s3, self._transfer)

    @contextmanager
    def _errors(self, operation: str, bucket: str | None, key: str | None = None) -> Iterator[None]:
        """Turn any SDK exception raised inside the block into the project's error for ``bucket``/``key``.

        A cancel raised by our own progress callback comes out of s3transfer unwrapped and passes as is.
        """
        try:
            yield
        except ObjectStoreError:
            raise
        except Exception as exc:
            cause = unwrapped(exc)
            if isinstance(cause, ObjectStoreError):
                raise cause from None
            raise self._error(cause, operation, bucket, key) from cause

    def _error(self, cause: Exception, operation: str, bucket: str | None, key: str | None) -> ObjectStoreError:
        if isinstance(cause, ClientError):
            details = cause.response.get("Error", {})
            headers = cause.response.get("ResponseMetadata", {}).get("HTTPHeaders", {})
            code, message = details.get("Code"), details.get("Message")
            return self._s3_error(code, message, operation, bucket, key, is_delete_marker(headers))
        if isinstance(cause, _UNREACHABLE):
            return self._unreachable(cause, bucket, key)
        no_keys = isinstance(cause, NoCredentialsError | PartialCredentialsError)
        error_class = AccessDeniedError if no_keys else ObjectStoreError
        return error_class(self._redacted(f"{operation} failed: {cause}"), bucket=bucket, key=key)

    def close(self) -> None:
        self._transfers.shutdown()
        self._s3.close()
        self._engine.close()

    # Buckets
    def list_buckets(self) -> Iterator[Bucket]:
        with self._errors("list_buckets", None):
            for page in self._s3.get_paginator("list_buckets").paginate():
                for bucket in page.get("Buckets", []):
                    yield Bucket(bucket["Name"], utc(bucket.get("CreationDate")))

    def bucket_exists(self, name: str) -> bool:
        with self._errors("bucket_exists", name):
            try:
                self._s3.head_bucket(Bucket=name)
            except ClientError as exc:
                if error_code(exc) in ("404", "NoSuchBucket"):
                    return False
                raise
        return True

    def create_bucket(self, name: str) -> None:
        region: str = self._s3.meta.region_name or AWS_DEFAULT_REGION
        self._refuse_existing_bucket(name, region)
        with self._errors("create_bucket", name):
            if region == AWS_DEFAULT_REGION:
                self._s3.create_bucket(Bucket=name)
            else:
                # Any region the configuration names: the server, not the stubs' list, says which exist.
                location = cast("BucketLocationConstraintType", region)
                self._s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": location})

    def delete_bucket(self, name: str) -> None:
        with self._errors("delete_bucket", name):
            self._s3.delete_bucket(Bucket=name)

    def get_bucket_versioning(self, bucket: str) -> bool:
        with self._errors("get_bucket_versioning", bucket):
            status: str | None = self._s3.get_bucket_versioning(Bucket=bucket).get("Status")
        return status == "Enabled"

    def set_bucket_versioning(self, bucket: str, enabled: bool) -> None:
        status: Literal["Enabled", "Suspended"] = "Enabled" if enabled else "Suspended"
        with self._errors("set_bucket_versioning", bucket):
            self._s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": status})

    # Listing (objects and folders come from S3Listing)
    def list_object_versions(self, bucket: str, prefix: str) -> Iterator[ObjectMetadata]:
        paginator = self._s3.get_paginator("list_object_versions")
        with self._errors("list_object_versions", bucket, prefix or None):
            for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
                versions = [version_of(bucket, item, False) for item in page.get("Versions", [])]
                versions += [version_of(bucket, item, True) for item in page.get("DeleteMarkers", [])]
                # botocore splits the server's interleaved list in two; restore key order, newest first.
                yield from sorted(versions, key=newest_first)

    # Objects
    def stat_object(self, bucket: str, key: str, version: str | None = None) -> ObjectMetadata:
        with self._errors("stat_object", bucket, key):
            head = self._s3.head_object(Bucket=bucket, Key=key, **_version_arg(version))
        meta = from_head(bucket, key, head)
        self._engine.saw(bucket, key, meta.size)
        return meta

    def stat_with_checksums(self, bucket: str, key: str) -> ObjectMetadata:
        with self._errors("stat_object", bucket, key):
            head = self._s3.head_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED")
        checksums = checksums_in(head["ResponseMetadata"]["HTTPHeaders"])
        return replace(from_head(bucket, key, head), checksums=checksums)

    def get_object(self, bucket: str, key: str, version: str | None = None) -> Object:
        with self._errors("get_object", bucket, key):
            response = self._s3.get_object(Bucket=bucket, Key=key, **_version_arg(version))
        return Object(
            key=key,
            bucket=bucket,
            body=GuardedBody(response["Body"], partial(self._errors, "get_object", bucket, key)),
            size=response.get("ContentLength", 0),
            updated_time=utc(response.get("LastModified")),
            etag=unquote_etag(response.get("ETag")),
            content_type=response.get("ContentType"),
            version_id=response.get("VersionId"),
            metadata=MappingProxyType(response.get("Metadata", {})),
            tag_count=response.get("TagCount", 0),
        )

    def read_range(self, bucket: str, key: str, start: int, length: int, version: str | None = None) -> bytes:
        byte_range = f"bytes={start}-{start + length - 1}"
        with self._errors("read_range", bucket, key):
            try:
                response = self._s3.get_object(Bucket=bucket, Key=key, Range=byte_range, **_version_arg(version))
            except ClientError as exc:
                if error_code(exc) == "InvalidRange":  # start at or past the end (or an empty object)
                    return b""
                raise
            with closing(response["Body"]) as body:
                data: bytes = body.read()
        return data

    def put_bytes(self, bucket: str, key: str, data: bytes, content_type: str | None = None) -> UploadResult:
        with self._errors("put_bytes", bucket, key):
            response = self._s3.put_object(Bucket=bucket, Key=key, Body=data, **_content_type_arg(content_type))
        return UploadResult(bucket, key, unquote_etag(response.get("ETag")), response.get("VersionId"), len(data))

    def upload_file(
        self,
        bucket: str,
        key: str,
        file_path: Path,
        monitor: TransferMonitor,
        content_type: str | None = None,
    ) -> UploadResult:
        """One PUT below the multipart threshold (through obstore when it can, ``s3_obstore``), s3transfer's
        parallel parts above it.

        A cancel raises from the progress callback; s3transfer then fails the transfer and aborts its multipart
        upload on the server once in-flight parts finish.
        """
        size = file_path.stat().st_size
        sent = self._engine.upload(bucket, key, file_path, size, monitor, content_type)
        if sent is not None:
            return sent
        with self._errors("upload_file", bucket, key):
            if size < self._transfer.multipart_threshold:
                progress = [lambda bytes_transferred: monitor.advance(bytes_transferred)]
                with ReadFileChunk.from_filename(str(file_path), 0, size, callbacks=progress) as chunk:
                    body = cast(IO[bytes], chunk)  # a file-like reader botocore streams, though not an IO subclass
                    response = self._s3.put_object(Bucket=bucket, Key=key, Body=body, **_content_type_arg(content_type))
                return UploadResult(bucket, key, unquote_etag(response.get("ETag")), response.get("VersionId"), size)
            future = self._transfers.upload(
                str(file_path),
                bucket,
                key,
                extra_args=_content_type_arg(content_type),
                subscribers=[ProgressCallbackInvoker(monitor.advance)],
            )
            future.result()
            # A multipart upload's result carries no etag or version: one HEAD gets them.
            head = self._s3.head_object(Bucket=bucket, Key=key)
        return UploadResult(bucket, key, unquote_etag(head.get("ETag")), head.get("VersionId"), head["ContentLength"])

    def download_file(
        self, bucket: str, key: str, file_path: Path, monitor: TransferMonitor, version: str | None = None
    ) -> ObjectMetadata:
        """One GET: its headers describe exactly the bytes written, and unlike a HEAD its error names a missing
        bucket. With ``transfer.download_streams`` above 1 a big object's other ranges are fetched in parallel,
        each pinned to the first answer's ETag (``s3_download``). Through obstore when it can (``s3_obstore``)."""
        fetched = self._engine.download(bucket, key, file_path, monitor, version)
        if fetched is not None:
            return fetched
        version_arg = _version_arg(version)
        with self._errors("download_file", bucket, key):
            response = self._s3.get_object(Bucket=bucket, Key=key, **version_arg)
            with finishing(_raw_body(response)) as body:
                metadata = from_head(bucket, key, response)
                monitor.set_total(metadata.size)
                etag = response.get("ETag")

                def open_range(start: int, end: int) -> BaseHTTPResponse:
                    pinned = self._s3.get_object(
                        Bucket=bucket, Key=key, Range=f"bytes={start}-{end - 1}", **version_arg, **_if_match(etag)
                    )
                    return _raw_body(pinned)

                write_object(body, metadata.size, file_path, monitor, self.config.transfer, open_range, (bucket, key))
        return metadata

    def copy_object(
        self,
        src_bucket: str,
        src_key: str,
        dst_bucket: str,
        dst_key: str,
        src_version: str | None = None,
    ) -> CopyResult:
        """One CopyObject up to the multipart threshold (2 requests, against ~4 for s3transfer's managed
        copy); a multipart copy above it, which also handles objects over 5 GiB.

        A multipart copy makes a new object from parts: s3transfer carries the source's content headers and
        metadata over, but not its tags, which CopyObject keeps by itself. They are read first and set again.
        """
        source: CopySourceTypeDef = {"Bucket": src_bucket, "Key": src_key, **_version_arg(src_version)}
        with self._errors("copy_object", src_bucket, src_key):
            size = self._s3.head_object(**source)["ContentLength"]
        multipart = size > self._transfer.multipart_threshold
        tags = self._tags_to_carry(src_bucket, src_key, src_version) if multipart else {}
        # The source exists now, so what fails from here is about the destination.
        with self._errors(f"copy_object from {src_bucket}/{src_key}", dst_bucket, dst_key):
            if not multipart:
                copied = self._s3.copy_object(CopySource=source, Bucket=dst_bucket, Key=dst_key)
                etag, version_id = copied.get("CopyObjectResult", {}).get("ETag"), copied.get("VersionId")
            else:
                self._s3.copy(source, dst_bucket, dst_key, Config=self._transfer)
                head = self._s3.head_object(Bucket=dst_bucket, Key=dst_key)
                etag, version_id = head.get("ETag"), head.get("VersionId")
        if tags:
            self.set_object_tags(dst_bucket, dst_key, tags, version_id)
        return CopyResult(dst_bucket, dst_key, unquote_etag(etag), version_id, src_bucket, src_key)

    def _tags_to_carry(self, bucket: str, key: str, version: str | None) -> dict[str, str]:
        """The source's tags; none from a server that keeps no tags (as its CopyObject would carry none)."""
        try:
            return self.get_object_tags(bucket, key, version)
        except NotSupportedError:
            return {}

    def delete_object(self, bucket: str, key: str, version: str | None = None) -> DeleteResult:
        with self._errors("delete_object", bucket, key):
            response = self._s3.delete_object(Bucket=bucket, Key=key, **_version_arg(version))
        return DeleteResult(bucket, key, response.get("VersionId"), response.get("DeleteMarker", False))

    def _delete_batch(self, bucket: str, keys: list[str]) -> BulkDeleteResult:
        with self._errors("delete_objects", bucket):
            objects: list[ObjectIdentifierTypeDef] = [{"Key": key} for key in keys]
            response = self._s3.delete_objects(Bucket=bucket, Delete={"Objects": objects, "Quiet": False})
        failed = tuple(
            delete_failure(error["Key"], error.get("Code"), error.get("Message"), error.get("VersionId"))
            for error in response.get("Errors", [])
        )
        return BulkDeleteResult(bucket, tuple(item["Key"] for item in response.get("Deleted", [])), failed)

    def presigned_url(self, bucket: str, key: str, method: Literal["GET", "PUT"], expires: timedelta) -> str:
        client_method = "get_object" if method == "GET" else "put_object"
        with self._errors("presigned_url", bucket, key):
            url: str = self._s3.generate_presigned_url(
                client_method,
                Params={"Bucket": bucket, "Key": key},
                ExpiresIn=int(expires.total_seconds()),
            )
        return url

    def _list_page(self, bucket: str, prefix: str, delimiter: str, after: dict[str, str]) -> ListingPage:
        request: ListObjectsV2RequestTypeDef = {
            "Bucket": bucket,
            "Prefix": prefix,
            "Delimiter": delimiter,
            "EncodingType": "url",
            "MaxKeys": MAX_KEYS,
        }
        if "continuation-token" in after:
            request["ContinuationToken"] = after["continuation-token"]
        if "start-after" in after:
            request["StartAfter"] = after["start-after"]
        page: ListingPage = self._s3.list_objects_v2(**request)[LISTING_PAGE]  # type: ignore[literal-required]
        return page

    # Details, tags, metadata edits and conditional writes
    def object_details(self, bucket: str, key: str, version: str | None = None) -> ObjectDetails:
        with self._errors("object_details", bucket, key):
            head = self._s3.head_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED", **_version_arg(version))
        return details_from_headers(bucket, key, head["ResponseMetadata"]["HTTPHeaders"])

    def get_object_tags(self, bucket: str, key: str, version: str | None = None) -> dict[str, str]:
        with self._errors("get_object_tags", bucket, key):
            response = self._s3.get_object_tagging(Bucket=bucket, Key=key, **_version_arg(version))
        return {tag["Key"]: tag["Value"] for tag in response.get("TagSet", [])}

    def set_object_tags(self, bucket: str, key: str, tags: Mapping[str, str], version: str | None = None) -> None:
        with self._errors("set_object_tags", bucket, key):
            if not tags:
                self._s3.delete_object_tagging(Bucket=bucket, Key=key, **_version_arg(version))
                return
            tag_set: list[TagTypeDef] = [{"Key": name, "Value": value} for name, value in tags.items()]
            self._s3.put_object_tagging(Bucket=bucket, Key=key, Tagging={"TagSet": tag_set}, **_version_arg(version))

    def replace_metadata(
        self, details: ObjectDetails, headers: ContentHeaders, metadata: Mapping[str, str]
    ) -> tuple[str | None, str | None]:
        """CopyObject onto itself with MetadataDirective REPLACE and CopySourceIfMatch on the ETag read."""
        bucket, key = details.bucket, details.key
        arguments = _write_arguments(details, headers, metadata)
        with self._errors("update_metadata", bucket, key):
            copied = self._s3.copy_object(
                CopySource={"Bucket": bucket, "Key": key},
                Bucket=bucket,
                Key=key,
                MetadataDirective="REPLACE",
                CopySourceIfMatch=f'"{details.etag}"',
                **arguments,
            )
        return unquote_etag(copied.get("CopyObjectResult", {}).get("ETag")), copied.get("VersionId")

    def put_if_match(
        self, details: ObjectDetails, data: bytes, headers: ContentHeaders, metadata: Mapping[str, str]
    ) -> UploadResult:
        bucket, key = details.bucket, details.key
        arguments = _write_arguments(details, headers, metadata)
        with self._errors("write_if_unchanged", bucket, key):
            response = self._s3.put_object(Bucket=bucket, Key=key, Body=data, IfMatch=f'"{details.etag}"', **arguments)
        return UploadResult(bucket, key, unquote_etag(response.get("ETag")), response.get("VersionId"), len(data))

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
            response = self._s3.put_object(
                Bucket=bucket, Key=key, Body=data, **_headers_args(content_type, metadata, tags)
            )
        return UploadResult(bucket, key, unquote_etag(response.get("ETag")), response.get("VersionId"), len(data))

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
            response = self._s3.create_multipart_upload(
                Bucket=bucket, Key=key, **_headers_args(content_type, metadata, tags)
            )
        return response["UploadId"]

    def upload_part(self, bucket: str, key: str, upload_id: str, part_number: int, data: bytes) -> str:
        with self._errors(f"upload_part {part_number}", bucket, key):
            response = self._s3.upload_part(
                Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=part_number, Body=data
            )
        return unquote_etag(response.get("ETag")) or ""

    def complete_multipart_upload(
        self, bucket: str, key: str, upload_id: str, part_etags: Sequence[str], size: int
    ) -> UploadResult:
        parts: list[CompletedPartTypeDef] = [
            {"ETag": f'"{etag}"', "PartNumber": number} for number, etag in enumerate(part_etags, start=1)
        ]
        with self._errors("complete_multipart_upload", bucket, key):
            response = self._s3.complete_multipart_upload(
                Bucket=bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
            )
        return UploadResult(bucket, key, unquote_etag(response.get("ETag")), response.get("VersionId"), size)

    def abort_multipart_upload(self, bucket: str, key: str, upload_id: str) -> None:
        with self._errors("abort_multipart_upload", bucket, key):
            try:
                self._s3.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)
            except ClientError as exc:
                if error_code(exc) not in ("NoSuchUpload", "404"):
                    raise


class _VersionArg(TypedDict, total=False):
    VersionId: str


class _ContentTypeArg(TypedDict, total=False):
    ContentType: str


def _version_arg(version: str | None) -> _VersionArg:
    """boto3 refuses VersionId=None: the argument is there only with a version."""
    return {"VersionId": version} if version else {}


def _content_type_arg(content_type: str | None) -> _ContentTypeArg:
    return {"ContentType": content_type} if content_type else {}


class _IfMatchArg(TypedDict, total=False):
    IfMatch: str


def _if_match(etag: str | None) -> _IfMatchArg:
    return {"IfMatch": etag} if etag else {}


def _raw_body(response: Any) -> BaseHTTPResponse:
    """The urllib3 response beneath botocore's StreamingBody (its ``_raw_stream``), for ``s3_download``'s
    buffer-reusing read loop; botocore reads nothing of the body before handing it over."""
    raw: BaseHTTPResponse = response["Body"]._raw_stream
    return raw


_BOTO3_NAMES = {
    "Content-Type": "ContentType",
    "Content-Encoding": "ContentEncoding",
    "Content-Disposition": "ContentDisposition",
    "Content-Language": "ContentLanguage",
    "Cache-Control": "CacheControl",
    "Expires": "Expires",
    "x-amz-storage-class": "StorageClass",
    "x-amz-server-side-encryption": "ServerSideEncryption",
    "x-amz-server-side-encryption-aws-kms-key-id": "SSEKMSKeyId",
}


def _write_arguments(details: ObjectDetails, headers: ContentHeaders, metadata: Mapping[str, str]) -> Any:
    """boto3's arguments for the headers ``write_headers`` makes: the same rule for both SDKs."""
    written = write_headers(details, headers, {})
    arguments: dict[str, Any] = {_BOTO3_NAMES[name]: value for name, value in written.items()}
    arguments["Metadata"] = dict(metadata)
    return arguments


class _HeadersArgs(TypedDict, total=False):
    ContentType: str
    Metadata: dict[str, str]
    Tagging: str


def _headers_args(content_type: str | None, metadata: Mapping[str, str], tags: Mapping[str, str]) -> _HeadersArgs:
    """An object's headers as put_object and create_multipart_upload take them; absent ones left out."""
    args: _HeadersArgs = {"Metadata": dict(metadata)}
    if content_type:
        args["ContentType"] = content_type
    if tags:
        args["Tagging"] = tagging_header(tags)
    return args
