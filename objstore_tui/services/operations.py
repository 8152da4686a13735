"""The browser's write operations over the ObjectStore facade: copy, move, rename, delete, versions, buckets.

Plain Python with no UI imports, so every rule here is tested without a terminal: the TUI runs these in thread
workers. Planning (expanding folders to keys, finding destinations that exist) is split from running, so the
user confirms exactly what will happen and the run touches exactly what was confirmed. Runs never stop at the
first bad key: failures are collected by key and reported together.

Transfers (upload and download) live in ``transfers.py``; this module does what stays on the server.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from itertools import batched
from pathlib import Path

from objstore_tui.object_store import (
    BulkDeleteResult,
    DirEntry,
    Folder,
    ObjectMetadata,
    ObjectStore,
    ObjectStoreError,
    ObjectStoreValueError,
)
from objstore_tui.object_store.client import MAX_DELETE_BATCH
from objstore_tui.object_store.validation import safe_destination, validate_key, validate_prefix
from objstore_tui.services.formatting import plural
from objstore_tui.services.transfers import Conflict, FileIssue, existing_keys

PARALLEL_COPIES = 8
"""Server-side copies in flight at once: each is one request the server does alone, so a few overlap well."""

PREVIEW_KEYS = 5
"""Keys a confirmation names before it says 'and N more'."""

type Progress = Callable[[int, int], None]
"""Called with (done, total) as an operation advances, from its worker thread."""


class OperationCancelled(Exception):
    """The user cancelled while the operation was still planning: nothing was changed."""


def _reason(error: Exception) -> str:
    return error.reason if isinstance(error, ObjectStoreError) else str(error) or type(error).__name__


def check_cancel(cancel: threading.Event | None) -> None:
    """Raise ``OperationCancelled`` once ``cancel`` is set: planning stops before anything changed."""
    if cancel is not None and cancel.is_set():
        raise OperationCancelled


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
            check_cancel(cancel)
            if item.key not in seen:
                seen.add(item.key)
                yield item


# Deleting


@dataclass(frozen=True, slots=True)
class DeletePlan:
    """The keys a delete will remove, as the confirmation states them."""

    bucket: str
    keys: tuple[str, ...]
    total_bytes: int
    versioned: bool
    """On a versioned bucket a delete only adds delete markers: the versions stay until deleted one by one."""

    @property
    def count(self) -> int:
        return len(self.keys)

    @property
    def first_keys(self) -> tuple[str, ...]:
        return self.keys[:PREVIEW_KEYS]


def plan_delete(
    store: ObjectStore, bucket: str, entries: Iterable[DirEntry], cancel: threading.Event | None = None
) -> DeletePlan:
    """List what deleting ``entries`` removes. This lists folders, so call it from a worker thread."""
    keys: list[str] = []
    total = 0
    for item in expand_selection(store, bucket, entries, cancel):
        keys.append(item.key)
        total += item.size
    return DeletePlan(bucket, tuple(keys), total, is_versioned(store, bucket))


def is_versioned(store: ObjectStore, bucket: str) -> bool:
    """Whether the bucket keeps versions; False where the backend has none or may not say."""
    if not store.supports_versioning:
        return False
    try:
        return store.get_bucket_versioning(bucket)
    except ObjectStoreError:
        return False


@dataclass(frozen=True, slots=True)
class DeleteReport:
    bucket: str
    deleted: tuple[str, ...]
    failed: tuple[FileIssue, ...]
    versioned: bool

    @property
    def issues(self) -> tuple[FileIssue, ...]:
        return self.failed

    @property
    def summary(self) -> str:
        text = f"{plural(len(self.deleted), 'object')} deleted from {self.bucket}"
        if self.versioned:
            text += " (delete markers added; the versions remain)"
        if self.failed:
            text += f", {len(self.failed):,} failed"
        return text


def delete_planned(store: ObjectStore, plan: DeletePlan, progress: Progress | None = None) -> DeleteReport:
    """Bulk-delete exactly the planned keys, a batch per request; a batch the server refuses fails by key."""
    result = BulkDeleteResult(plan.bucket)
    refused: list[FileIssue] = []
    done = 0
    for batch in batched(plan.keys, MAX_DELETE_BATCH):
        try:
            result = result.merged(store.delete_objects(batch, plan.bucket))
        except (ObjectStoreError, ObjectStoreValueError) as exc:
            refused.extend(FileIssue(key, _reason(exc)) for key in batch)
        done += len(batch)
        if progress is not None:
            progress(done, plan.count)
    failed = [FileIssue(failure.key, failure.message or failure.code) for failure in result.failed]
    return DeleteReport(plan.bucket, result.deleted, tuple(failed + refused), plan.versioned)


# Copying, moving, renaming


@dataclass(frozen=True, slots=True)
class CopyPair:
    src_key: str
    dst_key: str
    size: int


@dataclass(frozen=True, slots=True)
class CopyPlan:
    """Server-side copies to make; ``existing`` are the destination keys that already hold an object."""

    src_bucket: str
    dst_bucket: str
    pairs: tuple[CopyPair, ...]
    refused: tuple[FileIssue, ...] = ()
    existing: frozenset[str] = frozenset()

    @property
    def total_bytes(self) -> int:
        return sum(pair.size for pair in self.pairs)


def plan_copy(
    store: ObjectStore,
    src_bucket: str,
    entries: Iterable[DirEntry],
    dst_bucket: str,
    dst_prefix: str,
    *,
    base_prefix: str = "",
    cancel: threading.Event | None = None,
) -> CopyPlan:
    """Copies of ``entries`` under ``dst_prefix``, each key keeping its path relative to ``base_prefix``.

    Standing in 'logs/' and copying folder 'logs/2024/' to 'archive/' gives 'archive/2024/...'. A copy onto
    its own source is refused. Lists the selection and the destination, so call it from a worker thread.
    """
    dst_prefix = validate_prefix(dst_prefix)
    if dst_prefix and not dst_prefix.endswith("/"):
        dst_prefix += "/"

    def destination(key: str) -> str:
        relative = key[len(base_prefix) :] if key.startswith(base_prefix) else key.rsplit("/", 1)[-1]
        return dst_prefix + relative

    sources = expand_selection(store, src_bucket, entries, cancel)
    return _plan_pairs(store, src_bucket, dst_bucket, ((item, destination(item.key)) for item in sources), cancel)


def plan_rename(
    store: ObjectStore, bucket: str, entry: DirEntry, new_name: str, cancel: threading.Event | None = None
) -> CopyPlan:
    """Rename one object to the key ``new_name``, or one folder (everything under it) to the prefix ``new_name``."""
    if isinstance(entry, Folder):
        new_prefix = validate_prefix(new_name)
        if not new_prefix.endswith("/"):
            new_prefix += "/"
        sources = expand_selection(store, bucket, [entry], cancel)
        pairs = ((item, new_prefix + item.key[len(entry.prefix) :]) for item in sources)
    else:
        pairs = iter([(entry, new_name)])
    return _plan_pairs(store, bucket, bucket, pairs, cancel)


def _plan_pairs(
    store: ObjectStore,
    src_bucket: str,
    dst_bucket: str,
    sources: Iterable[tuple[ObjectMetadata, str]],
    cancel: threading.Event | None,
) -> CopyPlan:
    pairs: list[CopyPair] = []
    refused: list[FileIssue] = []
    for item, dst_key in sources:
        try:
            validate_key(dst_key)
        except ObjectStoreValueError as exc:
            refused.append(FileIssue(item.key, str(exc)))
            continue
        if (src_bucket, item.key) == (dst_bucket, dst_key):
            refused.append(FileIssue(item.key, "the destination is the object itself"))
            continue
        pairs.append(CopyPair(item.key, dst_key, item.size))
    return CopyPlan(src_bucket, dst_bucket, tuple(pairs), tuple(refused), _existing(store, dst_bucket, pairs, cancel))


def _existing(store: ObjectStore, bucket: str, pairs: list[CopyPair], cancel: threading.Event | None) -> frozenset[str]:
    """Destination keys that exist, found by one listing."""
    return existing_keys(store, bucket, (pair.dst_key for pair in pairs), lambda: check_cancel(cancel))


@dataclass(frozen=True, slots=True)
class CopyReport:
    """How a copy, move or rename ended; a failed move's source is still in place."""

    verb: str
    src_bucket: str
    dst_bucket: str
    done: tuple[CopyPair, ...]
    skipped: tuple[CopyPair, ...]
    failed: tuple[FileIssue, ...]
    refused: tuple[FileIssue, ...]
    cancelled: bool

    @property
    def issues(self) -> tuple[FileIssue, ...]:
        return self.refused + self.failed

    @property
    def summary(self) -> str:
        """'3 moved to archive, 1 skipped (exists), 1 failed; cancelled'."""
        text = f"{plural(len(self.done), 'object')} {self.verb} to {self.dst_bucket}"
        if self.skipped:
            text += f", {len(self.skipped):,} skipped (the destination exists)"
        if self.refused:
            text += f", {len(self.refused):,} refused"
        if self.failed:
            text += f", {len(self.failed):,} failed"
            if self.verb == "moved":
                text += " (their sources were kept)"
        if self.cancelled:
            text += "; cancelled"
        return text


