"""Answers of the minio SDK as the project's models, and listings back in the server's order."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from email.utils import parsedate_to_datetime
from types import MappingProxyType
from typing import Any

from minio.datatypes import Object as MinioObject

from ..models import ObjectMetadata
from .s3_common import unquote_etag

PAGE_SIZE = 1000
"""minio lists with max-keys=1000, so no listing page holds more entries than this."""
USER_META = "x-amz-meta-"


def server_order[T](entries: Iterable[tuple[T, bool]], order: Callable[[T], Any]) -> Iterator[T]:
    """Undo minio's split of each listing page into two sorted runs, streaming with at most a page held.

    minio yields a page's objects before its common prefixes, and its versions before its delete markers
    (each entry comes with True when it is of the second run). A first-run entry waits until a second-run
    entry shows where it goes (ties keep the first run first, as the boto3 adapter's stable sort does), or a
    first-run entry after a second-run one shows a new page has begun. A page holds at most PAGE_SIZE entries,
    so once that many wait, their page has no second run and the oldest go out before the next page is asked for.
    """
    waiting: deque[T] = deque()
    in_second_run = False
    for entry, second_run in entries:
        if second_run:
            while waiting and order(waiting[0]) <= order(entry):
                yield waiting.popleft()
            yield entry
            in_second_run = True
            continue
        if in_second_run:
            yield from waiting
            waiting.clear()
            in_second_run = False
        waiting.append(entry)
        if len(waiting) >= PAGE_SIZE:
            yield waiting.popleft()
    yield from waiting


def listed(bucket: str, item: MinioObject) -> ObjectMetadata:
    return ObjectMetadata(
        key=item.object_name or "",
        updated_time=item.last_modified,
        size=item.size or 0,
        bucket=bucket,
        etag=unquote_etag(item.etag),
        version_id=item.version_id,
        is_latest=(item.is_latest or "true").lower() == "true",  # minio keeps the XML's "true"/"false"
        is_delete_marker=item.is_delete_marker,
        storage_class=item.storage_class,
    )


def from_headers(bucket: str, key: str, headers: Mapping[str, str]) -> ObjectMetadata:
    """Metadata from a HEAD or GET response, user metadata under lowercase names without x-amz-meta-."""
    modified = headers.get("last-modified")
    return ObjectMetadata(
        key=key,
        updated_time=parsedate_to_datetime(modified) if modified else None,
        size=int(headers.get("content-length", 0)),
        bucket=bucket,
        etag=unquote_etag(headers.get("etag")),
        content_type=headers.get("content-type"),
        version_id=headers.get("x-amz-version-id"),
        storage_class=headers.get("x-amz-storage-class"),
        metadata=MappingProxyType(
            {
                name.lower().removeprefix(USER_META): value
                for name, value in headers.items()
                if name.lower().startswith(USER_META)
            }
        ),
    )
