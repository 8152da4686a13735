"""What planners share: the objects behind selected rows, which destination keys hold an object already, and
the 'keep both' claims over a bucket's keys.

Planning lists buckets, so everything here runs in a worker thread and checks the job's cancel event as it
goes (``check_cancel``): a cancel while planning means nothing was changed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator

from objstore_tui.object_store import DirEntry, Folder, ObjectMetadata, ObjectStore, ObjectStoreError

from .conflicts import NameClaims
from .runner import check_cancel


def expand_selection(
    store: ObjectStore, bucket: str, entries: Iterable[DirEntry], cancel: threading.Event | None = None
) -> Iterator[ObjectMetadata]:
    """The objects behind the selected rows: an object itself, a folder everything under its prefix.

    Folder markers (the zero-byte 'name/' objects some tools write) are included, so a copied, moved or
    deleted folder leaves no empty shell behind or forgets none it had.
    """
    seen: set[str] = set()
    for entry in entries:
        listed = store.list_objects(entry.prefix, bucket) if isinstance(entry, Folder) else (entry,)
        for item in listed:
            check_cancel(cancel, bucket)
            if item.key not in seen:
                seen.add(item.key)
                yield item


def existing_keys(
    store: ObjectStore, bucket: str, keys: Iterable[str], cancel: threading.Event | None = None
) -> frozenset[str]:
    """Which of ``keys`` hold an object: one listing under their common prefix rather than a HEAD per key."""
    wanted = set(keys)
    if not wanted:
        return frozenset()
    common = os.path.commonprefix(sorted(wanted))  # noqa: RUF071 (a key prefix, character by character)
    found = set()
    for item in store.list_objects(common, bucket):
        check_cancel(cancel, bucket)
        if item.key in wanted:
            found.add(item.key)
    return frozenset(found)


def key_claims(store: ObjectStore, bucket: str, planned: Iterable[str], existing: Iterable[str]) -> NameClaims:
    """'Keep both' claims over a bucket's keys: a planned key exists when planning found it; any other name
    (a 'name (1)' candidate) is asked of the server."""
    planned, found = set(planned), frozenset(existing)

    def exists(key: str) -> bool:
        return key in found or (key not in planned and store.object_exists(key, bucket))

    return NameClaims(planned | found, exists)


def is_versioned(store: ObjectStore, bucket: str) -> bool:
    """Whether the bucket keeps versions; False where the backend has none or may not say."""
    if not store.supports_versioning:
        return False
    try:
        return store.get_bucket_versioning(bucket)
    except ObjectStoreError:
        return False
