"""What uploads and downloads share: the plan (files to move, what planning refused, destinations that exist),
the report, and how the runner's pools are sized for them.

``upload.py`` and ``download.py`` each plan their direction and run it on ``run_job``; version downloads are
one-item download plans (``TransferItem.version_id``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from objstore_tui.object_store import ObjectStore, ObjectStoreError

from .model import ItemIssue, JobReport
from .runner import DEFAULT_WORKERS


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


def pool_options(store: ObjectStore, workers: int = DEFAULT_WORKERS) -> dict[str, Any]:
    """``run_job`` options for files: a file at or over the multipart threshold is split into
    ``max_concurrency`` parts by the SDK, so big files get their own pool, ``workers // max_concurrency`` wide,
    and start largest first; small files keep moving beside them."""
    transfer = store.config.transfer
    return {
        "workers": workers,
        "is_big": lambda item: item.size >= transfer.multipart_threshold,
        "big_workers": max(1, workers // transfer.max_concurrency),
        "largest_first": True,
        "size": lambda item: item.size,
        "name": lambda item: item.key,
    }
