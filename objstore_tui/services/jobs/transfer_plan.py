"""What uploads and downloads share: the plan (files to move, what planning refused, destinations that exist),
the report, and how the runner's pools are sized for them.

``upload.py`` and ``download.py`` each plan their direction and run it on ``run_job``; version downloads are
one-item download plans (``TransferItem.version_id``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TypedDict, Unpack

from objstore_tui.object_store import ObjectStore, ObjectStoreError

from .model import ItemIssue, JobReport
from .runner import DEFAULT_WORKERS, PROGRESS_INTERVAL, Action, Listener, run_job


class Direction(StrEnum):
    UPLOAD = "upload"
    DOWNLOAD = "download"


class IncompleteListingError(ObjectStoreError):
    """A folder's listing failed part-way: a job on the part seen would silently leave the rest out."""


@dataclass(frozen=True, slots=True)
class TransferItem:
    """One file to move: the object key (and version, for a version's download), the local file, its size."""

    key: str
    local_path: Path
    size: int
    version_id: str | None = None


@dataclass(frozen=True, slots=True)
class TransferPlan:
    """What a job will transfer, and what planning refused (never written anywhere) with the reason."""

    direction: Direction
    bucket: str
    items: tuple[TransferItem, ...]
    refused: tuple[ItemIssue, ...] = ()
    existing: tuple[TransferItem, ...] = ()
    """Downloads whose local file, or uploads whose key, exists already: the ``Conflict`` policy decides."""

    @property
    def total_bytes(self) -> int:
        return sum(item.size for item in self.items)


type TransferReport = JobReport[TransferItem, str]
"""A transfer's report; a done item's value is where it was written (the key, or the local path), which a
'keep both' changes."""


class TransferOptions(TypedDict, total=False):
    """How ``run_upload``/``run_download`` run: pool width, the job's cancel event, its progress listener."""

    workers: int
    cancel: threading.Event | None
    on_progress: Listener | None
    interval: float


def run_files(
    store: ObjectStore, plan: TransferPlan, action: Action[TransferItem, str], **options: Unpack[TransferOptions]
) -> TransferReport:
    """Run ``action`` on the plan's files, largest first. A file the adapter splits (an upload at or over the
    multipart threshold into ``max_concurrency`` parts, a download of two part sizes into ``download_streams``
    ranges) gets a pool of its own, ``workers // split`` wide, and small files keep moving beside them, in a pool
    that widens up to ``2 * workers`` while that finishes more of them per second."""
    transfer = store.config.transfer
    workers = options.get("workers", DEFAULT_WORKERS)
    if plan.direction is Direction.UPLOAD:
        split, split_from = transfer.max_concurrency, transfer.multipart_threshold
    else:
        split, split_from = transfer.download_streams, 2 * transfer.part_size
    return run_job(
        plan.items,
        action,
        name=lambda item: item.key,
        size=lambda item: item.size,
        workers=workers,
        is_big=lambda item: split > 1 and item.size >= split_from,
        big_workers=max(1, workers // split),
        widen_to=2 * workers,
        largest_first=True,
        refused=plan.refused,
        cancel=options.get("cancel"),
        on_progress=options.get("on_progress"),
        interval=options.get("interval", PROGRESS_INTERVAL),
    )