def run_copy(
    store: ObjectStore,
    plan: CopyPlan,
    *,
    move: bool = False,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    verb: str | None = None,
) -> CopyReport:
    """Copy (or move) every planned pair on the server, a few in parallel; never downloads a byte.

    A move is the facade's ``move_object``: copy, verify size and etag, and only then delete the source, so a
    failure leaves the source in place. Without ``overwrite`` destinations in ``plan.existing`` are skipped.
    After a cancel the copies already made stay; those not started are neither copied nor counted as failed.
    """
    todo = [pair for pair in plan.pairs if overwrite or pair.dst_key not in plan.existing]
    skipped = tuple(pair for pair in plan.pairs if not overwrite and pair.dst_key in plan.existing)
    done: list[CopyPair] = []
    failed: dict[CopyPair, FileIssue] = {}
    count = 0

    def copy_one(pair: CopyPair) -> bool:
        if cancel is not None and cancel.is_set():
            return False
        if move:
            store.move_object(pair.src_key, pair.dst_key, plan.src_bucket, plan.dst_bucket)
        else:
            store.copy_object(pair.src_key, pair.dst_key, plan.src_bucket, plan.dst_bucket)
        return True

    with ThreadPoolExecutor(PARALLEL_COPIES, "copy") as pool:
        futures = {pool.submit(copy_one, pair): pair for pair in todo}
        for future in as_completed(futures):
            pair = futures[future]
            try:
                if future.result():
                    done.append(pair)
            except Exception as exc:
                failed[pair] = FileIssue(pair.src_key, _reason(exc))
            count += 1
            if progress is not None:
                progress(count, len(todo))
    order = {pair: index for index, pair in enumerate(plan.pairs)}
    return CopyReport(
        verb=verb or ("moved" if move else "copied"),
        src_bucket=plan.src_bucket,
        dst_bucket=plan.dst_bucket,
        done=tuple(sorted(done, key=order.__getitem__)),
        skipped=skipped,
        failed=tuple(failed[pair] for pair in sorted(failed, key=order.__getitem__)),
        refused=plan.refused,
        cancelled=cancel is not None and cancel.is_set(),
    )


