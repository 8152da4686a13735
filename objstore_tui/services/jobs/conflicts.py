"""What a job does when its destination exists, and the one 'keep both' naming, for files and keys alike.

Uploads, downloads, copies and version downloads all meet the same question (overwrite, skip, keep both) and
answer it here. Names are plain strings with '/' between folders, so the same code names a local file
('/tmp/logs/report (1).csv') and an object key ('logs/report (1).csv'); only the last segment changes.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from enum import StrEnum

MAX_NUMBER = 1_000_000
"""'name (N)' numbers tried before giving up: only a folder built to defeat it holds that many."""


class Conflict(StrEnum):
    """What to do with an item whose destination already exists."""

    OVERWRITE = "overwrite"
    SKIP = "skip"
    KEEP_BOTH = "keep-both"
    """Write to 'name (1).ext', the first number free at the destination and in the job."""


def split_name(name: str) -> tuple[str, str]:
    """'report.tar.gz' -> ('report.tar', '.gz'); a leading dot is part of the stem ('.env' has no suffix)."""
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        return name, ""
    return stem, f".{suffix}"


def labelled(name: str, label: str) -> str:
    """``name`` with '(label)' before the extension of its last segment: 'a/report (1).csv'.

    Folders stay as they are: a label never moves a file to another folder. Also names a version's download
    after the version ('report (version 3f2a9c1b).csv').
    """
    cut = max(name.rfind("/"), name.rfind(os.sep))
    folder, last = name[: cut + 1], name[cut + 1 :]
    stem, suffix = split_name(last)
    return f"{folder}{stem} ({label}){suffix}"


def free_name(name: str, taken: Callable[[str], bool]) -> str:
    """The first of 'name (1).ext', 'name (2).ext', ... that is not ``taken``: the 'keep both' name."""
    for number in range(1, MAX_NUMBER):
        candidate = labelled(name, str(number))
        if not taken(candidate):
            return candidate
    raise ValueError(f"no free name like '{name}' after {MAX_NUMBER - 1:,} tries")


class NameClaims:
    """The names a job writes to, so parallel items that 'keep both' never pick the same free name.

    Starts with the names the plan already uses; ``resolve`` then decides each item's destination under the
    conflict policy and claims a new name atomically. ``exists`` asks the destination (the disk, the bucket).
    """

    def __init__(self, planned: Iterable[str], exists: Callable[[str], bool]) -> None:
        self._claimed = set(planned)
        self._exists = exists
        self._lock = threading.Lock()

    def resolve(self, name: str, policy: Conflict, label: str | None = None) -> str | None:
        """Where to write ``name``: itself (free, or overwrite), a free new name (keep both), or None (skip).

        Keep both tries ``label`` first when given ('report (version 3f2a9c1b).csv': the name says which
        version it is), then numbers; nothing that exists or is claimed is ever chosen.
        """
        if policy is Conflict.OVERWRITE or not self._exists(name):
            return name
        if policy is Conflict.SKIP:
            return None
        with self._lock:
            if label is not None:
                name = labelled(name, label)
                if not self._taken(name):
                    self._claimed.add(name)
                    return name
            chosen = free_name(name, self._taken)
            self._claimed.add(chosen)
        return chosen

    def _taken(self, name: str) -> bool:
        return name in self._claimed or self._exists(name)
