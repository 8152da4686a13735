"""The one way the UI runs storage calls off the event loop, and where their failures go.

The idiom, used by every screen, dialog and widget:

1. A storage call runs in a thread worker, ``@work(thread=True, exit_on_error=False, group=..., exclusive=...)``,
   that RETURNS its result (``exclusive=True`` where a newer request replaces the older one). It catches
   nothing but its own cancellation (returning None then, as when it sees ``worker.is_cancelled``): an error
   leaves the worker in the ERROR state. Its ``group`` names the kind of work and keys ``FAILURE_TITLES``.
   A worker that streams (the listing, the tree) posts dataclass messages as it goes and returns when it ends.
2. The caller awaits it with ``await outcome(worker)`` inside an async flow: an async ``@work`` worker, so the
   node keeps handling keys while it waits, as Textual's own ``DirectoryTree._loader`` awaits
   ``_load_directory``. ``outcome`` gives the result, or None when the worker was cancelled (a newer request
   replaced it, the user stopped it, the node went away) or failed. The flow checks the result is still
   wanted (same entry, same listing) before showing it.
3. Failures are never caught around a worker: they reach ``ObjstoreApp.on_worker_state_changed``, the one
   handler, which routes them by worker group: a notification titled from ``FAILURE_TITLES`` with
   ``failure_text(error)``, and for a group in ``SHOWN_IN_PLACE`` a ``WorkFailed`` message to the node that ran
   the worker, which shows the error where the user looks (the table, the preview, the tree node, a dialog).
   Textual posts ``Worker.StateChanged`` only to the node that ran the worker (it does not bubble), so
   ``outcome`` forwards a failure it sees to the app; the app's own workers reach the handler directly. A
   worker nobody awaits any more (its flow was cancelled) fails silently: the user has moved on.
4. Messages are dataclasses (``@dataclass class X(Message)``); streaming updates (rows, progress) carry the
   whole state so far, and are paced: by time (a job's reporter, a walk's progress), or for rows that should
   show at once by a ``PostSlot``, so that at most one waits in the queue. Each post wakes the event loop and
   stays queued until handled: a listing that posted per row queued 100,000 messages behind a busy UI.
5. No other ``Worker.StateChanged`` handler, no try/except around a worker, no ``asyncio.to_thread``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from textual.message import Message
from textual.worker import Worker, WorkerCancelled, WorkerFailed, WorkerState

from objstore_tui.services.formatting import visible_lines

FAILURE_TITLES: dict[str, str] = {
    "buckets": "Cannot list buckets",
    "listing": "Cannot list the folder",
    "tree": "Cannot expand the folder",
    "preview": "Cannot preview",
    "peek-bucket": "Cannot look into the bucket",
    "plan-delete": "Cannot list what to delete",
    "list-buckets": "Cannot list buckets",
    "presign": "Cannot make the link",
    "close-store": "Cannot close the previous store",
    "summary": "Cannot summarize",
    "view-open": "Cannot open the object",
    "view": "Cannot read the object",
    "view-search": "Cannot search the object",
    "folder-sizes": "Cannot size the folders",
    "list-versions": "Cannot list the versions",
    "preview-version": "Cannot preview the version",
    "change-version": "Cannot change the version",
    "compare": "Cannot compare",
    "save-plan": "Cannot save the plan",
}
"""A failed worker's notification title, by worker group; other groups are titled by the worker's name."""

SHOWN_IN_PLACE = frozenset(
    {"buckets", "listing", "tree", "preview", "peek-bucket", "plan-delete", "list-buckets", "presign", "summary"}
    | {"view-open", "list-versions", "preview-version", "compare"}
)
"""Groups whose node shows the error where the user looks, on a ``WorkFailed`` message."""


@dataclass
class WorkFailed(Message, bubble=False):
    """A worker this node ran failed: show ``text`` in place (the app has notified the user already).

    It does not bubble: a screen is not told about its widgets' failures, each node only about its own.
    """

    worker: Worker[object]
    error: BaseException
    text: str


class PostSlot:
    """One place in the UI's queue for a streaming worker's progress: the thread posts only into a free slot,
    and the handler frees it before it reads the state the message points at. Whatever the thread adds after
    that read finds the slot free and is posted next; nothing is lost and nothing piles up."""

    def __init__(self) -> None:
        self._taken = False

    def take(self) -> bool:
        """From the worker's thread: True when the slot was free (it is taken now), so post the message."""
        if self._taken:
            return False
        self._taken = True
        return True

    def free(self) -> None:
        """From the handler, first thing."""
        self._taken = False


def failure_title(worker: Worker[object]) -> str:
    return FAILURE_TITLES.get(worker.group, f"{worker.name or worker.group} failed")


def failure_text(error: BaseException | None) -> str:
    """The error as the user reads it: server text with its control characters shown, never sent."""
    return visible_lines(str(error) if error is not None else "unknown error")


async def outcome[Result](worker: Worker[Result]) -> Result | None:
    """The worker's result, or None when it was cancelled or failed (a failure is forwarded to the app)."""
    try:
        return await worker.wait()
    except WorkerCancelled:
        return None
    except WorkerFailed:
        if worker.state is WorkerState.ERROR and worker.node is not worker.node.app:
            worker.node.app.post_message(Worker.StateChanged(worker, WorkerState.ERROR))
        return None


@contextlib.contextmanager
def closed_after[Item](items: Iterator[Item]) -> Iterator[Iterator[Item]]:
    """``items`` (a lazy listing), closed when the block ends: a listing left early releases its connection."""
    try:
        yield items
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            close()
