"""One object's details, tags, metadata edits and conditional writes: the logic behind the facade's thin
methods (``ObjectStore.object_details``, ``update_metadata``, ``write_if_unchanged``...).

A metadata edit is a copy of the object onto itself with the metadata replaced, which S3 offers as the only
way to change headers; it keeps the storage class, the encryption and the tags, and is made only if the object
still has the ETag it was read with (checked against a fresh HEAD, and by the server where it honours
``x-amz-copy-source-if-match``). A conditional write does the same for new content, with ``If-Match``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from .client import ObjectStoreClient
from .details import ConditionalWrite, ContentHeaders, MetadataUpdate, ObjectDetails
from .errors import AccessDeniedError, NotSupportedError, ObjectChangedError, ObjectStoreValueError
from .text import visible

MAX_METADATA_BYTES = 2048
"""S3's limit on the user metadata of one object, names and values together."""
MAX_TAGS = 10
MAX_TAG_KEY = 128
MAX_TAG_VALUE = 256
_TOKEN = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")
"""The characters of an HTTP header name: what a user metadata name may hold."""
MAX_COPY_BYTES = 5 * 1024**3
"""S3's limit for one CopyObject; a bigger object would need a multipart copy to change its metadata."""
_PRINTABLE_ASCII = re.compile(r"^[\x20-\x7e]*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def validate_metadata(metadata: Mapping[str, str]) -> dict[str, str]:
    """User metadata S3 stores as sent: header-token names (lowercased, as S3 keeps them), printable ASCII
    values, at most 2 KiB in all. Anything else is refused before a request, never mangled."""
    checked: dict[str, str] = {}
    for name, value in metadata.items():
        if not isinstance(name, str) or not _TOKEN.match(name):
            raise ObjectStoreValueError(
                f"metadata name {visible(repr(name))}: use letters, digits and - _ . only (no spaces)"
            )
        if not isinstance(value, str) or not _PRINTABLE_ASCII.match(value):
            raise ObjectStoreValueError(
                f"metadata value of {name!r} {visible(repr(value))}: S3 keeps only printable ASCII in metadata"
            )
        checked[name.lower()] = value
    size = sum(len(name) + len(value) for name, value in checked.items())
    if size > MAX_METADATA_BYTES:
        raise ObjectStoreValueError(f"user metadata is {size:,} bytes; S3 allows {MAX_METADATA_BYTES:,}")
    return checked


def validate_headers(headers: ContentHeaders) -> ContentHeaders:
    for name, value in headers.as_http().items():
        if _CONTROL.search(value) or not value.isascii():
            raise ObjectStoreValueError(f"header {name} {visible(repr(value))}: only printable ASCII is allowed")
    return headers


def validate_tags(tags: Mapping[str, str]) -> dict[str, str]:
    """S3's tag limits: 10 tags, keys of 1 to 128 characters, values up to 256, no control characters."""
    if len(tags) > MAX_TAGS:
        raise ObjectStoreValueError(f"{len(tags)} tags: S3 allows at most {MAX_TAGS} on an object")
    for name, value in tags.items():
        if not 1 <= len(name) <= MAX_TAG_KEY or _CONTROL.search(name):
            raise ObjectStoreValueError(f"tag key {visible(repr(name))}: 1 to {MAX_TAG_KEY} printable characters")
        if len(value) > MAX_TAG_VALUE or _CONTROL.search(value):
            raise ObjectStoreValueError(
                f"tag value of {visible(repr(name))}: at most {MAX_TAG_VALUE} printable characters"
            )
    return dict(tags)


def object_details(
    client: ObjectStoreClient, bucket: str, key: str, version: str | None, *, with_tags: bool = True
) -> ObjectDetails:
    """The HEAD's details, the tags where the backend has them (and lets us read them), and whether a version
    is the latest (one more HEAD when a version was asked for)."""
    details = client.object_details(bucket, key, version)
    tags: Mapping[str, str] | None = None
    if with_tags:
        try:
            tags = MappingProxyType(client.get_object_tags(bucket, key, version))
        except (NotSupportedError, AccessDeniedError):
            tags = None
    is_latest = None
    if details.version_id and details.version_id != "null":
        is_latest = version is None or client.object_details(bucket, key).version_id == details.version_id
    return replace(details, tags=tags, is_latest=is_latest)


def _unchanged(details: ObjectDetails, expected_etag: str | None) -> None:
    """Refuse to write over an object whose ETag is no longer the one read."""
    if expected_etag is not None and details.etag != expected_etag:
        raise ObjectChangedError(
            f"the object changed since it was read (ETag {expected_etag}, now {details.etag})",
            bucket=details.bucket,
            key=details.key,
            code="PreconditionFailed",
        )


def update_metadata(
    client: ObjectStoreClient,
    bucket: str,
    key: str,
    *,
    metadata: Mapping[str, str] | None,
    headers: ContentHeaders | None,
    tags: Mapping[str, str] | None,
    expected_etag: str | None,
    read: ObjectDetails | None = None,
) -> MetadataUpdate:
    """Set the object's user metadata and content headers (each None: keep) and its tags (None: keep).

    The headers and metadata are rewritten (a copy onto itself: a new version on a versioned bucket) only when
    they differ; tags are written in place, without a copy. ``read`` is the object as the caller just read it
    (saving a HEAD): the copy is still made only if the object has its ETag.
    """
    new_metadata = validate_metadata(metadata) if metadata is not None else None
    new_headers = validate_headers(headers) if headers is not None else None
    new_tags = validate_tags(tags) if tags is not None else None
    details = read if read is not None else client.object_details(bucket, key)
    _unchanged(details, expected_etag)
    metadata_now = dict(details.metadata)
    wanted_metadata = metadata_now if new_metadata is None else new_metadata
    wanted_headers = details.headers if new_headers is None else new_headers
    etag, version_id, changed = details.etag, details.version_id, False
    if wanted_metadata != metadata_now or wanted_headers != details.headers:
        if details.size > MAX_COPY_BYTES:
            raise NotSupportedError(
                "objects over 5 GiB keep their metadata: S3 changes it only by a copy, and one copy stops at 5 GiB",
                bucket=bucket,
                key=key,
            )
        etag, version_id = client.replace_metadata(details, wanted_headers, wanted_metadata)
        if version_id is None and details.version_id is not None:  # Ceph's copy answer names no version: ask
            version_id = client.object_details(bucket, key).version_id
        changed = True
    if new_tags is not None:
        tags_now = details.tags if details.tags is not None else client.get_object_tags(bucket, key)
        if new_tags != dict(tags_now):
            client.set_object_tags(bucket, key, new_tags)
            changed = True
    return MetadataUpdate(bucket, key, etag, version_id, client.conditional_writes, changed)


def write_if_unchanged(
    client: ObjectStoreClient, bucket: str, key: str, data: bytes, expected_etag: str
) -> ConditionalWrite:
    """Replace the object's content only if its ETag is still ``expected_etag``, keeping its content headers,
    user metadata, storage class and encryption. ObjectChangedError otherwise, and nothing is written."""
    details = client.object_details(bucket, key)
    _unchanged(details, expected_etag)
    written = client.put_if_match(details, data, details.headers, details.metadata)
    return ConditionalWrite(bucket, key, written.etag, written.version_id, written.size, client.conditional_writes)
