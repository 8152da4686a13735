"""Every object under a prefix, listed in parallel: the engine under ``summarize`` and ``find``.

One delimited listing per folder level (``ObjectStoreClient.list_level``), its sub-prefixes handed to a pool of
threads, as ``rclone`` lists without ``--fast-list``. A level with no sub-prefixes is one flat listing of its
keys, page by page.

With ``flat_first`` (``find``: the first match sooner), one more thread lists the top flat from its first key, so
the first objects come after one request rather than two: it takes the top's sub-folders one after the other as
it meets them, and stops at the first the delimited listing has handed to the pool (or at an object of the top
level, which that listing gives); each sub-folder is claimed once, so no key is listed twice. A sub-folder it
takes is listed sequentially, which is why a summary (where only the total time counts) does without it.

Objects reach the caller through a bounded queue of pages, so memory stays flat in the number of keys (the
folders still to list are held, never the keys); results come in no particular order.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable, Iterator
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

    def __init__(self, client: ObjectStoreClient, bucket: str, prefix: str, workers: int, flat_first: bool) -> None:
        self.client = client
        self.bucket = bucket
        self.root = prefix
        self.pending: deque[str] = deque([prefix])
        self.listing = 0
        self.alive = workers + flat_first  # the pool, and the flat lister of the top
        self.claims: dict[str, bool] = {}
        """The top's sub-folders by who lists them: True the flat lister, False the pool (the top's only)."""
        self.ready = threading.Condition()
        self.stop = threading.Event()
        """Set when a thread failed or the caller left: no more requests."""
        self.abandoned = threading.Event()
        """Set when the caller left: nobody reads the queue any more."""
        self.pages: queue.Queue[list[ObjectMetadata] | _Failed | object] = queue.Queue(maxsize=workers * 2)

    def run(self) -> None:
        """One thread of the pool: take a folder, list its level, until no folder is left and no thread lists."""
        self._run(self._list_folders)

    def run_flat(self) -> None:
        """The flat lister of the top."""
        self._run(self._list_top_flat)

    def _list_folders(self) -> None:
        while (prefix := self._next_folder()) is not None:
            try:
                self._list_level(prefix)
            finally:
                with self.ready:
                    self.listing -= 1
                    self.ready.notify_all()

    def _claim(self, folder: str, flat: bool) -> bool:
        with self.ready:
            return self.claims.setdefault(folder, flat) is flat

    def _list_top_flat(self) -> None:
        """Objects of the top's sub-folders in key order, each sub-folder whole (its keys are contiguous)."""
        page: list[ObjectMetadata] = []
        entries = self.client.list_objects(self.bucket, self.root)
        current = None
        try:
            for item in entries:
                head, slash, _ = item.key[len(self.root) :].partition("/")
                folder = f"{self.root}{head}/"
                if self.stop.is_set() or not slash:
                    return
                if folder != current:
                    if not self._claim(folder, True):
                        return
                    current = folder
                page.append(item)
                if len(page) >= PAGE:
                    self._put(page)
                    page = []
        finally:
            if page:
                self._put(page)
            close = getattr(entries, "close", None)
            if close is not None:
                close()

    def _run(self, work: Callable[[], None]) -> None:
        try:
            work()
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
                    if prefix == self.root and not self._claim(entry.prefix, False):
                        continue  # the flat lister has it
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
    client: ObjectStoreClient,
    bucket: str,
    prefix: str,
    workers: int,
    cancel: threading.Event | None,
    *,
    flat_first: bool = False,
) -> Iterator[ObjectMetadata]:
    """The walk as a generator: threads start on the first ``next()``, stop when it is closed or cancelled.

    An error in any thread stops the others and is raised here; a set ``cancel`` raises ``CancelledError``.
    """
    walk = _Walk(client, bucket, prefix, workers, flat_first)
    threads = [threading.Thread(target=walk.run, name=f"walk-{index}", daemon=True) for index in range(workers)]
    if flat_first:
        threads.append(threading.Thread(target=walk.run_flat, name="walk-flat", daemon=True))
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
