"""The one runner: every job's items go through ``run_job`` (one action per item, a few at a time) or
``run_bulk`` (one library call that does them all, such as ``delete_objects``).

Both block, so call them from a worker thread. Both share the rules a user relies on:

- one ``threading.Event`` cancels: items not started never start, running ones get the event (the library
  stops a transfer at its next chunk and leaves nothing partial), finished ones are kept;
- an item's error is its own: it is mapped to an outcome and a one-line ``reason``, and the others go on;
- progress goes to the listener from a reporter thread every ``interval`` seconds, so a slow or failing
  listener never stalls the work; the listener's last call is the final snapshot (``finished`` set).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from objstore_tui.object_store import CancelledError, ObjectStoreError, ObjectStoreValueError

from .model import ItemIssue, JobProgress, JobReport, Outcome
from .tracker import ProgressHook, Tracker
from .widening import Widening

log = logging.getLogger(__name__)

DEFAULT_WORKERS = 8
"""Items in flight at once. Against moto on 2 cores (tests/benchmarks/bench_transfers.py) 6 to 16 are equal
within noise and 4 is slower, the server's CPU being the limit. Transfers of small files widen from here while
that pays (``widening.py``), up to twice as many, inside the SDK adapters' connection pools (32 connections)."""

PROGRESS_INTERVAL = 0.1
"""Seconds between progress snapshots: smooth to the eye, cheap for the UI."""

type Listener = Callable[[JobProgress], None]


