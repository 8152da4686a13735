"""ListObjectsV2 for the minio adapter, read by the project: minio's ``Object.fromxml`` was half a listing's CPU.

minio finds each field of each object with a namespaced ElementPath search and parses times with strptime;
here one pass over the page's elements collects the fields and builds the project's models directly. Keys come
URL-encoded (``encoding-type=url``) when the server supports it, so keys with characters XML cannot carry
survive, as they do with minio's own listing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from urllib.parse import unquote_plus

from minio import Minio

from ..models import DirEntry, Folder, ObjectMetadata
from . import minio_internals as internals
from .s3_common import unquote_etag


def list_pages(minio: Minio, bucket: str, prefix: str, delimiter: str) -> Iterator[list[DirEntry]]:
    """Each page of a ListObjectsV2 listing, objects then common prefixes, asked for only as the last is used."""
    query = {"list-type": "2", "delimiter": delimiter, "encoding-type": "url", "max-keys": "1000", "prefix": prefix}
    while True:
        page = Page(internals.list_objects_v2(minio, bucket, query), bucket)
        yield page.entries
        if not page.truncated:
            return
        if page.continuation_token:
            query["continuation-token"] = page.continuation_token
        elif page.entries:  # a server that pages without a token: go on after the last entry, as V1 markers do
            last = page.entries[-1]
            query["start-after"] = last.prefix if isinstance(last, Folder) else last.key
        else:
            raise ValueError("a truncated listing page without a continuation token or entries")


class Page:
    """One ListBucketResult, read in one pass over its elements."""

    def __init__(self, data: bytes, bucket: str) -> None:
        self.truncated = False
        self.continuation_token: str | None = None
        url_encoded = False
        objects: list[dict[str, str | None]] = []
        prefixes: list[str] = []
        for element in ET.fromstring(data):
            name = _local(element.tag)
            if name == "Contents":
                objects.append({_local(field.tag): field.text for field in element})
            elif name == "CommonPrefixes":
                prefixes += [field.text or "" for field in element if _local(field.tag) == "Prefix"]
            elif name == "IsTruncated":
                self.truncated = (element.text or "").strip().lower() == "true"
            elif name == "NextContinuationToken":
                self.continuation_token = element.text
            elif name == "EncodingType":
                url_encoded = element.text == "url"
        decode: Callable[[str], str] = unquote_plus if url_encoded else _same
        self.entries: list[DirEntry] = [_object(bucket, fields, decode) for fields in objects]
        self.entries += [Folder(decode(prefix), bucket) for prefix in prefixes]


def _object(bucket: str, fields: dict[str, str | None], decode: Callable[[str], str]) -> ObjectMetadata:
    modified = fields.get("LastModified")
    return ObjectMetadata(
        key=decode(fields.get("Key") or ""),
        updated_time=_timestamp(modified) if modified else None,
        size=int(fields.get("Size") or 0),
        bucket=bucket,
        etag=unquote_etag(fields.get("ETag")),
        storage_class=fields.get("StorageClass"),
    )


def _timestamp(text: str) -> datetime:
    parsed = datetime.fromisoformat(text)
    return parsed.astimezone(UTC) if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _local(tag: str) -> str:
    """An element's name without its namespace ('{http://s3.amazonaws.com/doc/2006-03-01/}Key' is 'Key')."""
    return tag[tag.rfind("}") + 1 :]


def _same(text: str) -> str:
    return text
