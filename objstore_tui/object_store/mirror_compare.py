"""How two listings are compared, name by name: the rules behind ``mirror.compare``.

Size first (different sizes are different objects); then the ETags where they say something about the bytes
on both sides: two plain MD5s, or two multipart ETags of the same part count (same layout, same parts, same
ETag). Otherwise (a local file without an ETag, a multipart ETag against a plain one, ETags that are not MD5s)
the modification time: the right is the same when it is not older than the left (to the second), i.e. it was
written after the left was. With ``checksum`` those entries are read on both sides and their SHA-256 compared instead.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import replace

from .errors import CancelledError
from .mirror_model import Difference, Entry, Listed, Method, Side
from .store import ObjectStore
from .transfer import ProgressCallback

_PLAIN_MD5 = re.compile(r"^[0-9a-f]{32}$")
_COMPOSITE = re.compile(r"^[0-9a-f]{32}-(\d+)$")
_CHUNK = 1024 * 1024


class Counter:
    """Counts objects listed on both sides (two threads) for a (listed, listed) progress callback."""

    def __init__(self, progress: ProgressCallback | None) -> None:
        self._progress = progress
        self._count = 0
        self._lock = threading.Lock()

    def add(self) -> None:
        with self._lock:
            self._count += 1
            count = self._count
        if self._progress is not None and count % 100 == 0:
            self._progress(count, count)


def check_cancel(cancel: threading.Event | None, bucket: str) -> None:
    if cancel is not None and cancel.is_set():
        raise CancelledError("comparison cancelled; nothing was changed", bucket=bucket)


def listing(
    store: ObjectStore, bucket: str, prefix: str, cancel: threading.Event | None, counter: Counter
) -> dict[str, Listed]:
    """Every object under ``prefix`` by its name below it; the prefix's own folder marker (name '') left out."""
    found: dict[str, Listed] = {}
    for item in store.list_objects(prefix, bucket):
        check_cancel(cancel, bucket)
        name = item.key[len(prefix) :]
        if name:
            etag = item.etag.lower() if item.etag else None
            found[name] = Listed(item.key, item.size, etag, item.updated_time)
            counter.add()
    return found


def comparable(left: str | None, right: str | None) -> bool:
    """Whether equal ETags mean equal bytes and different ones different bytes."""
    if left is None or right is None:
        return False
    if _PLAIN_MD5.match(left) and _PLAIN_MD5.match(right):
        return True
    left_parts, right_parts = _COMPOSITE.match(left), _COMPOSITE.match(right)
    return bool(left_parts and right_parts and left_parts.group(1) == right_parts.group(1))


def compared(left: Listed, right: Listed) -> tuple[Difference, Method, str]:
    """How one name compares when both sides have it: its class, the method and, if different, why."""
    if left.size != right.size:
        return Difference.DIFFERENT, Method.SIZE, f"sizes differ: {left.size:,} and {right.size:,} bytes"
    if comparable(left.etag, right.etag):
        if left.etag == right.etag:
            return Difference.SAME, Method.ETAG, ""
        return Difference.DIFFERENT, Method.ETAG, "same size, ETags differ"
    if left.updated_time is None or right.updated_time is None or _seconds(right) < _seconds(left):
        return Difference.DIFFERENT, Method.SIZE_MTIME, "same size, the right is older (ETags not comparable)"
    return Difference.SAME, Method.SIZE_MTIME, ""


def _seconds(listed: Listed) -> int:
    """Whole seconds: S3 servers give Last-Modified to the second (HTTP dates), a file system to the nanosecond,
    so a copy written in the same second as its source would otherwise look older."""
    assert listed.updated_time is not None
    return int(listed.updated_time.timestamp())


def classify(left: Mapping[str, Listed], right: Mapping[str, Listed]) -> list[Entry]:
    """Every name of either side, in name order, classed."""
    entries = []
    for name in sorted(left.keys() | right.keys()):
        mine, theirs = left.get(name), right.get(name)
        if theirs is None:
            entries.append(Entry(name, Difference.ONLY_LEFT, mine, None))
        elif mine is None:
            entries.append(Entry(name, Difference.ONLY_RIGHT, None, theirs))
        else:
            difference, method, reason = compared(mine, theirs)
            entries.append(Entry(name, difference, mine, theirs, method, reason))
    return entries


def by_checksum(
    entries: Iterable[Entry],
    left_store: ObjectStore,
    left: Side,
    right_store: ObjectStore,
    right: Side,
    cancel: threading.Event | None,
    progress: ProgressCallback | None,
) -> list[Entry]:
    """The entries compared by modification time, compared again by reading both sides."""
    result = list(entries)
    to_check = [index for index, entry in enumerate(result) if entry.method is Method.SIZE_MTIME]
    for checked, index in enumerate(to_check, start=1):
        entry = result[index]
        assert entry.left is not None and entry.right is not None
        check_cancel(cancel, left.bucket)
        same = _sha256(left_store, left.bucket, entry.left.key, cancel) == _sha256(
            right_store, right.bucket, entry.right.key, cancel
        )
        difference = Difference.SAME if same else Difference.DIFFERENT
        result[index] = replace(
            entry, difference=difference, method=Method.CHECKSUM, reason="" if same else "same size, bytes differ"
        )
        if progress is not None:
            progress(checked, len(to_check))
    return result


def _sha256(store: ObjectStore, bucket: str, key: str, cancel: threading.Event | None) -> str:
    digest = hashlib.sha256()
    with store.get_object(key, bucket) as body:
        while chunk := body.read(_CHUNK):
            check_cancel(cancel, bucket)
            digest.update(chunk)
    return digest.hexdigest()
