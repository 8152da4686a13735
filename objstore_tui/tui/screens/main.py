"""The browser screen: bucket tree, object table with breadcrumb and filter, preview pane.

It runs the listing of the open prefix: one exclusive thread worker streams ``list_dir`` into the table in
batches, so a newer location cancels an older listing and rows show as soon as the first page is in. What the
listing shows is ``ListingView``'s (``listing.py``), its state ``ListingState``'s; the write actions are
``BrowserOperations`` flows, with this screen as their ``BrowserContext``. Past ~400 lines for now: the
listing's worker, its row handoff and its messages stay here while the worker idiom reworks them.
"""

from __future__ import annotations

import contextlib
from collections import deque
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input
from textual.worker import Worker, WorkerState, get_current_worker

from objstore_tui.object_store import (
    DirEntry,
    Folder,
    ObjectStore,
    ObjectStoreError,
    StoreConnectionError,
)
from objstore_tui.services.listing import full_collections
from objstore_tui.services.location import Location, bucket_order
from objstore_tui.services.rows import SortColumn
from objstore_tui.services.target import Target, TargetSource
from objstore_tui.tui.screens.browser_context import OPERATION_BINDINGS, WRITE_ACTIONS
from objstore_tui.tui.screens.listing import ListingView
from objstore_tui.tui.screens.operations import BrowserOperations
from objstore_tui.tui.widgets.breadcrumb import Breadcrumb
from objstore_tui.tui.widgets.bucket_tree import BucketTree
from objstore_tui.tui.widgets.object_table import ObjectTable
from objstore_tui.tui.widgets.preview import PreviewPane
from objstore_tui.tui.widgets.status_line import StatusLine
from objstore_tui.tui.widgets.store_header import StoreHeader
from objstore_tui.tui.widgets.text_view import TextView

NARROW_TERMINAL = 120
"""Below this many columns the tree and the preview give the table room for sizes (and times when it fits)."""


class RowHandoff:
    """Entries passed from the listing thread to the UI without a message per row.

    The thread appends; the UI takes everything waiting when it handles a ``ListingProgress``. A message is
    posted only when the handoff goes from idle to having rows, so batches grow to whatever arrived while
    the UI was busy, and rows never wait for the next page when the SDK blocks mid-listing.
    """

    def __init__(self) -> None:
        self._entries: deque[DirEntry] = deque()
        self._signalled = False

    def put(self, entry: DirEntry) -> bool:
        """Queue ``entry``; True when the UI has to be told (no message for the waiting rows is in flight)."""
        self._entries.append(entry)
        if self._signalled:
            return False
        self._signalled = True
        return True

    def take_all(self) -> list[DirEntry]:
        self._signalled = False  # before draining: a row put from here on sends a new message
        entries = self._entries
        return [entries.popleft() for _ in range(len(entries))]


