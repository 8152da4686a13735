"""The transfer engine behind the upload and download dialogs: plan, run in parallel, report progress, cancel.

Plain Python with no UI imports: the TUI runs ``TransferJob.run`` in a thread worker and hops each progress
snapshot to the UI thread itself. Every file goes through ``ObjectStore.upload_file`` / ``download_file``,
which already write downloads atomically (temp file + rename) and abort multipart uploads on cancel.
"""

from __future__ import annotations

import logging
import os
import stat
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from objstore_tui.object_store import (
    DirEntry,
    Folder,
    LocalPathError,
    ObjectMetadata,
    ObjectStore,
    ObjectStoreError,
    ObjectStoreValueError,
    TransferCancelledError,
)
from objstore_tui.object_store.validation import safe_destination, validate_bucket_name, validate_key, validate_prefix
from objstore_tui.services.formatting import plural

log = logging.getLogger(__name__)

DEFAULT_WORKERS = 8
"""Files in flight at once. Against moto on 2 cores (tests/benchmarks/bench_transfers.py) 6 to 16 are equal
within noise and 4 is slower, the server's CPU being the limit; 8 keeps the small-file pool inside the SDK
adapters' connection pools (10 connections)."""

PROGRESS_INTERVAL = 0.1
"""Seconds between progress snapshots: smooth to the eye, cheap for the UI."""

RATE_WINDOW = 3.0
"""Seconds of history the transfer rate is averaged over, so the ETA neither jumps nor lags much."""


class Direction(StrEnum):
    UPLOAD = "upload"
    DOWNLOAD = "download"


class Conflict(StrEnum):
    """What a transfer does when its destination (a download's local file, an upload's key) already exists."""

    OVERWRITE = "overwrite"
    SKIP = "skip"
    RENAME = "rename"
    """Write to 'name (1).ext', the first number free at the destination and in the job."""


class IncompleteListingError(ObjectStoreError):
    """A folder's listing failed part-way: a job on the part seen would silently leave the rest out."""


class FileState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


_FINISHED_STATES = frozenset({FileState.DONE, FileState.FAILED, FileState.SKIPPED, FileState.CANCELLED})


@dataclass(frozen=True, slots=True)
class TransferItem:
    """One file to move: the object key, the local file, and its size as planned."""

    key: str
    local_path: Path
    size: int


@dataclass(frozen=True, slots=True)
class FileIssue:
    """A file that was refused or failed: its key (or local path when it has no key) and why."""

    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class TransferPlan:
    """What a job will transfer, and what planning refused (never written anywhere) with the reason."""

    direction: Direction
    bucket: str
    items: tuple[TransferItem, ...]
    refused: tuple[FileIssue, ...] = ()
    existing: tuple[TransferItem, ...] = ()
    """Downloads whose local file, or uploads whose key, exists already: the ``Conflict`` policy decides."""

    @property
    def total_bytes(self) -> int:
        return sum(item.size for item in self.items)


@dataclass(frozen=True, slots=True)
class FileProgress:
    key: str
    local_path: Path
    done: int
    total: int
    state: FileState

    @property
    def fraction(self) -> float:
        if self.state is FileState.DONE:
            return 1.0
        return min(self.done / self.total, 1.0) if self.total else 0.0


@dataclass(frozen=True, slots=True)
class TransferSnapshot:
    """The whole job at one moment. ``files`` follows the plan's order; skipped files leave the byte total."""

    files: tuple[FileProgress, ...]
    bytes_done: int
    bytes_total: int
    files_finished: int
    files_failed: int
    files_total: int
    running: int
    rate: float
    """Bytes per second over the last few seconds."""
    eta: float | None
    """Seconds left at the current rate; None before there is a rate, and once finished."""
    elapsed: float
    cancelled: bool
    finished: bool

    @property
    def fraction(self) -> float:
        return min(self.bytes_done / self.bytes_total, 1.0) if self.bytes_total else float(self.finished)

    @property
    def active(self) -> tuple[FileProgress, ...]:
        """The files being transferred right now: the ones worth a progress bar of their own."""
        return tuple(file for file in self.files if file.state is FileState.RUNNING)


