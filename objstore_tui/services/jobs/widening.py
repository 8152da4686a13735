"""How many small items a job runs at once: more, while more finish per second.

Through 20 ms of latency per request (the round trip to real S3), 2,000 small downloads through the minio adapter
took 6.9 s with 8 in flight and 5.7 s widening (bench_peers, medians of 3); against a server on the same two cores,
a fixed 16 were 10 to 25% slower than 8, the CPU being the limit. Only the rate of finished items tells the two
apart, so the width is found by measuring it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

GAIN = 1.2
"""A wider pool is kept only if it finished at least this many times as many items per second. Where latency is
the limit a step from 8 to 12 gains up to 1.5x; where CPU is, about nothing, and noise stays under this."""


class Widening:
    """The width of a pool of loops that each take one item at a time: ``start`` loops to begin with.

    The first window of ``window`` seconds is a warm-up (connections opening); the second measures the items
    finished per second at ``start``. After each window the pool grows by ``step`` loops (``spawn(loop_id)``
    starts one) if that rate rose by ``GAIN`` over the window before. Once a step gains less, the width goes
    back to the last width that gained and stays there: loops numbered past it end after their current item.
    Nothing waits on anything here, so a loop pays one short lock per item.
    """

    def __init__(
        self,
        start: int,
        ceiling: int,
        step: int,
        spawn: Callable[[int], None],
        window: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.width = start
        self._ceiling = ceiling
        self._step = step
        self._spawn = spawn
        self._window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._settled = start >= ceiling
        self._window_start = clock()
        self._finished = 0
        self._warming = True
        self._last_rate = 0.0
        self._last_width = start

    def keeps(self, loop_id: int) -> bool:
        """Count one finished item; whether loop ``loop_id`` (numbered from 0) takes another."""
        with self._lock:
            self._finished += 1
            started = self._adjust() if not self._settled else range(0)
        for new_id in started:
            self._spawn(new_id)
        return loop_id < self.width

    def _adjust(self) -> range:
        """Close the window if it is over; returns the ids of the loops to start."""
        now = self._clock()
        elapsed = now - self._window_start
        if elapsed < self._window:
            return range(0)
        rate = self._finished / elapsed
        self._window_start, self._finished = now, 0
        if self._warming:
            self._warming = False
            return range(0)
        if rate < self._last_rate * GAIN:
            self.width = self._last_width
            self._settled = True
            return range(0)
        if self.width >= self._ceiling:
            self._settled = True
            return range(0)
        self._last_rate, self._last_width = rate, self.width
        self.width = min(self._ceiling, self.width + self._step)
        return range(self._last_width, self.width)
