"""What a comparison of two prefixes is made of, and its file: a plan saved as JSON lines and loaded back.

See ``mirror`` for how a comparison is made and run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Self

from .errors import LocalPathError, ObjectStoreValueError

PLAN_KIND = "objstore-tui mirror plan"
PLAN_VERSION = 1


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
        entries = self.of(difference)
        return Tally(len(entries), sum(entry.size for entry in entries))

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
        """Write the plan as JSON lines: a header line (sides, creation time), then one line per entry. The file
        is written beside ``path`` and renamed into place, so a failure leaves no half plan."""
        _save(self, path)

    @classmethod
    def load(cls, path: Path) -> Self:
        """Read a plan ``save`` wrote; a file that is not one raises ``ObjectStoreValueError``."""
        return _load(cls, path)


def _listed_json(listed: Listed | None) -> dict[str, Any] | None:
    if listed is None:
        return None
    updated = listed.updated_time.isoformat() if listed.updated_time else None
    return {"key": listed.key, "size": listed.size, "etag": listed.etag, "updated": updated}


def _entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "name": entry.name,
        "difference": entry.difference.value,
        "method": entry.method.value if entry.method else None,
        "reason": entry.reason,
        "left": _listed_json(entry.left),
        "right": _listed_json(entry.right),
    }


def _plan_lines(plan: Comparison) -> Iterator[str]:
    header = {
        "kind": PLAN_KIND,
        "version": PLAN_VERSION,
        "created": plan.created.isoformat(),
        "left": {"store": plan.left.store, "bucket": plan.left.bucket, "prefix": plan.left.prefix},
        "right": {"store": plan.right.store, "bucket": plan.right.bucket, "prefix": plan.right.prefix},
    }
    yield json.dumps(header, ensure_ascii=False)
    for entry in plan.entries:
        yield json.dumps(_entry_json(entry), ensure_ascii=False)


def _save(plan: Comparison, path: Path) -> None:
    temp = path.with_name(f".{path.name}.partial")
    try:
        with temp.open("w", encoding="utf-8") as handle:
            for line in _plan_lines(plan):
                handle.write(line + "\n")
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise LocalPathError(f"cannot save the plan to '{path}': {exc.strerror or exc}") from exc


def _listed(data: Mapping[str, Any] | None) -> Listed | None:
    if data is None:
        return None
    updated = datetime.fromisoformat(data["updated"]) if data.get("updated") else None
    return Listed(str(data["key"]), int(data["size"]), data.get("etag"), updated)


def _entry(data: Mapping[str, Any]) -> Entry:
    method = Method(data["method"]) if data.get("method") else None
    return Entry(
        str(data["name"]),
        Difference(data["difference"]),
        _listed(data.get("left")),
        _listed(data.get("right")),
        method,
        str(data.get("reason", "")),
    )


def _side(data: Mapping[str, Any]) -> Side:
    return Side(str(data["store"]), str(data["bucket"]), str(data["prefix"]))


def _load[C: Comparison](cls: type[C], path: Path) -> C:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise LocalPathError(f"cannot read the plan '{path}': {exc.strerror or exc}") from exc
    try:
        header = json.loads(lines[0]) if lines else {}
        if header.get("kind") != PLAN_KIND or header.get("version") != PLAN_VERSION:
            raise ValueError("its first line is not a mirror plan's header")
        entries = tuple(_entry(json.loads(line)) for line in lines[1:] if line.strip())
        return cls(_side(header["left"]), _side(header["right"]), entries, datetime.fromisoformat(header["created"]))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ObjectStoreValueError(f"'{path}' is not a mirror plan this version can read: {exc}") from None
