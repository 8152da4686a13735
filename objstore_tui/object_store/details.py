"""Everything a server says about one object (``ObjectDetails``), the content headers a user may edit
(``ContentHeaders``), and what a metadata edit or a conditional write returns.

``ObjectMetadata`` stays the light model of listings and stats; ``ObjectStore.object_details`` returns this
richer one, with the fields the server did not send left as None (a screen then leaves them out).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from .errors import ObjectStoreValueError

_NOTHING: Mapping[str, str] = MappingProxyType({})

HEADER_NAMES: dict[str, str] = {
    "content_type": "Content-Type",
    "content_encoding": "Content-Encoding",
    "content_disposition": "Content-Disposition",
    "content_language": "Content-Language",
    "cache_control": "Cache-Control",
    "expires": "Expires",
}
"""The editable content headers, by field name, as HTTP spells them."""


@dataclass(frozen=True, slots=True)
class ContentHeaders:
    """The HTTP headers S3 stores with an object and sends back on every GET; None means not set."""

    content_type: str | None = None
    content_encoding: str | None = None
    content_disposition: str | None = None
    content_language: str | None = None
    cache_control: str | None = None
    expires: str | None = None
    """As the server sent it (an HTTP date); kept as text so an odd value round-trips unchanged."""

    def as_http(self) -> dict[str, str]:
        """The headers that are set, under their HTTP names."""
        return {HEADER_NAMES[f.name]: value for f in fields(self) if (value := getattr(self, f.name)) is not None}

    def with_values(self, values: Mapping[str, str | None]) -> ContentHeaders:
        """A copy with some fields (by field name) set; an empty string clears one."""
        unknown = set(values) - set(HEADER_NAMES)
        if unknown:
            raise ObjectStoreValueError(f"not a content header: {', '.join(sorted(unknown))}")
        return replace(self, **{name: (value or None) for name, value in values.items()})


class WriteGuarantee(StrEnum):
    """How sure a write is that it replaced the object it read, and not a newer one."""

    IF_MATCH = "if-match"
    """The server was asked to refuse the write if the object's ETag changed (If-Match, or
    x-amz-copy-source-if-match on a copy): the check and the write are one step on the server."""
    HEAD_CHECK = "head-check"
    """Only a comparison with a fresh HEAD just before the write: a change in between goes unnoticed."""

    def describe(self) -> str:
        if self is WriteGuarantee.IF_MATCH:
            return "checked by the server (If-Match)"
        return "checked by a HEAD just before the write (weaker: a change in that moment goes unnoticed)"


@dataclass(frozen=True, slots=True)
class ObjectDetails:
    """One object (or one version) with every property its HEAD (and its tagging) told."""

    key: str
    bucket: str
    size: int
    updated_time: datetime | None = None
    etag: str | None = None
    headers: ContentHeaders = field(default_factory=ContentHeaders)
    storage_class: str | None = None
    restore: str | None = None
    """The x-amz-restore status of an archived object ('ongoing-request="false", expiry-date=...')."""
    encryption: str | None = None
    """Server-side encryption: 'AES256', 'aws:kms', 'aws:kms:dsse'."""
    kms_key_id: str | None = None
    checksums: Mapping[str, str] = field(default=_NOTHING, compare=False)
    version_id: str | None = None
    is_latest: bool | None = None
    """None when the store has no versions (or the object none)."""
    replication_status: str | None = None
    lock_mode: str | None = None
    lock_retain_until: str | None = None
    legal_hold: str | None = None
    metadata: Mapping[str, str] = field(default=_NOTHING, compare=False)
    tags: Mapping[str, str] | None = field(default=None, compare=False)
    """None when the backend has no tags (or they could not be read)."""

    @property
    def content_type(self) -> str | None:
        return self.headers.content_type


@dataclass(frozen=True, slots=True)
class MetadataUpdate:
    """What ``update_metadata`` wrote: the object's new ETag and version, and how sure it is it did not
    overwrite a change made since it was read."""

    bucket: str
    key: str
    etag: str | None
    version_id: str | None
    guarantee: WriteGuarantee
    changed: bool = True
    """False when nothing differed, so nothing was written."""


@dataclass(frozen=True, slots=True)
class ConditionalWrite:
    """What ``write_if_unchanged`` wrote, and how the 'unchanged' was checked."""

    bucket: str
    key: str
    etag: str | None
    version_id: str | None
    size: int
    guarantee: WriteGuarantee