@dataclass(frozen=True, slots=True)
class TransferReport:
    """How a job ended. ``done`` holds each file's final local path (a renamed download's new name).

    After a cancel, files that finished before it are kept (each is complete: downloads are renamed into
    place only once whole); the ones in flight left nothing behind and are listed in ``cancelled_files``.
    """

    direction: Direction
    bucket: str
    done: tuple[TransferItem, ...]
    skipped: tuple[TransferItem, ...]
    refused: tuple[FileIssue, ...]
    failed: tuple[FileIssue, ...]
    cancelled_files: tuple[TransferItem, ...]
    cancelled: bool
    bytes: int
    seconds: float

    @property
    def ok(self) -> bool:
        return not (self.failed or self.refused or self.cancelled)

    @property
    def summary(self) -> str:
        """One line for a notification, e.g. '12 downloaded, 1 skipped, 2 refused, 0 failed in 3.1 s'."""
        verb = "uploaded" if self.direction is Direction.UPLOAD else "downloaded"
        text = (
            f"{plural(len(self.done), 'file')} {verb}, {len(self.skipped):,} skipped, {len(self.refused):,} refused, "
            f"{len(self.failed):,} failed in {self.seconds:.1f} s"
        )
        if self.cancelled:
            text += f"; cancelled, {len(self.cancelled_files):,} not transferred (finished files were kept)"
        return text


# Planning


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
    paths = [Path(path) for path in paths]
    if key is not None and (len(paths) != 1 or not paths[0].is_file()):
        raise ObjectStoreValueError("an explicit key needs exactly one file to upload")
    planner = _UploadPlanner()
    for path in paths:
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
        self.refused: list[FileIssue] = []
        self._planned: dict[str, Path] = {}

    def add_path(self, path: Path, key: str) -> None:
        """A path of any kind met while planning: refused unless it is a readable regular file."""
        try:
            status = path.stat()
        except OSError as exc:
            reason = "broken symbolic link" if path.is_symlink() else (exc.strerror or str(exc)).lower()
            self.refused.append(FileIssue(str(path), reason))
            return
        if not stat.S_ISREG(status.st_mode):
            self.refused.append(FileIssue(str(path), "not a regular file"))
        elif not os.access(path, os.R_OK):
            self.refused.append(FileIssue(str(path), "not readable: permission denied"))
        else:
            self.add_file(path, key, status.st_size)

    def add_file(self, path: Path, key: str, size: int) -> None:
        try:
            validate_key(key)
        except ObjectStoreValueError as exc:
            self.refused.append(FileIssue(str(path), str(exc)))
            return
        if (first := self._planned.get(key)) is not None:
            self.refused.append(FileIssue(str(path), f"same key '{key}' as {first}"))
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
                self.refused.append(FileIssue(str(folder), f"cannot read folder: {(exc.strerror or '').lower()}"))
                continue
            subfolders = []
            for entry in entries:
                path = Path(entry.path)
                if not _is_folder(entry):
                    self.add_path(path, f"{folder_prefix}{entry.name}")
                elif (identity := _identity(path)) in ancestors:
                    self.refused.append(FileIssue(str(path), "symbolic link loop"))
                else:
                    subfolders.append((path, f"{folder_prefix}{entry.name}/", ancestors | {identity}))
            pending.extend(reversed(subfolders))


def find_existing_uploads(
    store: ObjectStore, plan: TransferPlan, stop: Callable[[], None] | None = None
) -> TransferPlan:
    """The plan with ``existing`` set to the uploads whose key holds an object: one listing, no HEAD per file.

    This lists the bucket, so call it from a worker thread; ``stop`` is called per listed key and may raise.
    """
    found = existing_keys(store, plan.bucket, (item.key for item in plan.items), stop)
    return replace(plan, existing=tuple(item for item in plan.items if item.key in found))


