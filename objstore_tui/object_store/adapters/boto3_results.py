"""Answers of boto3 as the project's models."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from ..models import ObjectMetadata


def unquoted_etag(value: str | None) -> str | None:
    return value.strip('"') if value else None


def utc(value: datetime | None) -> datetime | None:
    """botocore's dates are aware (dateutil's tzutc); normalise to datetime.UTC like the other adapters."""
    return value.astimezone(UTC) if value is not None else None


def listed(bucket: str, item: Mapping[str, Any]) -> ObjectMetadata:
    return ObjectMetadata(
        key=item["Key"],
        updated_time=utc(item.get("LastModified")),
        size=item.get("Size", 0),
        bucket=bucket,
        etag=unquoted_etag(item.get("ETag")),
        storage_class=item.get("StorageClass"),
    )


def version_of(bucket: str, item: Mapping[str, Any], delete_marker: bool) -> ObjectMetadata:
    return replace(
        listed(bucket, item),
        version_id=item.get("VersionId"),
        is_latest=item.get("IsLatest", False),
        is_delete_marker=delete_marker,
    )


def newest_first(version: ObjectMetadata) -> tuple[str, bool, float]:
    updated = version.updated_time.timestamp() if version.updated_time else 0.0
    return version.key, not version.is_latest, -updated


def from_head(bucket: str, key: str, head: Mapping[str, Any]) -> ObjectMetadata:
    return ObjectMetadata(
        key=key,
        updated_time=utc(head.get("LastModified")),
        size=head.get("ContentLength", 0),
        bucket=bucket,
        etag=unquoted_etag(head.get("ETag")),
        content_type=head.get("ContentType"),
        version_id=head.get("VersionId"),
        storage_class=head.get("StorageClass"),
        metadata=MappingProxyType(head.get("Metadata", {})),
    )
