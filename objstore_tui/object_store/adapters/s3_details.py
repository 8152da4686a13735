"""An S3 HEAD answer's headers as ``ObjectDetails``, and the headers of a write that keeps an object's
properties: written once for both SDKs, which both hand over the raw response headers."""

from __future__ import annotations

from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from types import MappingProxyType

from ..details import ContentHeaders, ObjectDetails
from .s3_common import unquote_etag

USER_META = "x-amz-meta-"
CHECKSUM = "x-amz-checksum-"
CHECKSUM_ALGORITHMS = frozenset({"CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"})
"""The algorithms S3 names in ``x-amz-checksum-<algorithm>``. Other headers share the prefix: ``-type``, ``-mode``,
and ``-algorithm`` (moto sends the name of the object's algorithm), which is no checksum to compare or show."""
_DEFAULT_CLASS = "STANDARD"


def details_from_headers(bucket: str, key: str, raw: Mapping[str, str]) -> ObjectDetails:
    """Every property a HEAD (or GET) answer carries; headers the server did not send stay None."""
    headers = {name.lower(): value for name, value in raw.items()}
    modified = headers.get("last-modified")
    return ObjectDetails(
        key=key,
        bucket=bucket,
        size=int(headers.get("content-length", 0)),
        updated_time=parsedate_to_datetime(modified) if modified else None,
        etag=unquote_etag(headers.get("etag")),
        headers=ContentHeaders(
            content_type=headers.get("content-type"),
            content_encoding=headers.get("content-encoding"),
            content_disposition=headers.get("content-disposition"),
            content_language=headers.get("content-language"),
            cache_control=headers.get("cache-control"),
            expires=headers.get("expires"),
        ),
        storage_class=headers.get("x-amz-storage-class"),
        restore=headers.get("x-amz-restore"),
        encryption=headers.get("x-amz-server-side-encryption"),
        kms_key_id=headers.get("x-amz-server-side-encryption-aws-kms-key-id"),
        checksums=checksums_in(headers),
        version_id=headers.get("x-amz-version-id"),
        replication_status=headers.get("x-amz-replication-status"),
        lock_mode=headers.get("x-amz-object-lock-mode"),
        lock_retain_until=headers.get("x-amz-object-lock-retain-until-date"),
        legal_hold=headers.get("x-amz-object-lock-legal-hold"),
        metadata=MappingProxyType(
            {name.removeprefix(USER_META): value for name, value in headers.items() if name.startswith(USER_META)}
        ),
    )


def checksums_in(headers: Mapping[str, str]) -> MappingProxyType[str, str]:
    """The checksums among an answer's headers, by algorithm ('CRC32': its value)."""
    named = ((name.lower(), value) for name, value in headers.items())
    return MappingProxyType(
        {
            name.removeprefix(CHECKSUM).upper(): value
            for name, value in named
            if name.startswith(CHECKSUM) and name.removeprefix(CHECKSUM).upper() in CHECKSUM_ALGORITHMS
        }
    )


def kept_properties(details: ObjectDetails) -> dict[str, str]:
    """Headers that make a rewrite keep what S3 would otherwise reset: the storage class and the server-side
    encryption (with its KMS key). Tags are kept by the copy itself (its tagging directive defaults to COPY)."""
    headers: dict[str, str] = {}
    if details.storage_class and details.storage_class != _DEFAULT_CLASS:
        headers["x-amz-storage-class"] = details.storage_class
    if details.encryption:
        headers["x-amz-server-side-encryption"] = details.encryption
        if details.kms_key_id:
            headers["x-amz-server-side-encryption-aws-kms-key-id"] = details.kms_key_id
    return headers


def write_headers(details: ObjectDetails, headers: ContentHeaders, metadata: Mapping[str, str]) -> dict[str, str]:
    """The request headers of a write that sets ``headers`` and ``metadata`` and keeps the rest of ``details``."""
    written = {**headers.as_http(), **kept_properties(details)}
    written.update({f"{USER_META}{name}": value for name, value in metadata.items()})
    return written
