"""What the browser shows of the open prefix's listing: the table's rows and notice, the status line, the folders
offered to the tree. The screen runs the listing's worker and hands what it brings here; the state behind it
(which listing is current, how far it got, the garbage collector held back meanwhile) is ``ListingState``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from objstore_tui.object_store import DirEntry, Folder, ObjectStoreConnectionConfiguration
from objstore_tui.services.formatting import plural
from objstore_tui.services.listing import ListingState
from objstore_tui.services.location import Location
from objstore_tui.tui.widgets.bucket_tree import BucketTree
from objstore_tui.tui.widgets.object_table import ObjectTable
from objstore_tui.tui.widgets.preview import WAITING_NOTICE_SECONDS
from objstore_tui.tui.widgets.status_line import StatusLine


class ListingView:
    """The listing of ``screen``'s open prefix, shown in its ``ObjectTable``, ``StatusLine`` and ``BucketTree``."""

    def __init__(self, screen: Screen[Any], connection: ObjectStoreConnectionConfiguration) -> None:
        self._screen = screen
        self.state = ListingState(read_timeout=connection.read_timeout, retries=connection.max_retries)
        self.status_note: Callable[[], str] | None = None
        """What the rows are when they are not a folder's (a search's results), said on the status line."""

    @property
    def _table(self) -> ObjectTable:
        return self._screen.query_one(ObjectTable)

    def start(self, select: DirEntry | None = None) -> int:
        """A fresh listing, replacing the one before (and its rows); its generation, for the worker's messages."""
        generation = self.state.start(select)
        self._table.clear()
        self._table.notice = "Loading…"
        self.update_status()
        return generation

    def add_rows(self, entries: list[DirEntry]) -> None:
        """Rows the current listing brought; the entry to select gets the cursor as soon as it is in."""
        if not entries:
            return
        state, table = self.state, self._table
        state.rows_arrived(entries)
        table.add_entries(entries)
        if state.select_when_listed is not None and table.select_entry(state.select_when_listed):
            state.select_when_listed = None

    def finish(self, location: Location | None, error: str | None, *, offer: bool = True) -> None:
        """The listing of ``location`` ended, at its end or on ``error`` (already notified by the app's one failure
        handler): say so in the table; offer its folders to the tree (not a search's rows: ``offer`` False)."""
        self.state.finish(error)
        assert location is not None
        table = self._table
        if error is not None:
            table.notice = f"Cannot list {location}: {error}"
            return
        table.notice = "This folder is empty." if location.prefix else "This bucket is empty."
        if not offer:
            return
        folders = [entry for entry in table.rows.entries if isinstance(entry, Folder)]
        self._screen.query_one(BucketTree).offer_folders(location, folders)

    def stop(self) -> bool:
        """Stop waiting for the listing (a late answer is dropped when it comes); False when none was running."""
        if not self.state.stop():
            return False
        count = self._table.rows.entry_count
        self._table.notice = "Listing stopped. r lists the folder again."
        self.update_status()
        self.set_status(f"listing stopped after {plural(count, 'entry', 'entries')} (r lists again)")
        return True

    def show_no_buckets(self) -> None:
        self._table.clear()
        self._table.notice = "No buckets here yet. (objstore-tui --demo opens sample data.)"
        self.set_status("no buckets")

    def update_status(self) -> None:
        table, state = self._table, self.state
        waited = state.waited(WAITING_NOTICE_SECONDS)
        if waited is not None and not table.rows.entry_count:
            table.notice = f"Waiting for the server… {waited} s (Esc stops)"
        text = state.status(table.rows, waited)
        note = self.status_note() if self.status_note is not None else ""
        self.set_status(f"{text} · {note}" if note else text)

    def set_status(self, text: str) -> None:
        status = self._screen.query_one(StatusLine)
        status.set_class(self.state.error is not None, "-error")
        status.text = text