# Versions


def list_versions(store: ObjectStore, bucket: str, key: str) -> list[ObjectMetadata]:
    """Every version and delete marker of ``key``, newest first (a listing by prefix also finds longer keys)."""
    return [version for version in store.list_object_versions(key, bucket) if version.key == key]


def restore_version(store: ObjectStore, version: ObjectMetadata) -> None:
    """Make ``version`` the latest again by copying it over the key: every version stays, the copy is new."""
    if version.is_delete_marker:
        raise ObjectStoreValueError(
            "a delete marker has no content to restore; delete the marker instead to uncover the version below it"
        )
    store.copy_object(version.key, version.key, version.bucket, version.bucket, src_version=version.version_id)


def download_version(
    store: ObjectStore,
    version: ObjectMetadata,
    folder: str | os.PathLike[str],
    conflict: Conflict,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Path | None:
    """Download one version into ``folder`` under the key's name; None when ``conflict`` skips an existing file.

    To keep both, ``Conflict.RENAME`` names the file after its version ('report (version 3f2a9c1b).csv'):
    the same version always lands on the same name, and it says which one it is.
    """
    target = safe_destination(Path(folder).expanduser(), version.name)
    if target.exists() and conflict is Conflict.SKIP:
        return None
    if target.exists() and conflict is Conflict.RENAME:
        stem, dot, suffix = target.name.rpartition(".")
        stem, suffix = (stem, f".{suffix}") if dot and stem else (target.name, "")
        target = target.with_name(f"{stem} (version {(version.version_id or 'null')[:8]}){suffix}")
    store.download_file(
        version.key, target, version.bucket, version=version.version_id, progress=progress, cancel=cancel
    )
    return target


# Buckets


@dataclass(frozen=True, slots=True)
class BucketContents:
    """What a bucket holds, counted up to a limit: enough to tell the user what emptying it would remove."""

    bucket: str
    count: int
    more: bool
    """True when there are more than ``count`` objects and versions."""
    total_bytes: int

    @property
    def empty(self) -> bool:
        return self.count == 0


def peek_bucket(store: ObjectStore, bucket: str, limit: int = 1000) -> BucketContents:
    """Count the bucket's objects, versions and delete markers (all of which stop its deletion) up to ``limit``."""
    listing = store.list_object_versions("", bucket) if store.supports_versioning else store.list_objects("", bucket)
    count = total = 0
    for item in listing:
        if count == limit:
            return BucketContents(bucket, count, True, total)
        count += 1
        total += item.size
    return BucketContents(bucket, count, False, total)


@dataclass(frozen=True, slots=True)
class EmptyBucketReport:
    bucket: str
    deleted: int
    failed: tuple[FileIssue, ...]
    bucket_deleted: bool

    @property
    def issues(self) -> tuple[FileIssue, ...]:
        return self.failed

    @property
    def summary(self) -> str:
        if self.bucket_deleted:
            return f"bucket {self.bucket} deleted, with the {self.deleted:,} objects and versions it held"
        return f"{self.deleted:,} removed from {self.bucket}, {len(self.failed):,} failed: the bucket was kept"


def empty_and_delete_bucket(
    store: ObjectStore, bucket: str, progress: Progress | None = None, cancel: threading.Event | None = None
) -> EmptyBucketReport:
    """Delete every object (in bulk), then every version and delete marker left, then the bucket itself.

    On a versioned bucket the bulk pass is skipped, since it would only add delete markers to remove again.
    """
    deleted = 0
    failed: list[FileIssue] = []
    if not is_versioned(store, bucket):
        plan = DeletePlan(bucket, tuple(item.key for item in store.list_objects("", bucket)), 0, False)
        report = delete_planned(store, plan, progress)
        deleted += len(report.deleted)
        failed += report.failed
    if store.supports_versioning and not failed:
        versions = list(store.list_object_versions("", bucket))

        def delete_version(version: ObjectMetadata) -> None:
            check_cancel(cancel)
            store.delete_file(version.key, bucket, version.version_id)

        with ThreadPoolExecutor(PARALLEL_COPIES, "delete-version") as pool:
            futures = {pool.submit(delete_version, version): version for version in versions}
            for count, future in enumerate(as_completed(futures), 1):
                version = futures[future]
                try:
                    future.result()
                    deleted += 1
                except OperationCancelled:
                    failed.append(FileIssue(version.key, "cancelled"))
                except Exception as exc:
                    failed.append(FileIssue(f"{version.key} (version {version.version_id})", _reason(exc)))
                if progress is not None:
                    progress(count, len(versions))
    if failed:
        return EmptyBucketReport(bucket, deleted, tuple(failed), False)
    store.delete_bucket(bucket)
    return EmptyBucketReport(bucket, deleted, (), True)
