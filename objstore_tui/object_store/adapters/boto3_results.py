"""Answers of boto3 as the project's models, and the SDK error inside its wrappers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from boto3.exceptions import RetriesExceededError, S3UploadFailedError
from botocore.exceptions import ClientError, HTTPClientError

from ..errors import ObjectStoreError
from ..models import ObjectMetadata
from .s3_common import unquote_etag


def utc(value: datetime | None) -> datetime | None:
    """botocore's dates are aware (dateutil's tzutc); normalise to datetime.UTC like the other adapters."""
    return value.astimezone(UTC) if value is not None else None


def listed(bucket: str, item: Mapping[str, Any]) -> ObjectMetadata:
    return ObjectMetadata(
        key=item["Key"],
        updated_time=utc(item.get("LastModified")),
        size=item.get("Size", 0),
        bucket=bucket,
        etag=unquote_etag(item.get("ETag")),
        storage_class=item.get("StorageClass"),
    )


def version_of(bucket: str, item: Mapping[str, Any], delete_marker: bool) -> ObjectMetadata:
    return replace(
        listed(bucket, item),
        version_id=item.get("VersionId"),
        is_latest=item.get("IsLatest", False),
        is_delete_marker=delete_marker,
    )


def from_head(bucket: str, key: str, head: Mapping[str, Any]) -> ObjectMetadata:
    return ObjectMetadata(
        key=key,
        updated_time=utc(head.get("LastModified")),
        size=head.get("ContentLength", 0),
        bucket=bucket,
        etag=unquote_etag(head.get("ETag")),
        content_type=head.get("ContentType"),
        version_id=head.get("VersionId"),
        storage_class=head.get("StorageClass"),
        metadata=MappingProxyType(head.get("Metadata", {})),
    )


def unwrapped(exc: Exception) -> Exception:
    """The SDK error inside s3transfer's wrappers: boto3 raises S3UploadFailedError within
    ``except ClientError`` (so it is the context), and RetriesExceededError keeps the last failure."""
    if isinstance(exc, S3UploadFailedError) and isinstance(exc.__context__, ClientError):
        context: Exception = exc.__context__
        return context
    if isinstance(exc, RetriesExceededError):
        last: object = getattr(exc, "last_exception", None)  # set by s3transfer, unknown to the stubs
        return last if isinstance(last, Exception) else exc
    if isinstance(exc, HTTPClientError):
        sent: object = exc.kwargs.get("error")
        return sent if isinstance(sent, ObjectStoreError) else exc  # our cancel, raised while sending the body
    return exc


def error_code(exc: ClientError) -> str:
    code: str = exc.response.get("Error", {}).get("Code", "")
    return code
