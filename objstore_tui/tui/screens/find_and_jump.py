"""Find, measure and jump in the browser: go to a path (g), search (F, ctrl+f) with results streaming into the
table, and every folder's size in the Size column (S).

A mixin of ``MainScreen``, kept apart so the screen stays about the listing; each method acts on the screen's
table, listing and location. Storage calls run in thread workers over the library's parallel walk.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, get_current_worker

from objstore_tui.object_store import CancelledError, DirEntry, Folder, visible
from objstore_tui.object_store.summary import Summary
from objstore_tui.services.goto import Destination, parse_destination
from objstore_tui.services.location import Location
from objstore_tui.services.search import SearchRequest
from objstore_tui.tui.dialogs.goto import GoToDialog
from objstore_tui.tui.dialogs.search import SearchDialog
from objstore_tui.tui.widgets.breadcrumb import Breadcrumb
from objstore_tui.tui.workers import PostSlot, closed_after

if TYPE_CHECKING:
    from objstore_tui.object_store import ObjectStore
    from objstore_tui.tui.screens.listing import ListingView
    from objstore_tui.tui.screens.search_view import SearchView
    from objstore_tui.tui.widgets.object_table import ObjectTable


@dataclass
class FolderSizes(Message):
    """Sizes of the open folder's sub-folders so far; a newer one for the same folder replaces one not yet shown."""

    location: Location
    sizes: dict[str, int]
    final: bool

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, FolderSizes) and message.location == self.location


class FindAndJump(Screen[None]):
    """``MainScreen``'s go to, search and folder sizes (the base of ``MainScreen``, which defines the rest)."""

    if TYPE_CHECKING:  # what MainScreen provides
        store: ObjectStore
        listing: ListingView
        search_view: SearchView
        _location: Location | None
        _listing: Worker[list[DirEntry] | None] | None
        _going_to: Destination | None
        _sizing_folders: bool

        @property
        def table(self) -> ObjectTable: ...
        def open_location(self, location: Location, *, select: DirEntry | None = None) -> None: ...
        def bucket_names(self) -> list[str]: ...
        def _close_filter(self) -> None: ...
        def _finish_listing(self, listing: Worker[list[DirEntry] | None], generation: int) -> Worker[None]: ...
        def _stream_rows(
            self, entries: Iterator[DirEntry], rows: list[DirEntry], generation: int, slot: PostSlot
        ) -> bool: ...

    # Go to (g)
    def action_goto(self) -> None:
        self._ask_goto()

    @work(exclusive=True, exit_on_error=False, group="goto", name="go-to")
    async def _ask_goto(self) -> None:
        current = self._location.bucket if self._location is not None else None
        parse = partial(
            parse_destination,
            current_bucket=current,
            buckets=self.bucket_names(),
            endpoint=self.store.config.connection.endpoint or "",
        )
        destination = await self.app.push_screen_wait(GoToDialog(parse))
        if destination is not None:
            self.go_to(destination)

    def go_to(self, destination: Destination) -> None:
        """Open the destination's folder (the tree expands to it) and highlight its entry once listed."""
        self._going_to = destination if destination.name else None
        self.open_location(destination.location)
        self.table.focus()

    def _highlight_gone_to(self) -> None:
        """After the listing: the entry go to named, an object before a folder of the same name, or say it is not
        there."""
        destination, self._going_to = self._going_to, None
        if destination is None or destination.location != self._location:
            return
        entries = [entry for entry in self.table.rows.entries if entry.name == destination.name]
        entries.sort(key=lambda entry: isinstance(entry, Folder))
        if not entries or not self.table.select_entry(entries[0]):
            self.notify(
                f"No object or folder {visible(destination.name)} in {visible(str(destination.location))}.",
                title="Go to",
                severity="warning",
                markup=False,
            )

    # Search (F, ctrl+f): results stream into the table
    def action_search(self) -> None:
        if self._location is None:
            self.notify("Open a bucket first.", severity="warning")
            return
        self._ask_search(self.search_view.origin if self.search_view.active else self._location)

    @work(exclusive=True, exit_on_error=False, group="search-ask", name="ask-search")
    async def _ask_search(self, folder: Location) -> None:
        request = await self.app.push_screen_wait(SearchDialog(folder))
        if request is not None:
            self.search(request)

    def search(self, request: SearchRequest) -> None:
        """Show the objects under ``request.root`` that match, as they are found; Backspace returns to the folder."""
        self.search_view.start(request, self._location)
        self._location = request.root
        self._close_filter()
        self.table.show_keys = True
        generation = self.listing.start()
        self.query_one(Breadcrumb).update(self.search_view.title())
        self._listing = self._find(request, generation)
        self._finish_listing(self._listing, generation)
        self._start_folder_sizes()  # off in a results view
        self.table.focus()
        self.refresh_bindings()

    @work(thread=True, exclusive=True, exit_on_error=False, group="listing", name="search")
    def _find(self, request: SearchRequest, generation: int) -> list[DirEntry] | None:
        """Like ``_list_location``, with the matches of a parallel walk; None when stopped or replaced."""
        worker = get_current_worker()
        stop = threading.Event()

        def looked_at(count: int) -> None:
            self.search_view.scanned = count
            if worker.is_cancelled:
                stop.set()

        rows: list[DirEntry] = []
        root = request.root
        found = self.store.find(root.prefix, root.bucket, progress=looked_at, cancel=stop, **request.find_arguments())
        try:
            with closed_after(found) as matches:
                if not self._stream_rows(matches, rows, generation, PostSlot()):
                    return None
        except CancelledError:
            if stop.is_set():
                return None
            raise
        return rows

    def _leave_search(self) -> None:
        self.search_view.leave()
        self.table.show_keys = False

    # Folder sizes (S): every folder's size in the Size column, from one parallel walk of the open folder
    def action_toggle_folder_sizes(self) -> None:
        self._sizing_folders = not self._sizing_folders
        self._start_folder_sizes()
        self.notify("Folder sizes: " + ("computing in the background." if self._sizing_folders else "off."))

    def _start_folder_sizes(self) -> None:
        self.workers.cancel_group(self, "folder-sizes")
        location = self._location
        if not self._sizing_folders or location is None or self.search_view.active:
            self.table.set_folder_sizes(None)
            return
        self.table.set_folder_sizes({})
        self._size_folders(location)

    @work(thread=True, exclusive=True, exit_on_error=False, group="folder-sizes", name="size-folders")
    def _size_folders(self, location: Location) -> None:
        worker = get_current_worker()
        stop = threading.Event()

        def post(summary: Summary) -> None:
            if worker.is_cancelled:
                stop.set()
                return
            sizes = {f"{summary.folder}{name}/": totals.size for name, totals in summary.tree.folders.items()}
            self.post_message(FolderSizes(location, sizes, summary.done))

        try:
            self.store.summarize(location.prefix, location.bucket, largest=0, progress=post, cancel=stop)
        except CancelledError:
            if not stop.is_set():
                raise

    def on_folder_sizes(self, message: FolderSizes) -> None:
        if self._sizing_folders and message.location == self._location and not self.search_view.active:
            self.table.set_folder_sizes(message.sizes, final=message.final)
