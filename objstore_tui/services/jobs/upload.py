"""Uploads: plan files and folders like ``cp -r`` (refusing what cannot go), find the keys they would replace,
and run the plan on ``run_job``.

Every file goes through ``ObjectStore.upload_file``, which aborts a multipart upload on cancel or failure, so a
key is either written whole or left as it was.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Unpack

from objstore_tui.object_store import ObjectStore, ObjectStoreValueError
from objstore_tui.object_store.validation import validate_bucket_name, validate_key, validate_prefix

from .conflicts import Conflict
from .listing import existing_keys, key_claims
from .model import ItemIssue
from .runner import ItemContext, SkipItem
from .transfer_plan import Direction, TransferItem, TransferOptions, TransferPlan, TransferReport, run_files


def plan_upload(
    paths: Iterable[str | os.PathLike[str]], bucket: str, prefix: str = "", key: str | None = None
) -> TransferPlan:
    """Files and folders to upload under ``prefix``, like ``cp -r``: a folder keeps its own name.

    ``key`` names the object for a single file (the dialog's editable key); folders are walked recursively,
    following symbolic links but not their loops. What cannot be uploaded (missing, unreadable, not a regular
    file, an invalid key, a key already planned) is refused with the reason.
    """
    validate_bucket_name(bucket)
    prefix = validate_prefix(prefix)
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    files = [Path(path) for path in paths]
    if key is not None and (len(files) != 1 or not files[0].is_file()):
        raise ObjectStoreValueError("an explicit key needs exactly one file to upload")
    planner = _UploadPlanner()
    for path in files:
        if key is not None:
            planner.add_path(path, key)
        elif path.is_dir():
            planner.add_folder(path, f"{prefix}{path.name}/")
        else:
            planner.add_path(path, f"{prefix}{path.name}")
    return TransferPlan(Direction.UPLOAD, bucket, tuple(planner.items), tuple(planner.refused))


class _UploadPlanner:
    def __init__(self) -> None:
        self.items: list[TransferItem] = []
        self.refused: list[ItemIssue] = []
        self._planned: dict[str, Path] = {}

    def add_path(self, path: Path, key: str) -> None:
        """A path of any kind met while planning: refused unless it is a readable regular file."""
        try:
            status = path.stat()
        except OSError as exc:
            reason = "broken symbolic link" if path.is_symlink() else (exc.strerror or str(exc)).lower()
            self.refused.append(ItemIssue(str(path), reason))
            return
        if not stat.S_ISREG(status.st_mode):
            self.refused.append(ItemIssue(str(path), "not a regular file"))
        elif not os.access(path, os.R_OK):
            self.refused.append(ItemIssue(str(path), "not readable: permission denied"))
        else:
            self.add_file(path, key, status.st_size)

    def add_file(self, path: Path, key: str, size: int) -> None:
        try:
            validate_key(key)
        except ObjectStoreValueError as exc:
            self.refused.append(ItemIssue(str(path), str(exc)))
            return
        if (first := self._planned.get(key)) is not None:
            self.refused.append(ItemIssue(str(path), f"same key '{key}' as {first}"))
            return
        self._planned[key] = path
        self.items.append(TransferItem(key, path, size))

    def add_folder(self, root: Path, key_prefix: str) -> None:
        """Depth first, files before subfolders, in name order; a folder that is one of its own ancestors
        (a symbolic link loop) is refused."""
        pending = [(root, key_prefix, frozenset({_identity(root)}))]
        while pending:
            folder, folder_prefix, ancestors = pending.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
            except OSError as exc:
                self.refused.append(ItemIssue(str(folder), f"cannot read folder: {(exc.strerror or '').lower()}"))
                continue
            subfolders = []
            for entry in entries:
                path = Path(entry.path)
                if not _is_folder(entry):
                    self.add_path(path, f"{folder_prefix}{entry.name}")
                elif (identity := _identity(path)) in ancestors:
                    self.refused.append(ItemIssue(str(path), "symbolic link loop"))
                else:
                    subfolders.append((path, f"{folder_prefix}{entry.name}/", ancestors | {identity}))
            pending.extend(reversed(subfolders))


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _identity(folder: Path) -> tuple[int, int]:
    status = folder.stat()
    return status.st_dev, status.st_ino


def find_existing_uploads(
    store: ObjectStore, plan: TransferPlan, cancel: threading.Event | None = None
) -> TransferPlan:
    """The plan with ``existing`` set to the uploads whose key holds an object: one listing, no HEAD per file.

    This lists the bucket, so call it from a worker thread; a set ``cancel`` stops it with ``CancelledError``.
    """
    found = existing_keys(store, plan.bucket, (item.key for item in plan.items), cancel)
    return replace(plan, existing=tuple(item for item in plan.items if item.key in found))


def run_upload(
    store: ObjectStore,
    plan: TransferPlan,
    *,
    conflict: Conflict = Conflict.KEEP_BOTH,
    **options: Unpack[TransferOptions],
) -> TransferReport:
    """Upload every planned file; a key in ``plan.existing`` is overwritten, skipped or kept beside under a
    free 'name (1).ext' key, as ``conflict`` says. Blocks: call it from a worker thread."""
    claims = key_claims(store, plan.bucket, (item.key for item in plan.items), (item.key for item in plan.existing))

    def upload(item: TransferItem, context: ItemContext) -> str:
        key = claims.resolve(item.key, conflict)
        if key is None:
            raise SkipItem("the object exists")
        store.upload_file(item.local_path, key, plan.bucket, progress=context.progress, cancel=context.cancel)
        return key

    return run_files(store, plan, upload, **options)
