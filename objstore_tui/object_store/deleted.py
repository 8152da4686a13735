"""Deleted objects on a versioned bucket: find them (their latest version is a delete marker) and bring them back.

A delete on a versioned bucket only stacks a delete marker on the key; the versions stay. ``list_deleted`` finds
the keys whose latest version is such a marker, from one version listing. ``undelete`` removes the markers on
top of the newest real version, which becomes the latest again: no copy is made, nothing else changes (to make
an older version the latest, restore it from the versions view: that copies it over the key).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from .client import ObjectStoreClient
from .errors import ConflictError, ObjectNotFoundError
from .models import ObjectMetadata


@dataclass(frozen=True, slots=True)
class UndeleteResult:
    """What came back: ``restored_version`` is the latest version again, ``removed_markers`` the markers removed."""

    bucket: str
    key: str
    restored_version: str | None
    removed_markers: tuple[str, ...]


def list_deleted(
    client: ObjectStoreClient, bucket: str, prefix: str, since: datetime | None = None
) -> Iterator[ObjectMetadata]:
    """The delete markers that are the latest version of their key under ``prefix`` (recursively), in key order;
    with ``since``, only those made at or after it."""
    for version in client.list_object_versions(bucket, prefix):
        if not (version.is_latest and version.is_delete_marker):
            continue
        if since is None or (version.updated_time is not None and version.updated_time >= since):
            yield version


def undelete(client: ObjectStoreClient, bucket: str, key: str) -> UndeleteResult:
    """Remove the delete markers above ``key``'s newest version, so that version is the latest again.

    The server's ``is_latest`` says which marker is on top (timestamps tie within a second), so markers go one at
    a time, the key's versions listed again after each. ConflictError when the key is not deleted (its latest
    version is an object: someone wrote it meanwhile); ObjectNotFoundError when it has no version to bring back.
    """
    removed: list[str] = []
    while True:
        versions = [version for version in client.list_object_versions(bucket, key) if version.key == key]
        latest = next((version for version in versions if version.is_latest), None)
        if latest is None or all(version.is_delete_marker for version in versions):
            raise ObjectNotFoundError("no version to bring back", bucket=bucket, key=key)
        if not latest.is_delete_marker:
            if not removed:
                raise ConflictError("not deleted: its latest version is an object", bucket=bucket, key=key)
            return UndeleteResult(bucket, key, latest.version_id, tuple(removed))
        client.delete_object(bucket, key, latest.version_id or "null")
        removed.append(latest.version_id or "null")