class MainScreen(Screen[None]):
    """The browser. The write actions (upload, delete, …) are ``BrowserOperations`` flows over this screen as their
    ``BrowserContext``: ``target()`` (what has the focus) and ``reload()``; ``WRITE_ACTIONS`` are hidden and
    refused in read-only mode.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *OPERATION_BINDINGS,
        # A priority binding runs as the app reads the key, so keys that arrive with it already go to the filter.
        Binding("slash", "filter", "Filter", priority=True),
        Binding("escape", "stop_loading", "Stop loading"),
        Binding("escape", "clear_filter_or_marks", "Clear filter, else marks"),
        Binding("backspace", "go_up", "Up"),
        Binding("r", "refresh", "Refresh"),
        Binding("v", "toggle_preview", "Preview"),
        Binding("1", "sort('name')", "Sort by name", show=False),
        Binding("2", "sort('size')", "Sort by size", show=False),
        Binding("3", "sort('modified')", "Sort by last modified", show=False),
        Binding("4", "sort('type')", "Sort by type", show=False),
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

    class BucketsLoaded(Message):
        def __init__(self, names: list[str]) -> None:
            super().__init__()
            self.names = names

    class BucketsFailed(Message):
        def __init__(self, error: BaseException) -> None:
            super().__init__()
            self.error = error

    class StoreUnusable(Message):
        """The store failed before anything could be shown: the app replaces this screen with the error screen."""

        def __init__(self, error: BaseException) -> None:
            super().__init__()
            self.error = error

    class ListingProgress(Message):
        """Rows of listing number ``generation`` wait in ``handoff``; ``done`` once it ended, maybe on ``error``."""

        def __init__(
            self, generation: int, handoff: RowHandoff, done: bool = False, error: Exception | None = None
        ) -> None:
            super().__init__()
            self.generation = generation
            self.handoff = handoff
            self.done = done
            self.error = error

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
        self.listing = ListingView(self)
        self._listing: Worker[None] | None = None
        self._relisting_buckets = False
        self.operations = BrowserOperations(self, self)

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
        yield Footer()

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
            return self._location is not None and self._location.parent is not None
        return True

    # Buckets
    @work(thread=True, exclusive=True, exit_on_error=False, group="buckets", name="list-buckets")
    def _load_buckets(self) -> None:
        try:
            names = [bucket.name for bucket in self.store.list_buckets()]
        except (ObjectStoreError, ValueError) as exc:
            self.post_message(self.BucketsFailed(exc))
        else:
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

    def on_main_screen_buckets_failed(self, message: BucketsFailed) -> None:
        """Keys that may not list buckets can still browse the bucket they were given; otherwise nothing can."""
        error, start = message.error, self._start
        if start is None or isinstance(error, StoreConnectionError | ValueError):
            self.post_message(self.StoreUnusable(error))
            return
        self.notify(str(error), title=f"Cannot list buckets; opening {start.bucket}", severity="warning", markup=False)
        self.query_one(BucketTree).set_buckets([start.bucket])
        self.open_location(start)

    # Listing the open prefix
    def open_location(self, location: Location, *, select: DirEntry | None = None) -> None:
        """Show ``location`` in the table, listing it afresh; ``select`` gets the cursor once it is listed."""
        self._location = location
        self._close_filter()
        generation = self.listing.start(select)
        self.query_one(Breadcrumb).show(location)
        self.query_one(BucketTree).reveal(location)
        self._listing = self._list_location(location, generation)
        self.refresh_bindings()

    def reload(self) -> None:
        """List the open prefix again, keeping the cursor on the same entry if it is still there; after an action
        on a tree node elsewhere, list that node's parent in the tree again too."""
        target = self.target()
        if target is not None and target.source is TargetSource.TREE and target.location != self._location:
            self.query_one(BucketTree).reload(target.location)
        if self._location is not None:
            self.open_location(self._location, select=self.table.highlighted_entry)
            self.query_one(BucketTree).reload(self._location, relist=False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="listing", name="list-prefix")
    def _list_location(self, location: Location, generation: int) -> None:
        """Stream one level of ``location`` to the UI, stopping when a newer listing replaces this one."""
        worker = get_current_worker()
        handoff = RowHandoff()
        try:
            # list_dir returns a generator (closing it ends the paginator) though it is annotated as an Iterator
            with contextlib.closing(self.store.list_dir(location.prefix, location.bucket)) as listing:  # type: ignore[type-var]
                for entry in listing:
                    if worker.is_cancelled:
                        return
                    if handoff.put(entry):
                        self.post_message(self.ListingProgress(generation, handoff))
        except (ObjectStoreError, ValueError) as exc:
            if not worker.is_cancelled:
                self.post_message(self.ListingProgress(generation, handoff, done=True, error=exc))
            return
        if not worker.is_cancelled:
            self.post_message(self.ListingProgress(generation, handoff, done=True))

    def on_main_screen_listing_progress(self, message: ListingProgress) -> None:
        if not self.listing.state.is_current(message.generation):
            return
        self.listing.add_rows(message.handoff.take_all())
        if message.done:
            self.listing.finish(self._location, message.error)
        self.listing.update_status()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """A bug or an SDK error the library did not map: reported like any other error, never a crash."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error or RuntimeError("unknown error")
        if event.worker is self._listing and self.listing.state.loading:
            self.listing.finish(self._location, error)
            self.listing.update_status()
        elif event.worker.group == "buckets":
            self.post_message(self.BucketsFailed(error))
        else:
            self.notify(str(error), title=f"{event.worker.name} failed", severity="error", markup=False)

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
            preview = self.query_one(PreviewPane)
            if not preview.display:
                self.action_toggle_preview()

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

    # The flows' keys
    def action_upload(self) -> None:
        self.operations.upload()

    def action_download(self) -> None:
        self.operations.download()

    def action_copy(self) -> None:
        self.operations.copy()

    def action_move(self) -> None:
        self.operations.move()

    def action_rename(self) -> None:
        self.operations.rename()

    def action_delete(self) -> None:
        self.operations.delete()

    def action_presign(self) -> None:
        self.operations.presign()

    def action_new_bucket(self) -> None:
        self.operations.new_bucket()

    def action_versions(self) -> None:
        self.operations.versions()

    def action_refuse_read_only(self, description: str) -> None:
        self.operations.refuse_read_only(description)
