"""Compare two prefixes, possibly on two stores, and mirror the left one onto the right from a reviewable plan.

``compare`` (alias ``plan_mirror``) lists both sides once and classes every name (the key below its prefix) as
only on the left, only on the right, the same, or different. Two objects are compared by size and ETag where
the ETags are comparable (both plain MD5s, or multipart ETags with the same part count); otherwise by size and
modification time (the right not older than the left), and the entry says so; ``checksum=True`` streams both
sides of such entries and compares their SHA-256 instead.

The plan is a frozen ``Comparison``: nothing is written while it is made, and it can be saved as JSON lines
for the record and loaded back. ``run_mirror`` copies what is only on the left or different, and deletes what
is only on the right only when asked. It first lists the right side again and leaves out what is already the
same, so re-running an interrupted mirror does only what is left, and a second mirror does nothing.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Self

from .store import ObjectStore
from .transfer import ProgressCallback


class Difference(StrEnum):
    """How one name compares between the two sides."""

    ONLY_LEFT = "only-left"
    ONLY_RIGHT = "only-right"
    SAME = "same"
    DIFFERENT = "different"


class Method(StrEnum):
    """How two objects of the same name were compared."""

    ETAG = "size+etag"
    SIZE_MTIME = "size+mtime"
    """The ETags were not comparable (multipart with other parts, no MD5): same size and the right not older."""
    CHECKSUM = "checksum"
    """Both sides were read and their SHA-256 compared."""
    SIZE = "size"
    """The sizes differ: nothing more was needed."""


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a comparison: where it is, as a user would name it."""

    store: str
    """A label for the store (its endpoint, or the local folder); for the record, never a secret."""
    bucket: str
    prefix: str


@dataclass(frozen=True, slots=True)
class Listed:
    """One object as listed: what a comparison needs of it, and what a plan file records."""

    key: str
    size: int
    etag: str | None
    updated_time: datetime | None


@dataclass(frozen=True, slots=True)
class Entry:
    """One name (the key below its side's prefix) and how it compares."""

    name: str
    difference: Difference
    left: Listed | None
    right: Listed | None
    method: Method | None = None
    """How left and right were compared; None when only one side has the name."""
    reason: str = ""
    """Why DIFFERENT, in words ('sizes differ: 10 and 12 bytes')."""

    @property
    def size(self) -> int:
        """The bytes a mirror moves for it: the left's; the right's for an object only on the right."""
        return self.left.size if self.left is not None else (self.right.size if self.right is not None else 0)


@dataclass(frozen=True, slots=True)
class Tally:
    count: int = 0
    bytes: int = 0


@dataclass(frozen=True, slots=True)
class Comparison:
    """Every name under both prefixes, in name order, classed; also the plan ``run_mirror`` follows."""

    left: Side
    right: Side
    entries: tuple[Entry, ...]
    created: datetime = field(compare=False)

    def of(self, difference: Difference) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.entries if entry.difference is difference)

    def tally(self, difference: Difference) -> Tally:
        """How many entries, and their bytes, of one class."""
        raise NotImplementedError

    @property
    def methods(self) -> frozenset[Method]:
        """How the entries present on both sides were compared: a screen says when mtime was used."""
        return frozenset(entry.method for entry in self.entries if entry.method is not None)

    @property
    def to_copy(self) -> tuple[Entry, ...]:
        """What a mirror copies left to right: only on the left, or different."""
        return tuple(e for e in self.entries if e.difference in (Difference.ONLY_LEFT, Difference.DIFFERENT))

    @property
    def extra(self) -> tuple[Entry, ...]:
        """What a mirror deletes on the right when asked: only on the right."""
        return self.of(Difference.ONLY_RIGHT)

    def left_key(self, entry: Entry) -> str:
        return self.left.prefix + entry.name

    def right_key(self, entry: Entry) -> str:
        return self.right.prefix + entry.name

    def is_noop(self, delete_extra: bool = False) -> bool:
        """True when a mirror would change nothing."""
        return not self.to_copy and not (delete_extra and self.extra)

    def save(self, path: Path) -> None:
        """Write the plan as JSON lines: a header line (sides, creation time), then one line per entry."""
        raise NotImplementedError

    @classmethod
    def load(cls, path: Path) -> Self:
        """Read a plan ``save`` wrote; a file that is not one raises ``ObjectStoreValueError``."""
        raise NotImplementedError


type MirrorPlan = Comparison


def compare(
    left_store: ObjectStore,
    left_prefix: str,
    right_store: ObjectStore,
    right_prefix: str,
    *,
    left_bucket: str | None = None,
    right_bucket: str | None = None,
    checksum: bool = False,
    cancel: threading.Event | None = None,
    progress: ProgressCallback | None = None,
) -> Comparison:
    """List both prefixes and class every name; see the module's docstring. Changes nothing.

    ``progress`` gets (objects listed, objects listed) while listing, then (entries checked, entries to check)
    while ``checksum`` reads both sides. ``cancel`` raises ``CancelledError``.
    """
    raise NotImplementedError


def plan_mirror(
    left_store: ObjectStore,
    left_prefix: str,
    right_store: ObjectStore,
    right_prefix: str,
    *,
    left_bucket: str | None = None,
    right_bucket: str | None = None,
    checksum: bool = False,
    cancel: threading.Event | None = None,
    progress: ProgressCallback | None = None,
) -> MirrorPlan:
    """The plan for mirroring ``left_prefix`` onto ``right_prefix``: the comparison of the two."""
    return compare(
        left_store,
        left_prefix,
        right_store,
        right_prefix,
        left_bucket=left_bucket,
        right_bucket=right_bucket,
        checksum=checksum,
        cancel=cancel,
        progress=progress,
    )


class ActionKind(StrEnum):
    COPY = "copy"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class MirrorAction:
    """One thing a mirror does: copy an entry left to right, or delete it on the right."""

    kind: ActionKind
    entry: Entry
    left_key: str
    right_key: str

    @property
    def size(self) -> int:
        return self.entry.size if self.kind is ActionKind.COPY else 0


@dataclass(frozen=True, slots=True)
class MirrorFailure:
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class MirrorResult:
    """What a mirror did, by right-side key."""

    copied: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    already_done: tuple[str, ...] = ()
    """Entries of the plan found the same on the right when the run started (an earlier run did them)."""
    failed: tuple[MirrorFailure, ...] = ()
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed and not self.cancelled


def pending_actions(
    plan: Comparison,
    right_store: ObjectStore,
    *,
    delete_extra: bool = False,
    cancel: threading.Event | None = None,
) -> tuple[tuple[MirrorAction, ...], tuple[str, ...]]:
    """The actions of ``plan`` still to do, and the right keys found already done: the right side is listed
    again, and an entry whose right object now equals its planned left one is left out."""
    raise NotImplementedError


def apply_action(
    plan: Comparison,
    action: MirrorAction,
    left_store: ObjectStore,
    right_store: ObjectStore,
    *,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> str:
    """Do one action (a verified ``copy_between``, or a delete on the right); returns the right key."""
    raise NotImplementedError


def run_mirror(
    plan: Comparison,
    left_store: ObjectStore,
    right_store: ObjectStore,
    *,
    delete_extra: bool = False,
    workers: int = 8,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> MirrorResult:
    """Make the right side match the left as ``plan`` says: ``pending_actions``, then ``apply_action`` on each,
    ``workers`` at a time. ``progress`` gets (bytes copied, bytes to copy). A cancel stops new actions and the
    running copies (their uploads aborted); the result says what was done. Failures are per entry."""
    raise NotImplementedError
