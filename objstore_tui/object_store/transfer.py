"""Progress and cancellation shared by every adapter's uploads and downloads."""

from __future__ import annotations

import threading
from collections.abc import Callable

from .errors import TransferCancelledError

type ProgressCallback = Callable[[int, int], None]
"""Called with (bytes_done, bytes_total) as a transfer advances; from SDK worker threads."""


class TransferMonitor:
    """Counts bytes from any number of SDK threads, reports totals, and stops the transfer on cancel.

    Adapters call ``advance(n)`` from the SDK's own progress hook; raising there is how the SDKs abort a
    transfer (boto3 then aborts the multipart upload on the server).
    """

    def __init__(
        self,
        total: int,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        *,
        bucket: str | None = None,
        key: str | None = None,
    ) -> None:
        self.total = total
        self.done = 0
        self._progress = progress
        self._cancel = cancel
        self._lock = threading.Lock()
        self._bucket = bucket
        self._key = key

    @property
    def cancelled(self) -> bool:
        return self._cancel is not None and self._cancel.is_set()

    def check(self) -> None:
        if self.cancelled:
            raise TransferCancelledError("transfer cancelled", bucket=self._bucket, key=self._key)

    def advance(self, amount: int, *, stoppable: bool = True) -> None:
        """Count ``amount`` bytes; a negative amount is an SDK rewinding its stream for a retry, never refused.

        The bytes are counted before a cancel is raised: the SDK has read them, and rewinds them when it retries.
        ``stoppable=False`` reports bytes already written for good (a finished PUT): a cancel then cannot undo them,
        so it must not say it did.
        """
        with self._lock:
            self.done += amount
            # Reported under the lock: threads reporting out of order would move the bar back, and could leave
            # it short of the end after the last byte.
            if self._progress is not None:
                self._progress(self.done, self.total)
        if amount > 0 and stoppable:
            self.check()

    def set_total(self, total: int) -> None:
        self.total = total