class SkipItem(Exception):
    """Raised by an action to leave its item alone on purpose, e.g. the destination exists and the policy
    says skip; ``reason`` is shown beside the item."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ItemContext:
    """What an action gets besides its item: the hook for its bytes (pass it as the library's ``progress=``)
    and the job's one cancel event (pass it as ``cancel=``)."""

    progress: ProgressHook
    cancel: threading.Event


type Action[Item, Value] = Callable[[Item, ItemContext], Value]
"""Does one item; its return value is kept in the item's result (e.g. the path a download was renamed to)."""

type BulkCall = Callable[[ProgressHook, threading.Event], tuple[Iterable[str], Iterable[ItemIssue]]]
"""Does every item in one library call, given a (done, total) hook and the cancel event; returns the names
done and the issues of the names that failed. Names it returns in neither were not reached."""


def reason(error: BaseException) -> str:
    """Why an item failed, in one line: the library's reason (the screen names the item already), else the
    error's own message, else its type."""
    return error.reason if isinstance(error, ObjectStoreError) else str(error) or type(error).__name__


def check_cancel(cancel: threading.Event | None, bucket: str | None = None) -> None:
    """For work outside items (a planner listing a bucket): stop with the same exception as everything else.

    Planning changes nothing, so a cancel there means nothing was changed, which the message says.
    """
    if cancel is not None and cancel.is_set():
        raise CancelledError("cancelled before anything was changed", bucket=bucket)


def run_job[Item, Value](
    items: Sequence[Item],
    action: Action[Item, Value],
    *,
    name: Callable[[Item], str] = str,
    size: Callable[[Item], int] | None = None,
    workers: int = DEFAULT_WORKERS,
    is_big: Callable[[Item], bool] | None = None,
    big_workers: int = 1,
    widen_to: int | None = None,
    largest_first: bool = False,
    refused: Sequence[ItemIssue] = (),
    cancel: threading.Event | None = None,
    on_progress: Listener | None = None,
    interval: float = PROGRESS_INTERVAL,
) -> JobReport[Item, Value]:
    """Run ``action`` on every item, ``workers`` at a time, and report each item's outcome in item order.

    ``name`` is how a user knows an item (a key, a path); ``size`` its planned bytes, which makes progress,
    rate and ETA count bytes. Items for which ``is_big`` holds get a pool of their own, ``big_workers`` wide:
    each is already split into parallel parts by the SDK, so they must not take every slot, and small items
    keep moving beside them. ``widen_to`` lets the small items' pool grow from ``workers`` up to that many while
    it finishes more items per second (``Widening``): latency, not CPU, is then the limit. ``largest_first``
    starts the biggest items first, so none starts last and runs alone. ``refused`` (planning's refusals) go
    into the report untouched.
    """
    if workers < 1 or big_workers < 1:
        raise ObjectStoreValueError(f"a job needs at least one worker per pool, got {workers} and {big_workers}")
    cancel = cancel if cancel is not None else threading.Event()
    tracker: Tracker[Item, Value] = Tracker(items, name=name, size=size)
    order = list(range(len(items)))
    if largest_first and size is not None:
        order.sort(key=lambda index: size(items[index]), reverse=True)
    small: deque[int] = deque()
    big: deque[int] = deque()
    for index in order:
        (big if is_big is not None and is_big(items[index]) else small).append(index)

    def drain(queue: deque[int], gate: Widening | None = None, loop_id: int = 0) -> None:
        """Run items off ``queue`` until it is empty, or until ``gate`` narrows below this loop."""
        while True:
            try:
                index = queue.popleft()
            except IndexError:
                return
            _run_one(tracker, index, items[index], action, cancel)
            if gate is not None and not gate.keeps(loop_id):
                return

    big_loops = min(big_workers, len(big))
    small_loops = min(workers, len(small))
    ceiling = max(small_loops, min(widen_to or 0, len(small)))
    futures: list[Future[None]] = []
    with (
        _reporting(tracker, on_progress, interval, cancel),
        ThreadPoolExecutor(max(big_loops + ceiling, 1), "job") as pool,
    ):
        futures += [pool.submit(drain, big) for _ in range(big_loops)]
        if ceiling > small_loops:
            gate = Widening(
                small_loops,
                ceiling,
                max(1, workers // 2),
                spawn=lambda loop_id: futures.append(pool.submit(drain, small, gate, loop_id)),
            )
            futures += [pool.submit(drain, small, gate, loop_id) for loop_id in range(small_loops)]
        else:
            futures += [pool.submit(drain, small) for _ in range(small_loops)]
        # A loop appends the loops it starts before it ends, so they are listed before this reaches its end.
        waited = 0
        while waited < len(futures):
            futures[waited].result()
            waited += 1
    return tracker.report(refused=refused, cancelled=cancel.is_set())


def _run_one[Item, Value](
    tracker: Tracker[Item, Value], index: int, item: Item, action: Action[Item, Value], cancel: threading.Event
) -> None:
    """One item, start to end: the cancel is checked before it starts; its error is recorded, never raised."""
    if cancel.is_set():
        tracker.finish(index, Outcome.CANCELLED)
        return
    tracker.start(index)
    try:
        value = action(item, ItemContext(tracker.hook(index), cancel))
    except SkipItem as skip:
        tracker.finish(index, Outcome.SKIPPED, skip.reason)
    except CancelledError:
        tracker.finish(index, Outcome.CANCELLED)
    except Exception as exc:
        if not isinstance(exc, ObjectStoreError | ValueError | OSError):
            log.warning("a job's item failed unexpectedly", exc_info=exc)
        tracker.finish(index, Outcome.FAILED, reason(exc))
    else:
        tracker.finish(index, Outcome.DONE, value=value)


def run_bulk(
    names: Sequence[str],
    call: BulkCall,
    *,
    refused: Sequence[ItemIssue] = (),
    cancel: threading.Event | None = None,
    on_progress: Listener | None = None,
    interval: float = PROGRESS_INTERVAL,
) -> JobReport[str, None]:
    """Run a job that one library call does whole (``delete_objects(keys, progress=, cancel=)``), with the
    same progress, cancel and report as ``run_job``. ``names`` must be unique.

    If the call raises, what it did is unknown: every name is failed with the reason (deleting again is
    harmless, so a user can retry). A ``CancelledError`` it lets through leaves every name cancelled; a call
    that can say what it finished first (``exc.result``) returns that instead.
    """
    cancel = cancel if cancel is not None else threading.Event()
    tracker: Tracker[str, None] = Tracker(names, name=str)
    position = {item: index for index, item in enumerate(names)}
    with _reporting(tracker, on_progress, interval, cancel):
        try:
            done, failed = call(tracker.count, cancel)
        except CancelledError:
            done, failed = (), ()
        except Exception as exc:
            if not isinstance(exc, ObjectStoreError | ValueError):
                log.warning("a bulk job failed unexpectedly", exc_info=exc)
            for index in range(len(names)):
                tracker.finish(index, Outcome.FAILED, reason(exc))
            done, failed = (), ()
        for item in done:
            if item in position:
                tracker.finish(position[item], Outcome.DONE)
        for issue in failed:
            if issue.name in position:
                tracker.finish(position[issue.name], Outcome.FAILED, issue.reason)
    return tracker.report(refused=refused, cancelled=cancel.is_set())


@contextlib.contextmanager
def _reporting[Item, Value](
    tracker: Tracker[Item, Value], listener: Listener | None, interval: float, cancel: threading.Event
) -> Iterator[None]:
    """Snapshots to ``listener`` from a thread of their own while the body runs, then the final one."""
    if listener is None:
        yield
        return
    stop = threading.Event()

    def report_until_stopped() -> None:
        while not stop.wait(interval):
            _tell(listener, tracker.snapshot(cancelled=cancel.is_set()))
        _tell(listener, tracker.snapshot(cancelled=cancel.is_set(), finished=True))

    reporter = threading.Thread(target=report_until_stopped, name="job-progress", daemon=True)
    reporter.start()
    try:
        yield
    finally:
        stop.set()
        reporter.join()


def _tell(listener: Listener, snapshot: JobProgress) -> None:
    try:
        listener(snapshot)
    except Exception:
        log.exception("a job's progress listener failed")
