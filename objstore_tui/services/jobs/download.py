"""Downloads: plan the objects behind a selection into a local folder (refusing keys that would write outside
it or onto another key's file), and run the plan on ``run_job``.

Every file goes through ``ObjectStore.download_file``, which writes a temp file and renames it into place, so a
failed or cancelled download leaves the disk as it was. A version's download is a one-item plan.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Unpack

from objstore_tui.object_store import (
    DirEntry,
    Folder,
    LocalPathError,
    ObjectMetadata,
    ObjectStore,
    ObjectStoreError,
    ObjectStoreValueError,
)
from objstore_tui.object_store.validation import DestinationFolder, safe_destination, validate_bucket_name

from .conflicts import Conflict, NameClaims
from .model import ItemIssue
from .runner import ItemContext, SkipItem, check_cancel
from .transfer_plan import (
    Direction,
    IncompleteListingError,
    TransferItem,
    TransferOptions,
    TransferPlan,
    TransferReport,
    run_files,
)


def plan_download(
    store: ObjectStore,
    bucket: str,
    selection: Iterable[str | DirEntry],
    destination: str | os.PathLike[str],
    base_prefix: str = "",
    cancel: threading.Event | None = None,
) -> TransferPlan:
    """Objects to download into ``destination``, each at its key relative to ``base_prefix``.

    ``selection`` holds the table's entries (or plain keys: a folder as a prefix ending in '/', the whole
    bucket as ''); folders expand to everything under them. Keys that would write outside ``destination``
    ('..', a leading '/') or onto another key's file ('a//b' and 'a/b') are refused with the reason, as are
    objects that cannot be found; empty folder markers are skipped. A folder whose listing fails raises
    ``IncompleteListingError``: nothing is planned from a partial listing. This lists the bucket, so call it
    from a worker thread.
    """
    validate_bucket_name(bucket)
    folder = Path(destination).expanduser()
    if folder.exists() and not folder.is_dir():
        raise LocalPathError(f"cannot download into '{folder}': it is not a folder")
    destination_folder = DestinationFolder(folder)
    items: dict[str, TransferItem] = {}
    refused: dict[str, ItemIssue] = {}
    targets: dict[Path, str] = {}
    for entry in selection:
        name = entry if isinstance(entry, str) else entry.prefix if isinstance(entry, Folder) else entry.key
        seen = 0
        try:
            for listed in _expand(store, bucket, entry):
                check_cancel(cancel, bucket)
                seen += 1
                if listed.key in items or listed.key in refused or (listed.key.endswith("/") and listed.size == 0):
                    continue
                try:
                    target = destination_folder.target(listed.key, base_prefix)
                except ObjectStoreValueError as exc:
                    refused[listed.key] = ItemIssue(listed.key, str(exc))
                    continue
                if (first := targets.get(target)) is not None:  # 'a//b' and 'a/b' are both the file a/b
                    refused[listed.key] = ItemIssue(listed.key, f"same local file as key '{first}'")
                else:
                    targets[target] = listed.key
                    items[listed.key] = TransferItem(listed.key, target, listed.size)
        except ObjectStoreError as exc:
            if not _is_listing(entry):
                refused[name] = ItemIssue(name, exc.reason)
                continue
            raise IncompleteListingError(
                f"listing '{name}' failed after {seen:,} objects, so nothing was downloaded: {exc.reason}",
                bucket=bucket,
                key=name or None,
            ) from exc
    return _with_existing(TransferPlan(Direction.DOWNLOAD, bucket, tuple(items.values()), tuple(refused.values())))


def plan_version_download(version: ObjectMetadata, destination: str | os.PathLike[str]) -> TransferPlan:
    """One version into ``destination`` under the key's name: a one-item download plan."""
    target = safe_destination(Path(destination).expanduser(), version.name)
    item = TransferItem(version.key, target, version.size, version.version_id)
    return _with_existing(TransferPlan(Direction.DOWNLOAD, version.bucket, (item,)))


def _with_existing(plan: TransferPlan) -> TransferPlan:
    existing = tuple(item for item in plan.items if _occupied(item.local_path))
    return TransferPlan(plan.direction, plan.bucket, plan.items, plan.refused, existing)


def _is_listing(entry: str | DirEntry) -> bool:
    return isinstance(entry, Folder) or (isinstance(entry, str) and (entry == "" or entry.endswith("/")))


def _expand(store: ObjectStore, bucket: str, entry: str | DirEntry) -> Iterable[ObjectMetadata]:
    if isinstance(entry, ObjectMetadata):
        return (entry,)
    if isinstance(entry, Folder):
        return store.list_objects(entry.prefix, bucket)
    if entry == "" or entry.endswith("/"):
        return store.list_objects(entry, bucket)
    return (store.stat_object(entry, bucket),)


def _occupied(path: Path) -> bool:
    """Anything at ``path``, a dangling symbolic link included, is a conflict."""
    return os.path.lexists(path)


def run_download(
    store: ObjectStore,
    plan: TransferPlan,
    *,
    conflict: Conflict = Conflict.KEEP_BOTH,
    **options: Unpack[TransferOptions],
) -> TransferReport:
    """Download every planned object; an existing local file is overwritten, skipped or kept beside a new
    'name (1).ext' (a version's download: 'name (version 3f2a9c1b).ext'), never an earlier copy overwritten.
    Blocks: call it from a worker thread."""
    claims = NameClaims((str(item.local_path) for item in plan.items), lambda name: _occupied(Path(name)))

    def download(item: TransferItem, context: ItemContext) -> str:
        label = f"version {item.version_id[:8]}" if item.version_id is not None else None
        target = claims.resolve(str(item.local_path), conflict, label=label)
        if target is None:
            raise SkipItem("the local file exists")
        store.download_file(
            item.key,
            target,
            plan.bucket,
            version=item.version_id,
            progress=context.progress,
            cancel=context.cancel,
        )
        return target

    return run_files(store, plan, download, **options)
