"""The listing of the open prefix as the browser tracks it, apart from the screen: which listing is current, how
far it got, what the status line says about it, and the garbage collector held back while it streams in.
"""

from __future__ import annotations

import gc
import time

from objstore_tui.object_store import DirEntry, Folder
from objstore_tui.services.formatting import plural
from objstore_tui.services.rows import RowModel

_DEFAULT_FULL_COLLECTION_THRESHOLD = gc.get_threshold()[2]


def full_collections(*, enabled: bool) -> None:
    """Let the cycle collector run full (oldest generation) collections, or hold them off.

    Held off while a listing streams in: 100,000 new long-lived rows would set off one full collection after the
    other, each walking every object while holding the GIL, stalling keys and starving the listing thread. Young
    collections go on, so cyclic garbage is still reclaimed meanwhile.
    """
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, _DEFAULT_FULL_COLLECTION_THRESHOLD if enabled else 1 << 30)


class ListingState:
    """One prefix listed after another: each listing has a generation, so rows of a replaced one are dropped."""

    def __init__(self, *, read_timeout: float = 10.0, retries: int = 1) -> None:
        """``read_timeout`` and ``retries`` are the store's: they say when the SDK asks a silent server again."""
        self._read_timeout = read_timeout
        self._attempts = retries + 1
        self.generation = 0
        self.loading = False
        self.folder_count = 0
        self.shown = 0
        """Rows of the current listing already shown: the thread's list grows, the UI takes what is new."""
        self.error: str | None = None
        """Why the current listing ended early (its text); None while it runs or when it ran to the end."""
        self.select_when_listed: DirEntry | None = None
        """The entry that gets the cursor once listed (the one it was on before a reload), until it has."""
        self._last_rows_at = 0.0
        """When the listing last brought rows (or started): how long the server has kept us waiting."""

    def start(self, select: DirEntry | None = None) -> int:
        """A new listing replaces the current one; its generation. Full collections wait until it ends."""
        self.generation += 1
        self.loading = True
        self.folder_count = 0
        self.shown = 0
        self.error = None
        self.select_when_listed = select
        self._last_rows_at = time.monotonic()
        full_collections(enabled=False)
        return self.generation

    def is_current(self, generation: int) -> bool:
        return generation == self.generation

    def rows_arrived(self, entries: list[DirEntry]) -> None:
        self._last_rows_at = time.monotonic()
        self.shown += len(entries)
        self.folder_count += sum(1 for entry in entries if isinstance(entry, Folder))

    def finish(self, error: str | None = None) -> None:
        """The listing ended, at its end or on ``error``."""
        self.loading = False
        self.select_when_listed = None
        self.error = error
        full_collections(enabled=True)

    def stop(self) -> bool:
        """Give up on the current listing (its late rows are dropped); False when none was running."""
        if not self.loading:
            return False
        self.generation += 1
        self.loading = False
        full_collections(enabled=True)
        return True

    def waited(self, notice_after: float) -> int | None:
        """Whole seconds the running listing has waited for rows, once that is ``notice_after`` or more."""
        if not self.loading:
            return None
        waited = time.monotonic() - self._last_rows_at
        return int(waited) if waited >= notice_after else None

    def status(self, rows: RowModel, waited: int | None) -> str:
        """The status line under the table: how far the listing got, what the filter shows, what is marked."""
        total = rows.entry_count
        entries = plural(total, "entry", "entries")
        if self.error is not None:
            text = f"listing stopped after {entries}: {self.error}"
        elif self.loading and waited is not None:
            attempt = min(int(waited // self._read_timeout) + 1, self._attempts)
            again = f", asking again (try {attempt} of {self._attempts})" if attempt > 1 else ""
            text = f"waiting for the server… {waited} s{again}, {entries} so far (Esc stops)"
        elif self.loading:
            text = f"loading… {entries} so far"
        else:
            text = f"{plural(self.folder_count, 'folder')}, {plural(total - self.folder_count, 'object')}"
        if rows.filter_text:
            text = f"{rows.row_count:,} of {total:,} match “{rows.filter_text}” · {text}"
        if marked := rows.marked_count:
            text += f" · {marked:,} marked (space marks, * marks all shown)"
        return text
