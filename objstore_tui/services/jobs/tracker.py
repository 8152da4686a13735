"""The live state of one job: which item is where, bytes moved, the rate; snapshots and the final report.

Written from many threads (the runner's workers, the SDKs' progress hooks) and read by the reporter thread.
Progress hooks only store two numbers in the item's own slot, with no lock, because the SDKs call them every
few KiB; state changes take a lock so counts and the 'recent' list stay consistent.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Sequence

from .model import ItemIssue, ItemProgress, ItemResult, ItemState, JobProgress, JobReport, Outcome, Pending

RATE_WINDOW = 3.0
"""Seconds of history the rate is averaged over, so the ETA neither jumps nor lags much."""

RECENT_ITEMS = 8
"""Finished items a snapshot lists: enough to fill a screen's rows when few items are running."""

type ProgressHook = Callable[[int, int], None]
"""Called with (done, total) as an item (bytes) or a bulk call (items) advances."""


class Tracker[Item, Value]:
    """One job's state. ``size`` gives an item's planned bytes; without it the job counts items only."""

    def __init__(
        self, items: Sequence[Item], *, name: Callable[[Item], str], size: Callable[[Item], int] | None = None
    ) -> None:
        self._items = items
        self._names = [name(item) for item in items]
        self._by_bytes = size is not None
        self._done = [0] * len(items)
        self._totals = [size(item) for item in items] if size is not None else [0] * len(items)
        self._states: list[ItemState] = [Pending.QUEUED] * len(items)
        self._reasons: dict[int, str] = {}
        self._values: dict[int, Value] = {}
        self._running: set[int] = set()
        self._recent: deque[int] = deque(maxlen=RECENT_ITEMS)
        self._finished = 0
        self._failed = 0
        self._completed = 0
        self._counted = 0
        self._lock = threading.Lock()
        self._start = time.monotonic()
        self._samples: deque[tuple[float, int]] = deque()
        self._shown_bytes = 0

    def start(self, index: int) -> None:
        with self._lock:
            self._states[index] = Pending.RUNNING
            self._running.add(index)

    def hook(self, index: int) -> ProgressHook:
        """The item's byte progress hook, for the library's ``progress=``."""
        done, totals = self._done, self._totals

        def progress(bytes_done: int, bytes_total: int) -> None:
            done[index] = bytes_done
            totals[index] = bytes_total

        return progress

    def count(self, done: int, total: int) -> None:
        """A bulk call's progress hook: items done so far, without naming them (their outcomes come at the end,
        from the call's result); ``total`` is the job's own item count already."""
        self._counted = max(self._counted, min(done, len(self._items)))

    def finish(self, index: int, outcome: Outcome, reason: str = "", value: Value | None = None) -> None:
        with self._lock:
            if isinstance(self._states[index], Outcome):
                return
            self._states[index] = outcome
            self._running.discard(index)
            self._recent.append(index)
            self._finished += 1
            if outcome is Outcome.FAILED:
                self._failed += 1
            elif outcome is Outcome.DONE:
                self._completed += 1
            if reason:
                self._reasons[index] = reason
            if value is not None:
                self._values[index] = value

    def snapshot(self, *, cancelled: bool, finished: bool = False) -> JobProgress:
        """The job now. Items done and bytes done never go back: an SDK rewinding its stream for a retry holds
        the bar where it was until it catches up."""
        with self._lock:
            now = time.monotonic()
            active = tuple(self._item(index) for index in sorted(self._running))
            recent = tuple(self._item(index) for index in reversed(self._recent))
            items_finished = max(self._finished, self._counted)
            failed, completed = self._failed, self._completed
            skipped_bytes = sum(
                total for total, state in zip(self._totals, self._states, strict=True) if state is Outcome.SKIPPED
            )
            self._shown_bytes = max(self._shown_bytes, sum(self._done))
            bytes_done = self._shown_bytes
            bytes_total = sum(self._totals) - skipped_bytes
            measure = bytes_done if self._by_bytes else items_finished
            rate = self._rate(now, measure)
        remaining = (bytes_total - bytes_done) if self._by_bytes else (len(self._items) - items_finished)
        eta = max(remaining / rate, 0.0) if rate > 0 and not finished else None
        return JobProgress(
            items_total=len(self._items),
            items_finished=items_finished,
            items_failed=failed,
            items_done=completed,
            bytes_done=bytes_done,
            bytes_total=bytes_total,
            by_bytes=self._by_bytes,
            rate=rate,
            eta=eta,
            elapsed=now - self._start,
            active=active,
            recent=recent,
            cancelled=cancelled,
            finished=finished,
        )

    def report(self, *, refused: Sequence[ItemIssue], cancelled: bool) -> JobReport[Item, Value]:
        """The final report; any item still without an outcome (a bulk call that never reached it) was
        cancelled if the job was, else it failed for a reason nobody gave."""
        results = []
        for index, item in enumerate(self._items):
            state, reason = self._states[index], self._reasons.get(index, "")
            if not isinstance(state, Outcome):
                state = Outcome.CANCELLED if cancelled else Outcome.FAILED
                reason = "" if cancelled else "not reached, for no known reason"
            value, size = self._values.get(index), self._totals[index]
            results.append(ItemResult(item, self._names[index], state, reason, value, size))
        return JobReport(tuple(results), tuple(refused), cancelled, time.monotonic() - self._start)

    def _item(self, index: int) -> ItemProgress:
        return ItemProgress(index, self._names[index], self._done[index], self._totals[index], self._states[index])

    def _rate(self, now: float, measure: int) -> float:
        samples = self._samples
        samples.append((now, measure))
        while len(samples) > 2 and now - samples[1][0] >= RATE_WINDOW:
            samples.popleft()
        then, measure_then = samples[0] if len(samples) > 1 else (self._start, 0)
        return (measure - measure_then) / (now - then) if now > then else 0.0