def existing_keys(
    store: ObjectStore, bucket: str, keys: Iterable[str], stop: Callable[[], None] | None = None
) -> frozenset[str]:
    """Which of ``keys`` hold an object: one listing under their common prefix rather than a HEAD per key."""
    wanted = set(keys)
    if not wanted:
        return frozenset()
    common = os.path.commonprefix(sorted(wanted))  # noqa: RUF071 (a key prefix, character by character)
    found = set()
    for item in store.list_objects(common, bucket):
        if stop is not None:
            stop()
        if item.key in wanted:
            found.add(item.key)
    return frozenset(found)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _identity(folder: Path) -> tuple[int, int]:
    status = folder.stat()
    return status.st_dev, status.st_ino


def plan_download(
    store: ObjectStore,
    bucket: str,
    selection: Iterable[str | DirEntry],
    destination: str | os.PathLike[str],
    base_prefix: str = "",
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
    items: dict[str, TransferItem] = {}
    refused: dict[str, FileIssue] = {}
    targets: dict[Path, str] = {}
    for entry in selection:
        name = entry if isinstance(entry, str) else entry.prefix if isinstance(entry, Folder) else entry.key
        seen = 0
        try:
            for listed in _expand(store, bucket, entry):
                seen += 1
                if listed.key in items or listed.key in refused or (listed.key.endswith("/") and listed.size == 0):
                    continue
                try:
                    target = safe_destination(folder, listed.key, base_prefix)
                except ObjectStoreValueError as exc:
                    refused[listed.key] = FileIssue(listed.key, str(exc))
                    continue
                if (first := targets.get(target)) is not None:  # 'a//b' and 'a/b' are both the file a/b
                    refused[listed.key] = FileIssue(listed.key, f"same local file as key '{first}'")
                else:
                    targets[target] = listed.key
                    items[listed.key] = TransferItem(listed.key, target, listed.size)
        except ObjectStoreError as exc:
            if not _is_listing(entry):
                refused[name] = FileIssue(name, exc.reason)
                continue
            raise IncompleteListingError(
                f"listing '{name}' failed after {seen:,} objects, so nothing was downloaded: {exc.reason}",
                bucket=bucket,
                key=name or None,
            ) from exc
    planned = tuple(items.values())
    existing = tuple(item for item in planned if _occupied(item.local_path))
    return TransferPlan(Direction.DOWNLOAD, bucket, planned, tuple(refused.values()), existing)


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


# Running


type ProgressListener = Callable[[TransferSnapshot], None]


class TransferJob:
    """Runs a plan on a bounded thread pool; ``run`` blocks, so call it from a worker thread.

    Small files share ``workers`` threads. Files at or over the store's multipart threshold go through a pool
    of their own, ``max(1, workers // transfer.max_concurrency)`` at a time, because the SDK already splits
    each into ``max_concurrency`` parallel parts: at most ``workers + max(workers, max_concurrency)``
    requests are in flight instead of ``workers * max_concurrency``, and big and small files still move side
    by side (on moto as fast as one shared pool). Largest files start first, so none starts last and runs
    alone.

    ``on_progress`` gets a ``TransferSnapshot`` every ``progress_interval`` seconds and once at the end, from
    a reporter thread of the job (never the UI thread), so a slow listener never stalls a transfer.
    """

    def __init__(
        self,
        store: ObjectStore,
        plan: TransferPlan,
        *,
        conflict: Conflict = Conflict.RENAME,
        workers: int = DEFAULT_WORKERS,
        on_progress: ProgressListener | None = None,
        progress_interval: float = PROGRESS_INTERVAL,
    ) -> None:
        if workers < 1:
            raise ObjectStoreValueError(f"workers must be at least 1, got {workers}")
        self._store = store
        self._plan = plan
        self._conflict = conflict
        self._workers = workers
        self._on_progress = on_progress
        self._interval = progress_interval
        self._cancel = threading.Event()
        self._started = threading.Event()
        self._start_time = 0.0
        items = plan.items
        # Written by the SDK's progress hooks (one slot per file, so no lock), read by snapshots.
        self._done = [0] * len(items)
        self._totals = [item.size for item in items]
        self._states = [FileState.QUEUED] * len(items)
        self._final_items = list(items)
        self._errors: dict[int, str] = {}
        self._views = [FileProgress(item.key, item.local_path, 0, item.size, FileState.QUEUED) for item in items]
        self._snapshot_lock = threading.Lock()
        self._samples: deque[tuple[float, int]] = deque()
        self._reserved_lock = threading.Lock()
        self._reserved = {item.local_path for item in items}
        self._existing_keys = {item.key for item in plan.existing} if plan.direction is Direction.UPLOAD else set()
        self._reserved_keys = {item.key for item in items} | self._existing_keys

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Stop the job from any thread: queued files never start, running ones stop at their next chunk."""
        self._cancel.set()

    def run(self) -> TransferReport:
        """Transfer every planned file, collecting each file's error; returns once all threads are done."""
        if self._started.is_set():
            raise RuntimeError("a TransferJob runs only once")
        self._started.set()
        self._start_time = time.monotonic()
        stop_reporting = threading.Event()
        reporter = None
        if self._on_progress is not None:
            reporter = threading.Thread(target=self._report_until, args=(stop_reporting,), name="transfer-progress")
            reporter.start()
        threshold = self._store.config.transfer.multipart_threshold
        big_workers = max(1, self._workers // self._store.config.transfer.max_concurrency)
        by_size = sorted(range(len(self._plan.items)), key=lambda index: self._plan.items[index].size, reverse=True)
        with (
            ThreadPoolExecutor(self._workers, "transfer") as small_pool,
            ThreadPoolExecutor(big_workers, "transfer-big") as big_pool,
        ):
            futures = [
                (big_pool if self._plan.items[index].size >= threshold else small_pool).submit(self._transfer, index)
                for index in by_size
            ]
            wait(futures)
        seconds = time.monotonic() - self._start_time
        if reporter is not None:
            stop_reporting.set()
            reporter.join()
            self._emit()
        return self._report(seconds)

    def snapshot(self) -> TransferSnapshot:
        """The job's progress now; safe from any thread."""
        with self._snapshot_lock:
            now = time.monotonic()
            views = self._views
            finished = failed = running = 0
            bytes_total = 0
            for index, state in enumerate(self._states):
                done, total = self._done[index], self._totals[index]
                view = views[index]
                if view.done != done or view.total != total or view.state is not state:
                    view = views[index] = FileProgress(
                        view.key, self._final_items[index].local_path, done, total, state
                    )
                if state in _FINISHED_STATES:
                    finished += 1
                if state is FileState.FAILED:
                    failed += 1
                elif state is FileState.RUNNING:
                    running += 1
                if state is not FileState.SKIPPED:
                    bytes_total += total
            bytes_done = sum(self._done)
            rate = self._rate(now, bytes_done)
            complete = finished == len(views) and self._started.is_set()
            eta = (bytes_total - bytes_done) / rate if rate > 0 and not complete else None
            return TransferSnapshot(
                files=tuple(views),
                bytes_done=bytes_done,
                bytes_total=bytes_total,
                files_finished=finished,
                files_failed=failed,
                files_total=len(views),
                running=running,
                rate=rate,
                eta=max(eta, 0.0) if eta is not None else None,
                elapsed=now - self._start_time if self._start_time else 0.0,
                cancelled=self.cancelled,
                finished=complete,
            )

    def _rate(self, now: float, bytes_done: int) -> float:
        samples = self._samples
        samples.append((now, bytes_done))
        while len(samples) > 2 and now - samples[1][0] >= RATE_WINDOW:
            samples.popleft()
        then, bytes_then = samples[0] if len(samples) > 1 else (self._start_time, 0)
        return (bytes_done - bytes_then) / (now - then) if now > then else 0.0

    def _report_until(self, stop: threading.Event) -> None:
        while not stop.wait(self._interval):
            self._emit()

    def _emit(self) -> None:
        assert self._on_progress is not None
        try:
            self._on_progress(self.snapshot())
        except Exception:
            log.exception("the transfer progress listener failed")

    def _transfer(self, index: int) -> None:
        """One file, start to end; any error is recorded against the file, never raised."""
        item = self._plan.items[index]
        if self._cancel.is_set():
            self._states[index] = FileState.CANCELLED
            return
        try:
            if self._plan.direction is Direction.UPLOAD:
                key = self._upload_key(item)
                if key is None:
                    self._states[index] = FileState.SKIPPED
                    return
                self._final_items[index] = replace(item, key=key)
                self._states[index] = FileState.RUNNING
                self._store.upload_file(
                    item.local_path,
                    key,
                    self._plan.bucket,
                    progress=self._progress_hook(index),
                    cancel=self._cancel,
                )
            else:
                target = self._download_target(item)
                if target is None:
                    self._states[index] = FileState.SKIPPED
                    return
                self._final_items[index] = replace(item, local_path=target)
                self._states[index] = FileState.RUNNING
                self._store.download_file(
                    item.key, target, self._plan.bucket, progress=self._progress_hook(index), cancel=self._cancel
                )
        except TransferCancelledError:
            self._states[index] = FileState.CANCELLED
        except Exception as exc:
            self._errors[index] = exc.reason if isinstance(exc, ObjectStoreError) else str(exc) or type(exc).__name__
            self._states[index] = FileState.FAILED
        else:
            self._states[index] = FileState.DONE

    def _progress_hook(self, index: int) -> Callable[[int, int], None]:
        """The SDK calls this every few KiB from its threads: two list stores, nothing more."""
        done, totals = self._done, self._totals

        def hook(bytes_done: int, bytes_total: int) -> None:
            done[index] = bytes_done
            totals[index] = bytes_total

        return hook

    def _upload_key(self, item: TransferItem) -> str | None:
        """The key to upload ``item`` to under the conflict policy, or None to skip it."""
        if self._conflict is Conflict.OVERWRITE or item.key not in self._existing_keys:
            return item.key
        if self._conflict is Conflict.SKIP:
            return None
        folder, _, name = item.key.rpartition("/")
        stem, suffix = _split_name(name)
        with self._reserved_lock:
            for number in range(1, 1_000_000):
                candidate = f"{folder}/{stem} ({number}){suffix}" if folder else f"{stem} ({number}){suffix}"
                if candidate not in self._reserved_keys and not self._store.object_exists(candidate, self._plan.bucket):
                    self._reserved_keys.add(candidate)
                    return candidate
        raise ObjectStoreValueError(f"no free key like '{item.key}' in bucket {self._plan.bucket}")

    def _download_target(self, item: TransferItem) -> Path | None:
        """Where to write ``item`` under the conflict policy, or None to skip it."""
        path = item.local_path
        if self._conflict is Conflict.OVERWRITE or not _occupied(path):
            return path
        if self._conflict is Conflict.SKIP:
            return None
        stem, suffix = _split_name(path.name)
        with self._reserved_lock:
            for number in range(1, 1_000_000):
                candidate = path.with_name(f"{stem} ({number}){suffix}")
                if candidate not in self._reserved and not _occupied(candidate):
                    self._reserved.add(candidate)
                    return candidate
        raise LocalPathError(f"no free name like '{path.name}' in {path.parent}")

    def _report(self, seconds: float) -> TransferReport:
        by_state: dict[FileState, list[TransferItem]] = {state: [] for state in FileState}
        for index, state in enumerate(self._states):
            by_state[state].append(self._final_items[index])
        failed = tuple(FileIssue(self._plan.items[index].key, reason) for index, reason in sorted(self._errors.items()))
        return TransferReport(
            direction=self._plan.direction,
            bucket=self._plan.bucket,
            done=tuple(by_state[FileState.DONE]),
            skipped=tuple(by_state[FileState.SKIPPED]),
            refused=self._plan.refused,
            failed=failed,
            cancelled_files=tuple(by_state[FileState.CANCELLED]),
            cancelled=self.cancelled,
            bytes=sum(
                total for total, state in zip(self._totals, self._states, strict=True) if state is FileState.DONE
            ),
            seconds=seconds,
        )


def _occupied(path: Path) -> bool:
    """Anything at ``path``, a dangling symbolic link included, is a conflict."""
    return path.exists() or path.is_symlink()


def _split_name(name: str) -> tuple[str, str]:
    """'report.tar.gz' -> ('report.tar', '.gz'); a leading dot is part of the stem ('.env' has no suffix)."""
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        return name, ""
    return stem, f".{suffix}"
