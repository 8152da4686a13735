"""The browser screen: bucket tree, object table with breadcrumb and filter, preview pane.

It runs the listing of the open prefix: one exclusive thread worker streams ``list_dir`` into the table (a
``ListingProgress`` whenever the last one was handled, so at most one waits), so a newer location cancels an
older listing and rows show as they arrive, even when the SDK then blocks on the next page (``tui.workers`` has
the idiom). What the listing shows is ``ListingView``'s (``listing.py``), its state ``ListingState``'s; the write
actions are ``BrowserOperations`` flows, with this screen as their ``BrowserContext`` and their keys' actions
from its base ``OperationKeys`` (``browser_context.py``); go to, search and folder sizes are its base
``FindAndJump`` (``find_and_jump.py``). Over ~400 lines because it is the one place where the
tree, the table, the filter, the preview, the search results, the deleted rows and the flows meet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import Worker, WorkerState, get_current_worker

from objstore_tui.object_store import (
    DirEntry,
    Folder,
    ObjectMetadata,
    ObjectStore,
    StoreConnectionError,
)
from objstore_tui.services.deleted_listing import deleted_entries
from objstore_tui.services.goto import Destination
from objstore_tui.services.listing import full_collections
from objstore_tui.services.location import Location, bucket_order
from objstore_tui.services.rows import SortColumn
from objstore_tui.services.target import Target, TargetSource
from objstore_tui.tui.screens.browser_context import OPERATION_BINDINGS, WRITE_ACTIONS, OperationKeys
from objstore_tui.tui.screens.find_and_jump import FindAndJump
from objstore_tui.tui.screens.listing import ListingView
from objstore_tui.tui.screens.operations import BrowserOperations
from objstore_tui.tui.screens.search_view import SearchView
from objstore_tui.tui.screens.viewer import ViewerScreen
from objstore_tui.tui.widgets.breadcrumb import Breadcrumb
from objstore_tui.tui.widgets.bucket_tree import BucketTree
from objstore_tui.tui.widgets.key_footer import KeyFooter
from objstore_tui.tui.widgets.object_table import ObjectTable
from objstore_tui.tui.widgets.preview import PreviewPane
from objstore_tui.tui.widgets.status_line import StatusLine
from objstore_tui.tui.widgets.store_header import StoreHeader
from objstore_tui.tui.widgets.text_view import TextView
from objstore_tui.tui.workers import PostSlot, WorkFailed, closed_after, outcome

NARROW_TERMINAL = 120
"""Below this many columns the tree and the preview give the table room for sizes (and times when it fits)."""


class MainScreen(FindAndJump, OperationKeys):
    """The browser. The write actions (upload, delete, …) are ``BrowserOperations`` flows over this screen as their
    ``BrowserContext``: ``target()`` (what has the focus) and ``reload()``; ``WRITE_ACTIONS`` are hidden and
    refused in read-only mode.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *OPERATION_BINDINGS,
        # A priority binding runs as the app reads the key, so keys that arrive with it already go to the filter.
        Binding("slash", "filter", "Filter", priority=True),
        Binding("F,ctrl+f", "search", "Search"),  # before the rest: the footer at 80 columns still shows it
        Binding("escape", "stop_loading", "Stop loading", show=False),  # the status line says "Esc stops"
        Binding("escape", "clear_filter_or_marks", "Clear filter, else marks"),
        Binding("backspace", "go_up", "Up"),
        Binding("r", "refresh", "Refresh"),
        Binding("v", "toggle_preview", "Preview"),
        Binding("1", "sort('name')", "Sort by name", show=False),
        Binding("2", "sort('size')", "Sort by size", show=False),
        Binding("3", "sort('modified')", "Sort by last modified", show=False),
        Binding("4", "sort('type')", "Sort by type", show=False),
        Binding("o", "view", "View", show=False),
        Binding("g", "goto", "Go to", show=False),
        Binding("S", "toggle_folder_sizes", "Folder sizes", show=False),
        Binding("D", "toggle_deleted", "Show deleted", show=False),
    ]

    WRITE_ACTIONS: ClassVar[frozenset[str]] = WRITE_ACTIONS

    HELP_SECTIONS: ClassVar[tuple[tuple[str, type[Widget]], ...]] = (
        ("Object table", ObjectTable),
        ("Bucket tree", BucketTree),
        ("Preview text", TextView),
    )

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_TERMINAL, "-wide")]

    DEFAULT_CSS = """
    MainScreen {
        &.-narrow BucketTree { width: 18; min-width: 12; }
        &.-narrow PreviewPane { width: 30%; }
        #panes { height: 1fr; }
        #table-pane { width: 1fr; }
        #filter { display: none; height: 1; border: none; padding: 0 1; background: $boost; }
        #filter.-active { display: block; }
        #listing-status { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
        #listing-status.-error { color: $text-error; }
    }
    """

    @dataclass
    class BucketsLoaded(Message):
        names: list[str]

    @dataclass
    class StoreUnusable(Message):
        """The store failed before anything could be shown: the app replaces this screen with the error screen."""

        error: BaseException

    @dataclass
    class ListingProgress(Message):
        """Listing number ``generation`` has brought ``rows`` so far (its thread appends to the list); posted
        into ``slot``, so the rows that come while it waits are shown with it, not queued behind it."""

        generation: int
        rows: list[DirEntry]
        slot: PostSlot

    def __init__(
        self,
        store: ObjectStore,
        *,
        store_label: str,
        read_only: bool,
        start: Location | None,
        read_only_reason: str = "--read-only",
    ) -> None:
        """Opens ``start``, else the configuration's root bucket, else the first bucket listed."""
        super().__init__()
        self.store = store
        self.read_only = read_only
        self.read_only_reason = read_only_reason
        self._store_label = store_label
        root_bucket = store.config.root_bucket
        self._start = start or (Location(root_bucket) if root_bucket else None)
        self._location: Location | None = None
        self.listing = ListingView(self, store.config.connection)
        self._listing: Worker[list[DirEntry] | None] | None = None
        self._relisting_buckets = False
        self.operations = BrowserOperations(self, self)
        self._going_to: Destination | None = None
        self.search_view = SearchView()
        self._sizing_folders = False
        self.listing.status_note = self.search_view.status

        self.show_deleted = False
        """D: the listing also shows deleted objects (versioned buckets), dimmed."""

    def compose(self) -> ComposeResult:
        yield StoreHeader(self._store_label, read_only=self.read_only)
        with Horizontal(id="panes"):
            yield BucketTree(self.store, id="tree")
            with Vertical(id="table-pane"):
                yield Breadcrumb(id="breadcrumb")
                yield Input(placeholder="filter names… (Enter keeps it, Esc clears it)", id="filter")
                yield ObjectTable(id="table")
                yield StatusLine(id="listing-status")
            yield PreviewPane(self.store, id="preview")
        yield KeyFooter()

    def on_unmount(self) -> None:
        full_collections(enabled=True)  # a listing still streaming when the screen goes never finishes

    def on_mount(self) -> None:
        self.query_one(Breadcrumb).show(None)
        self.table.notice = "Connecting…"
        self.table.focus()
        self._load_buckets()
        self.set_interval(1.0, self._show_waiting)

    # What other actions build on
    @property
    def table(self) -> ObjectTable:
        return self.query_one(ObjectTable)

    @property
    def location(self) -> Location | None:
        """The bucket and prefix the table shows."""
        return self._location

    @property
    def highlighted_entry(self) -> DirEntry | None:
        return self.table.highlighted_entry

    def target(self) -> Target | None:
        """The tree node when the tree has the focus, else the table's marked rows or its highlighted one."""
        tree = self.query_one(BucketTree)
        node = tree.cursor_node
        if self.focused is tree and node is not None and node.data is not None:
            return Target.from_tree_node(node.data)
        if self._location is None:
            return None
        table = self.table
        marked = table.rows.marked_entries
        highlighted = table.highlighted_entry
        entries = marked or ([highlighted] if highlighted is not None else [])
        return Target.from_table(self._location, entries)

    def bucket_names(self) -> list[str]:
        return self.query_one(BucketTree).bucket_names()

    def reload_buckets(self) -> None:
        """List the buckets again after one was created or deleted, staying where the user is if it still exists."""
        self._start = self._location
        self._relisting_buckets = True
        self._load_buckets()

    @property
    def is_listing(self) -> bool:
        """True while the open prefix is still being listed."""
        return self.listing.state.loading

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.WRITE_ACTIONS:
            return not self.read_only
        if action == "filter":
            return not self.query_one("#filter").has_focus  # there, '/' is part of a name
        if action == "stop_loading":  # Esc in an open filter closes the filter first
            return (self.listing.state.loading or self.query_one(PreviewPane).is_loading) and not self._filter_open()
        if action == "clear_filter_or_marks":
            return self._filter_open() or bool(self.table.rows.marked_count)
        if action == "refuse_read_only":
            return self.read_only
        if action == "go_up":
            return self.search_view.active or (self._location is not None and self._location.parent is not None)
        return True

    # Buckets
    @work(thread=True, exclusive=True, exit_on_error=False, group="buckets", name="list-buckets")
    def _list_buckets(self) -> list[str]:
        return [bucket.name for bucket in self.store.list_buckets()]

    @work(exclusive=True, exit_on_error=False, group="show-buckets", name="show-buckets")
    async def _load_buckets(self) -> None:
        names = await outcome(self._list_buckets())
        if names is not None:
            self.post_message(self.BucketsLoaded(names))

    def on_main_screen_buckets_loaded(self, message: BucketsLoaded) -> None:
        names = bucket_order(message.names)
        start = self._start or (Location(names[0]) if names else None)
        if start is not None and start.bucket not in names:
            if self._relisting_buckets:  # the open bucket was just deleted
                start = Location(names[0]) if names else None
            else:
                names = bucket_order([*names, start.bucket])
        self._relisting_buckets = False
        self.query_one(BucketTree).set_buckets(names)
        if start is None:
            self._location = None
            self.query_one(Breadcrumb).show(None)
            self.listing.show_no_buckets()
        else:
            self.open_location(start)

    @on(WorkFailed)
    def _work_failed(self, message: WorkFailed) -> None:
        """In place: the listing's error in the table; without buckets, the start bucket, else the error screen."""
        if message.worker.group == "buckets":
            self._buckets_failed(message.error)
        elif message.worker is self._listing and self.listing.state.loading:
            self.listing.finish(self._location, message.text)
            self.listing.update_status()
            self.refresh_bindings()

    @on(Worker.StateChanged)
    def _pass_on_operation_failure(self, event: Worker.StateChanged) -> None:
        """Documented exception to the one handler: ``BrowserOperations``' flows (group "operation") do not await
        through ``outcome`` yet, and Textual does not bubble worker states, so their failures are passed on to
        the app here; once the job flows follow ``tui.workers``, this goes."""
        if event.state is WorkerState.ERROR and event.worker.group == "operation":
            self.app.post_message(Worker.StateChanged(event.worker, event.state))

    def _buckets_failed(self, error: BaseException) -> None:
        """Keys that may not list buckets can still browse the bucket they were given; otherwise nothing can."""
        start = self._start
        if start is None or isinstance(error, StoreConnectionError | ValueError):
            self.post_message(self.StoreUnusable(error))
            return
        self.query_one(BucketTree).set_buckets([start.bucket])
        self.open_location(start)

    # Listing the open prefix
    def open_location(self, location: Location, *, select: DirEntry | None = None) -> None:
        """Show ``location`` in the table, listing it afresh; ``select`` gets the cursor once it is listed."""
        self._leave_search()
        self._location = location
        self._close_filter()
        generation = self.listing.start(select)
        self.query_one(Breadcrumb).show(location)
        self.query_one(BucketTree).reveal(location)
        self._listing = self._list_location(location, generation)
        self._finish_listing(self._listing, generation)
        self.refresh_bindings()
        self._start_folder_sizes()

    def reload(self) -> None:
        """List the open prefix again, keeping the cursor on the same entry if it is still there; after an action
        on a tree node elsewhere, list that node's parent in the tree again too."""
        if self.search_view.request is not None:
            self.search(self.search_view.request)
            return
        target = self.target()
        if target is not None and target.source is TargetSource.TREE and target.location != self._location:
            self.query_one(BucketTree).reload(target.location)
        if self._location is not None:
            self.open_location(self._location, select=self.table.highlighted_entry)
            self.query_one(BucketTree).reload(self._location, relist=False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="listing", name="list-prefix")
    def _list_location(self, location: Location, generation: int) -> list[DirEntry] | None:
        """One level of ``location``, its rows shown as they come; None when a newer listing replaced this one."""
        rows: list[DirEntry] = []
        slot = PostSlot()
        with closed_after(self.store.list_dir(location.prefix, location.bucket)) as listing:
            if not self._stream_rows(listing, rows, generation, slot):
                return None
        if self.show_deleted and self.store.supports_versioning:
            with closed_after(deleted_entries(self.store, location.bucket, location.prefix, list(rows))) as deleted:
                if not self._stream_rows(deleted, rows, generation, slot):
                    return None
        return rows

    def _stream_rows(self, entries: Iterator[DirEntry], rows: list[DirEntry], generation: int, slot: PostSlot) -> bool:
        """In a listing's thread: append ``entries`` to ``rows``, posting progress whenever ``slot`` is free;
        False when the worker was cancelled."""
        worker = get_current_worker()
        for entry in entries:
            if worker.is_cancelled:
                return False
            rows.append(entry)
            if slot.take():
                self.post_message(self.ListingProgress(generation, rows, slot))
        return True

    @work(exclusive=True, exit_on_error=False, group="listing-end", name="end-listing")
    async def _finish_listing(self, listing: Worker[list[DirEntry] | None], generation: int) -> None:
        """Once the listing returns: its last rows (whatever progress is still queued), then the folder's notice."""
        rows = await outcome(listing)
        if rows is None or not self.listing.state.is_current(generation):
            return
        self._show_rows(rows)
        self.listing.finish(self._location, None, offer=not self.search_view.active)
        self.listing.update_status()
        self.refresh_bindings()  # Esc no longer stops anything
        self._highlight_gone_to()
        if self.search_view.active:
            self.table.notice = "Nothing matches."

    def on_main_screen_listing_progress(self, message: ListingProgress) -> None:
        message.slot.free()
        if self.listing.state.is_current(message.generation) and self.listing.state.loading:
            self._show_rows(message.rows)
            self.listing.update_status()

    def _show_rows(self, rows: list[DirEntry]) -> None:
        """Add the rows of the listing not in the table yet (its thread may be appending more meanwhile)."""
        self.listing.add_rows(rows[self.listing.state.shown :])

    def _show_waiting(self) -> None:
        if self.listing.state.loading:
            self.listing.update_status()
            self.refresh_bindings()

    @on(ObjectTable.MarksChanged)
    def _marks_changed(self) -> None:
        self.listing.update_status()
        self.refresh_bindings()

    # Table, tree and breadcrumb events
    @on(ObjectTable.EntryHighlighted)
    def _preview_highlighted(self, event: ObjectTable.EntryHighlighted) -> None:
        preview = self.query_one(PreviewPane)
        if preview.display:
            preview.show(event.entry, self._location)

    @on(ObjectTable.EntryOpened)
    def _open_entry(self, event: ObjectTable.EntryOpened) -> None:
        entry = event.entry
        if isinstance(entry, Folder) and self._location is not None:
            self.open_location(Location(self._location.bucket, entry.prefix))
        else:
            self.action_view()

    @on(BucketTree.LocationSelected)
    def _open_tree_location(self, event: BucketTree.LocationSelected) -> None:
        if event.location != self._location:
            self.open_location(event.location)

    @on(Breadcrumb.LocationChosen)
    def _open_breadcrumb_location(self, event: Breadcrumb.LocationChosen) -> None:
        if event.location != self._location:
            self.open_location(event.location)

    # Filter
    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.table.set_filter(event.value)
        self.listing.update_status()
        self.refresh_bindings()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.table.focus()

    def _close_filter(self) -> None:
        filter_input = self.query_one("#filter", Input)
        filter_input.remove_class("-active")
        if filter_input.value:
            with filter_input.prevent(Input.Changed):
                filter_input.value = ""
        self.table.set_filter("")
        if filter_input.has_focus:
            self.table.focus()

    # Actions
    def action_filter(self) -> None:
        filter_input = self.query_one("#filter", Input)
        filter_input.add_class("-active")
        self.set_focus(filter_input)
        self.refresh_bindings()

    def _filter_open(self) -> bool:
        return bool(self.table.rows.filter_text) or self.query_one("#filter").has_class("-active")

    def action_clear_filter_or_marks(self) -> None:
        """Esc: the filter goes first; with no filter, the marks."""
        if self._filter_open():
            self._close_filter()
        else:
            self.table.clear_marks()
        self.listing.update_status()
        self.refresh_bindings()

    def action_stop_loading(self) -> None:
        """Stop waiting for a slow or stalled server, at once: a late answer is dropped when it comes."""
        preview = self.query_one(PreviewPane)
        if preview.is_loading:
            preview.stop()
        if not self.listing.stop():
            return
        if self._listing is not None:
            self._listing.cancel()
        self.refresh_bindings()

    def action_go_up(self) -> None:
        if self.search_view.active and self.search_view.origin is not None:
            self.open_location(self.search_view.origin)
            return
        location = self._location
        if location is not None and location.parent is not None:
            self.open_location(location.parent, select=Folder(location.prefix, location.bucket))

    def action_refresh(self) -> None:
        tree = self.query_one(BucketTree)
        node = tree.cursor_node
        if tree.has_focus and node is not None and node.data is not None and node.data != self._location:
            tree.reload(node.data)
        else:
            self.reload()

    def action_toggle_preview(self) -> None:
        preview = self.query_one(PreviewPane)
        preview.display = not preview.display
        if preview.display:
            preview.show(self.table.highlighted_entry, self._location)
        elif preview.has_focus_within:
            self.table.focus()

    def action_sort(self, column: str) -> None:
        self.table.toggle_sort(SortColumn(column))

    def action_view(self) -> None:
        """The highlighted object's whole content, full screen (Enter on an object, or o)."""
        entry = self.table.highlighted_entry
        if isinstance(entry, ObjectMetadata) and entry.is_delete_marker:
            self.notify("This object is deleted: V shows its versions, U brings it back.", severity="warning")
        elif isinstance(entry, ObjectMetadata) and self._location is not None:
            self.app.push_screen(ViewerScreen(self.store, entry, self._location.bucket))

    def action_toggle_deleted(self) -> None:
        """Show or hide deleted objects (their latest version is a delete marker), then list again."""
        if not self.store.supports_versioning:
            self.notify("This backend keeps no versions: nothing is ever shown as deleted.", severity="warning")
            return
        self.show_deleted = not self.show_deleted
        self.notify(
            "Deleted objects shown, dimmed (U brings them back)." if self.show_deleted else "Deleted objects hidden."
        )
        self.reload()
