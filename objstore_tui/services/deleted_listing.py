"""The rows a folder gains when deleted objects are shown: its deleted objects, and the folders that hold only
deleted objects (a listing of current objects does not show them, as nothing current is under them)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from objstore_tui.object_store import DirEntry, Folder, ObjectStore


def deleted_entries(store: ObjectStore, bucket: str, prefix: str, listed: Iterable[DirEntry]) -> Iterator[DirEntry]:
    """One level under ``prefix``: each deleted object (its delete marker, ``is_delete_marker`` set) and each
    folder with deleted objects that ``listed`` (the level's current rows) does not have already."""
    folders = {entry.prefix for entry in listed if isinstance(entry, Folder)}
    for marker in store.list_deleted(prefix, bucket):
        rest = marker.key[len(prefix) :]
        if "/" not in rest:
            yield marker
            continue
        folder = prefix + rest.split("/", 1)[0] + "/"
        if folder not in folders:
            folders.add(folder)
            yield Folder(folder, bucket)
