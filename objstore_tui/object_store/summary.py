"""How big a folder is: totals, per sub-folder (a tree, for an ``ncdu``-like drill-in), largest objects, by type
and storage class, built from the parallel walk and handed out partially as it fills in."""

from __future__ import annotations

import heapq
import mimetypes
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .errors import ObjectStoreValueError
from .models import ObjectMetadata

DEFAULT_LARGEST = 20
PROGRESS_EVERY = 0.1
"""Seconds between two progress calls (and one at the end)."""
NO_EXTENSION = "(none)"
STANDARD = "STANDARD"
"""The storage class of an object the listing gives none for (S3 leaves it out for STANDARD on some servers)."""


class InvalidLargestError(ObjectStoreValueError):
    pass


class _LaterKeyFirst(str):
    """A key that orders backwards: in the min-heap of ``(size, key)`` the first to go among equal sizes is the
    latest key, so the largest objects kept do not depend on the order the parallel walk brought them in."""

    def __lt__(self, other: str) -> bool:
        return str.__gt__(self, other)


def validate_largest(largest: object) -> int:
    if isinstance(largest, bool) or not isinstance(largest, int) or not 0 <= largest <= 10_000:
        raise InvalidLargestError(f"largest must be an integer from 0 to 10000, got {largest!r}")
    return largest


@dataclass(slots=True)
class Totals:
    count: int = 0
    size: int = 0

    def add(self, size: int) -> None:
        self.count += 1
        self.size += size


@dataclass(slots=True)
class FolderTotals:
    """A folder's totals with its sub-folders' (by name, without the slash); ``files`` are the objects directly
    in it (a folder marker among them)."""

    count: int = 0
    size: int = 0
    files: Totals = field(default_factory=Totals)
    folders: dict[str, FolderTotals] = field(default_factory=dict)

    def add(self, segments: list[str], size: int) -> None:
        node = self
        for segment in segments:
            node.count += 1
            node.size += size
            node = node.folders.setdefault(segment, FolderTotals())
        node.count += 1
        node.size += size
        node.files.add(size)

    def by_size(self) -> list[tuple[str, FolderTotals]]:
        """Sub-folders, biggest first (then by name)."""
        return sorted(self.folders.items(), key=lambda item: (-item[1].size, item[0]))

    def find(self, path: Iterable[str]) -> FolderTotals | None:
        node: FolderTotals | None = self
        for segment in path:
            node = node.folders.get(segment) if node is not None else None
        return node


@dataclass(slots=True)
class Summary:
    """The summary of everything under ``prefix`` in ``bucket``; ``done`` once the walk has finished."""

    bucket: str
    prefix: str
    largest_wanted: int = DEFAULT_LARGEST
    tree: FolderTotals = field(default_factory=FolderTotals)
    by_extension: dict[str, Totals] = field(default_factory=dict)
    by_content_type: dict[str, Totals] = field(default_factory=dict)
    by_storage_class: dict[str, Totals] = field(default_factory=dict)
    _largest: list[tuple[int, _LaterKeyFirst, ObjectMetadata]] = field(default_factory=list)
    done: bool = False
    elapsed: float = 0.0

    @property
    def folder(self) -> str:
        """The folder the tree starts at: the prefix up to its last '/' ('a/' for 'a/b', '' for 'a')."""
        return self.prefix[: self.prefix.rfind("/") + 1]

    @property
    def count(self) -> int:
        return self.tree.count

    @property
    def size(self) -> int:
        return self.tree.size

    @property
    def largest(self) -> list[ObjectMetadata]:
        """The biggest objects, biggest first."""
        return [item for _, _, item in sorted(self._largest, key=lambda entry: (-entry[0], str(entry[1])))]

    def add(self, item: ObjectMetadata) -> None:
        relative = item.key[len(self.folder) :]
        self.tree.add(relative.split("/")[:-1], item.size)
        _count(self.by_extension, extension(item.key), item.size)
        _count(self.by_content_type, mimetypes.guess_type(item.key)[0] or "unknown", item.size)
        _count(self.by_storage_class, item.storage_class or STANDARD, item.size)
        if self.largest_wanted:
            entry = (item.size, _LaterKeyFirst(item.key), item)
            if len(self._largest) < self.largest_wanted:
                heapq.heappush(self._largest, entry)
            elif self._largest[0][:2] < entry[:2]:
                heapq.heapreplace(self._largest, entry)


def _count(table: dict[str, Totals], name: str, size: int) -> None:
    totals = table.get(name)
    if totals is None:
        totals = table[name] = Totals()
    totals.add(size)


def extension(key: str) -> str:
    """'.csv' for 'logs/a.CSV', '(none)' for 'Makefile', '.gz' for 'a.tar.gz'."""
    name = key.rsplit("/", 1)[-1]
    stem, dot, ext = name.rpartition(".")
    return f".{ext.lower()}" if dot and stem and ext else NO_EXTENSION


def sorted_totals(table: dict[str, Totals]) -> list[tuple[str, Totals]]:
    return sorted(table.items(), key=lambda item: (-item[1].size, item[0]))


def summarize_items(
    summary: Summary, items: Iterable[ObjectMetadata], progress: Callable[[Summary], None] | None
) -> Summary:
    """Add ``items`` to ``summary``, calling ``progress`` with it at most every PROGRESS_EVERY seconds and at the end.

    ``progress`` runs in the summarizing thread, with the summary being filled: read it there (or copy what you
    need), as it goes on changing once the call returns.
    """
    started = time.monotonic()
    last = started - PROGRESS_EVERY  # the first object is reported at once: a slow server still shows progress
    for item in items:
        summary.add(item)
        now = time.monotonic()
        if progress is not None and now - last >= PROGRESS_EVERY:
            summary.elapsed = now - started
            progress(summary)
            last = now
    summary.elapsed = time.monotonic() - started
    summary.done = True
    if progress is not None:
        progress(summary)
    return summary
