"""Every object under a prefix, listed in parallel: the engine under ``summarize`` and ``find``.

One delimited listing per folder level (``ObjectStoreClient.list_level``), its sub-prefixes handed to a pool of
threads, as ``rclone`` lists without ``--fast-list``. A level with no sub-prefixes is one flat listing of its
keys, page by page. Objects reach the caller through a bounded queue of pages, so memory stays flat in the
number of keys (the folders still to list are held, never the keys); results come in no particular order.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from .client import ObjectStoreClient
from .errors import CancelledError, ObjectStoreValueError
from .models import Folder, ObjectMetadata

PAGE = 1000
"""Objects handed over at once: one listing page."""
MAX_WORKERS = 64
_POLL = 0.05
"""How often a waiting thread looks at the cancel and stop events, in seconds."""


class InvalidWorkersError(ObjectStoreValueError):
    pass


def validate_workers(workers: object) -> int:
    if isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= MAX_WORKERS:
        raise InvalidWorkersError(f"workers must be an integer from 1 to {MAX_WORKERS}, got {workers!r}")
    return workers


@dataclass(frozen=True, slots=True)
class _Failed:
    error: BaseException


_DONE = object()


class _Walk:
    """The shared state of one walk: folders still to list, how many threads are listing, the pages queue."""

    def __init__(self, client: ObjectStoreClient, bucket: str, prefix: str, workers: int) -> None:
        self.client = client
        self.bucket = bucket
        self.pending: deque[str] = deque([prefix])
        self.listing = 0
        self.alive = workers
        self.ready = threading.Condition()
        self.stop = threading.Event()
        """Set when a thread failed or the caller left: no more requests."""
        self.abandoned = threading.Event()
        """Set when the caller left: nobody reads the queue any more."""
        self.pages: queue.Queue[list[ObjectMetadata] | _Failed | object] = queue.Queue(maxsize=workers * 2)

    def run(self) -> None:
        """One thread: take a folder, list its level, until no folder is left and no thread is listing."""
        try:
            while (prefix := self._next_folder()) is not None:
                try:
                    self._list_level(prefix)
                finally:
                    with self.ready:
                        self.listing -= 1
                        self.ready.notify_all()
        except BaseException as exc:  # handed to the caller's thread, where it is raised
            self.stop.set()
            self._put(_Failed(exc))
        finally:
            with self.ready:
                self.alive -= 1
                last = self.alive == 0
            if last:
                self._put(_DONE)

    def _next_folder(self) -> str | None:
        with self.ready:
            while not self.pending and self.listing and not self.stop.is_set():
                self.ready.wait(_POLL)
            if self.stop.is_set() or not self.pending:
                return None
            self.listing += 1
            return self.pending.pop()  # depth first: a subtree is finished before its siblings start

    def _list_level(self, prefix: str) -> None:
        page: list[ObjectMetadata] = []
        entries = self.client.list_level(self.bucket, prefix)
        try:
            for entry in entries:
                if self.stop.is_set():
                    return
                if isinstance(entry, Folder):
                    with self.ready:
                        self.pending.append(entry.prefix)
                        self.ready.notify()
                    continue
                page.append(entry)
                if len(page) >= PAGE:
                    self._put(page)
                    page = []
            if page:
                self._put(page)
        finally:
            close = getattr(entries, "close", None)
            if close is not None:
                close()  # a listing left early releases its connection

    def _put(self, item: object) -> None:
        """Wait for room in the queue; a page is dropped once the walk stops, anything once nobody reads."""
        while True:
            try:
                self.pages.put(item, timeout=_POLL)
                return
            except queue.Full:
                if self.abandoned.is_set() or (self.stop.is_set() and isinstance(item, list)):
                    return


def walk_objects(
    client: ObjectStoreClient, bucket: str, prefix: str, workers: int, cancel: threading.Event | None
) -> Iterator[ObjectMetadata]:
    """The walk as a generator: threads start on the first ``next()``, stop when it is closed or cancelled.

    An error in any thread stops the others and is raised here; a set ``cancel`` raises ``CancelledError``.
    """
    walk = _Walk(client, bucket, prefix, workers)
    threads = [threading.Thread(target=walk.run, name=f"walk-{index}", daemon=True) for index in range(workers)]
    for thread in threads:
        thread.start()
    try:
        while True:
            try:
                item = walk.pages.get(timeout=_POLL)
            except queue.Empty:
                item = None
            if cancel is not None and cancel.is_set():
                raise CancelledError("listing cancelled", bucket=bucket, key=prefix or None)
            if item is None:
                continue
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.error
            assert isinstance(item, list)
            yield from item
    finally:
        walk.stop.set()
        walk.abandoned.set()
