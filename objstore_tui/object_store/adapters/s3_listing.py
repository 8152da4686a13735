"""ListObjectsV2 pages read by the project, for both S3 adapters: the SDKs' own readers were half a listing's CPU.

minio finds each field of each object with a namespaced ElementPath search and parses times with strptime;
botocore walks its output model for every element (its ``_handle_structure`` alone was a quarter of a boto3
listing). Here one pass over the page's elements collects the fields and builds the project's models directly.
Keys come URL-encoded (``encoding-type=url``) when the server supports it, so keys with characters XML cannot
carry survive, as they do with the SDKs' own listings.

``S3Listing`` gives both adapters the same three listings; each adapter only sends the request (``_list_page``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, cast
from urllib.parse import unquote_plus

from ..models import DirEntry, Folder, ObjectMetadata
from .s3_common import entry_name, is_folder_marker, unquote_etag

if TYPE_CHECKING:
    from .s3_obstore import ObstoreTransfers

MAX_KEYS = 1000
"""Keys per page: the most S3 sends, so a listing takes as few requests as it can."""

type PageFetcher = Callable[[dict[str, str]], ListingPage]
"""One ListObjectsV2 request with these query parameters besides the adapter's own (``continuation-token`` or
``start-after``; none for the first page), read into a page."""


class S3Listing(ABC):
    """The listings of an S3 adapter, on ListObjectsV2 pages read here."""

    _engine: ObstoreTransfers
    """Told each page's objects: their sizes choose how each is downloaded next."""

    @abstractmethod
    def _errors(self, operation: str, bucket: str | None, key: str | None = None) -> AbstractContextManager[None]:
        """Raise the project's error, naming bucket and key, for anything the SDK or its transport raises."""

    @abstractmethod
    def _list_page(self, bucket: str, prefix: str, delimiter: str, after: dict[str, str]) -> ListingPage:
        """One ListObjectsV2 request asking for URL-encoded keys, ``after`` its ``continuation-token`` or
        ``start-after`` parameter, with its answer read."""

    def _pages(self, bucket: str, prefix: str, delimiter: str) -> Iterator[list[DirEntry]]:
        for page in list_pages(partial(self._list_page, bucket, prefix, delimiter), bucket):
            self._engine.saw_listed(page)
            yield page

    def list_objects(self, bucket: str, prefix: str) -> Iterator[ObjectMetadata]:
        with self._errors("list_objects", bucket, prefix or None):
            for page in self._pages(bucket, prefix, delimiter=""):
                yield from cast(list[ObjectMetadata], page)  # without a delimiter a page holds only objects

    def list_dir(self, bucket: str, prefix: str) -> Iterator[DirEntry]:
        with self._errors("list_dir", bucket, prefix or None):
            for page in self._pages(bucket, prefix, delimiter="/"):
                entries = [e for e in page if isinstance(e, Folder) or not is_folder_marker(e.key, prefix)]
                yield from sorted(entries, key=entry_name)

    def list_level(self, bucket: str, prefix: str) -> Iterator[DirEntry]:
        """The folder's own marker ('a/' listed under 'a/') comes in the page's objects: it is listed as one."""
        with self._errors("list_objects", bucket, prefix or None):
            for page in self._pages(bucket, prefix, delimiter="/"):
                yield from page


def list_pages(fetch: PageFetcher, bucket: str) -> Iterator[list[DirEntry]]:
    """Each page of a listing, objects then common prefixes, asked for only as the last is used."""
    after: dict[str, str] = {}
    while True:
        page = fetch(after)
        entries = page.entries(bucket)
        yield entries
        if not page.truncated:
            return
        if page.continuation_token:
            after = {"continuation-token": page.continuation_token}
        elif entries:  # a server that pages without a token: go on after the last entry, as V1 markers do
            last = entries[-1]
            after = {"start-after": last.prefix if isinstance(last, Folder) else last.key}
        else:
            raise ValueError("a truncated listing page without a continuation token or entries")


class ListingPage:
    """One ListBucketResult, read in one pass over its elements."""

    def __init__(self, data: bytes) -> None:
        self.truncated = False
        self.continuation_token: str | None = None
        self._url_encoded = False
        self._objects: list[dict[str, str | None]] = []
        self._prefixes: list[str] = []
        for element in ET.fromstring(data):
            name = _local(element.tag)
            if name == "Contents":
                self._objects.append({_local(field.tag): field.text for field in element})
            elif name == "CommonPrefixes":
                self._prefixes += [field.text or "" for field in element if _local(field.tag) == "Prefix"]
            elif name == "IsTruncated":
                self.truncated = (element.text or "").strip().lower() == "true"
            elif name == "NextContinuationToken":
                self.continuation_token = element.text
            elif name == "EncodingType":
                self._url_encoded = element.text == "url"

    def entries(self, bucket: str) -> list[DirEntry]:
        """The page's objects, then its common prefixes, as the project's models of ``bucket``."""
        decode: Callable[[str], str] = unquote_plus if self._url_encoded else _same
        entries: list[DirEntry] = [_object(bucket, fields, decode) for fields in self._objects]
        return entries + [Folder(decode(prefix), bucket) for prefix in self._prefixes]


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
