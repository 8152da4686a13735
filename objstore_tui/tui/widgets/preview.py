"""The preview pane: the highlighted object's metadata, then its first 64 KiB drawn by kind.

One ``stat_object`` and at most one ranged GET of 64 KiB per preview, whatever the object's size, in an
exclusive worker: moving through rows cancels the preview of the row left behind.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import Worker, get_current_worker

from objstore_tui.object_store import DirEntry, Folder, ObjectMetadata, ObjectStore, visible
from objstore_tui.services.formatting import exact_size, human_size, local_time
from objstore_tui.services.location import Location
from objstore_tui.services.parquet_preview import parquet_preview
from objstore_tui.services.preview_content import (
    PREVIEW_BYTES,
    NoticePreview,
    PreviewContent,
    make_preview,
)
from objstore_tui.services.viewer_document import Kind, kind_by_name
from objstore_tui.tui.widgets.preview_widgets import content_widget
from objstore_tui.tui.workers import WorkFailed, outcome

WAITING_NOTICE_SECONDS = 2.0
"""A request that has not answered for this long says that it waits for the server, and that Esc stops it."""

DEBOUNCE_SECONDS = 0.12
"""Holding an arrow key moves through rows faster than this: only the row the cursor rests on is previewed."""


def _round_size(size: int) -> str:
    """'64 KiB' rather than '64.0 KiB' for the whole-KiB amounts a preview reads."""
    return f"{size // 1024} KiB" if size >= 1024 and size % 1024 == 0 else human_size(size)


@dataclass(frozen=True, slots=True)
class Fetched:
    """What the preview worker returns: the object's metadata and its first bytes, drawn by kind."""

    metadata: ObjectMetadata
    content: PreviewContent
    bytes_read: int


class PreviewPane(Vertical):
    """Shows ``entry``; ``show(entry)`` is cheap to call on every cursor move."""

    DEFAULT_CSS = """
    PreviewPane {
        width: 38%;
        border-left: vkey $panel-lighten-2;
        background: $surface;
        #preview-header { height: auto; max-height: 50%; padding: 0 1; background: $panel; }
        #preview-body { height: 1fr; }
        #preview-body > Static { padding: 1; color: $text-muted; }
        #preview-body > Static.-error { color: $text-error; }
        #preview-body > DataTable { height: 1fr; }
        #preview-body > .preview-image { width: auto; height: auto; max-width: 100%; margin: 1; }
    }
    """

    def __init__(self, store: ObjectStore, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._store = store
        self._entry: DirEntry | None = None
        self._location: Location | None = None
        self._loaded: ObjectMetadata | None = None
        self._drawn: DirEntry | None = None
        self._settle_timer: Timer | None = None
        self._waiting_timer: Timer | None = None
        self._load_started = 0.0
        self._fetching: Worker[Fetched | None] | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Nothing selected", style="dim"), id="preview-header")
        yield Vertical(id="preview-body")

    @property
    def entry(self) -> DirEntry | None:
        """The entry asked for (its preview may still be loading)."""
        return self._entry

    @property
    def is_settled(self) -> bool:
        """True once the pane shows ``entry`` in full: its content, its error, or what stands for a folder."""
        entry = self._entry
        if isinstance(entry, ObjectMetadata):
            return self._loaded is entry
        return self._drawn is entry

    @property
    def is_loading(self) -> bool:
        """True while the server is asked for the shown object's preview."""
        entry = self._entry
        return isinstance(entry, ObjectMetadata) and self._drawn is entry and self._loaded is not entry

    def stop(self) -> None:
        """Stop waiting for the preview (Esc): the pane says so, and a late answer is dropped."""
        entry = self._entry
        if not self.is_loading or not isinstance(entry, ObjectMetadata):
            return
        self.workers.cancel_group(self, "preview")
        self._loaded = entry
        self._stop_waiting_timer()
        self._show_header(Text.assemble((entry.name, "bold")))
        self._replace_body(Static(Text("Preview stopped. Move to the row again to retry.")))

    def show(self, entry: DirEntry | None, location: Location | None) -> None:
        """Preview ``entry`` (in ``location``'s bucket) once the cursor rests on it.

        Until then nothing is drawn or fetched: holding an arrow key down only restarts a timer, where redrawing
        the pane for each row would reflow the screen and starve the listing thread.
        """
        if entry is self._entry:
            return
        self._entry, self._location, self._loaded = entry, location, None
        self.workers.cancel_group(self, "preview")
        self._stop_waiting_timer()
        if self._settle_timer is not None:
            self._settle_timer.stop()
        self._settle_timer = self.set_timer(DEBOUNCE_SECONDS, self._settle)

    def _settle(self) -> None:
        entry = self._entry
        self._drawn = entry
        if not self.display:
            self._entry = None  # shown again later, the pane fetches afresh
        elif entry is None:
            self._show_header(Text("Nothing selected", style="dim"))
            self._replace_body(None)
        elif isinstance(entry, Folder):
            self._show_header(Text.assemble(("Folder ", "bold"), visible(entry.prefix)))
            self._replace_body(Static(Text("Enter opens it; Backspace goes back up.")))
        elif entry.is_delete_marker:
            self._loaded = entry
            self._show_header(Text.assemble((visible(entry.name), "bold"), ("  deleted", "dim italic")))
            self._replace_body(
                Static(Text("Deleted: its latest version is a delete marker. V shows its versions, U brings it back."))
            )
        elif self._location is not None:
            self._show_header(Text.assemble((visible(entry.name), "bold"), ("  loading…", "dim italic")))
            self._replace_body(None)
            self._load_started = time.monotonic()
            self._waiting_timer = self.set_interval(1.0, self._show_waiting)
            self._load(entry, self._location.bucket)

    def _show_waiting(self) -> None:
        entry = self._entry
        if not self.is_loading or not isinstance(entry, ObjectMetadata):
            self._stop_waiting_timer()
            return
        waited = int(time.monotonic() - self._load_started)
        if waited < WAITING_NOTICE_SECONDS:
            return
        note = f"  waiting for the server… {waited} s (Esc stops)"
        self._show_header(Text.assemble((entry.name, "bold"), (note, "dim italic")))

    def _stop_waiting_timer(self) -> None:
        """The wait is over (an answer, an error, or Esc): the screen's Esc no longer stops the preview."""
        if self._waiting_timer is not None:
            self._waiting_timer.stop()
            self._waiting_timer = None
        self.screen.refresh_bindings()

    @work(thread=True, exclusive=True, exit_on_error=False, group="preview", name="preview")
    def _fetch(self, entry: ObjectMetadata, bucket: str) -> Fetched | None:
        """One stat and at most one ranged GET; None when the cursor moved on meanwhile."""
        worker = get_current_worker()
        metadata = self._store.stat_object(entry.key, bucket)
        if worker.is_cancelled:
            return None
        if kind_by_name(entry.key, metadata.content_type) is Kind.PARQUET and metadata.size:
            read_range = partial(self._store.read_range, entry.key, bucket=bucket)
            return Fetched(metadata, parquet_preview(read_range, metadata.size), metadata.size)
        length = min(metadata.size, PREVIEW_BYTES)
        data = self._store.read_range(entry.key, 0, length, bucket) if length else b""
        if worker.is_cancelled:
            return None
        content = make_preview(entry.key, metadata.content_type, data, complete=len(data) >= metadata.size)
        return Fetched(metadata, content, len(data))

    @work(exclusive=True, exit_on_error=False, group="preview-flow", name="show-preview")
    async def _load(self, entry: ObjectMetadata, bucket: str) -> None:
        fetching = self._fetching = self._fetch(entry, bucket)
        fetched = await outcome(fetching)
        if fetched is None or entry is not self._entry or self._loaded is entry:
            return
        self._loaded = entry
        self._stop_waiting_timer()
        self._show_header(self._metadata_table(fetched.metadata, fetched.content, fetched.bytes_read))
        self._replace_body(self._content_widget(fetched.content))

    @on(WorkFailed)
    def _show_failure(self, message: WorkFailed) -> None:
        """In place: the pane says why, instead of a 'loading' that never ends."""
        entry = self._entry
        if message.worker is not self._fetching or not isinstance(entry, ObjectMetadata) or self._loaded is entry:
            return
        self._loaded = entry
        self._stop_waiting_timer()
        self._show_header(Text.assemble((visible(entry.name), "bold")))
        self._replace_body(Static(Text(f"Cannot preview: {message.text}"), classes="-error"))

    def _show_header(self, renderable: Text | Table) -> None:
        self.query_one("#preview-header", Static).update(renderable)

    def _replace_body(self, widget: Widget | None) -> None:
        body = self.query_one("#preview-body")
        body.remove_children()
        if widget is not None:
            body.mount(widget)

    @staticmethod
    def _metadata_table(metadata: ObjectMetadata, content: PreviewContent, bytes_read: int) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(overflow="fold")
        rows = [
            ("Key", metadata.key),
            ("Size", exact_size(metadata.size)),
            ("Modified", local_time(metadata.updated_time, seconds=True)),
            ("Type", metadata.content_type or ""),
            ("ETag", (metadata.etag or "").strip('"')),
            ("Version", metadata.version_id or ""),
            ("Storage", metadata.storage_class or ""),
        ]
        for label, value in rows:
            if value:
                table.add_row(label, Text(visible(value)))  # Text: a key with '[' is not markup
        for name, value in sorted(metadata.metadata.items()):
            table.add_row(Text(visible(name), style="italic"), Text(visible(value)))
        description = content.message if isinstance(content, NoticePreview) else content.description
        if bytes_read < metadata.size:
            description += f"; first {_round_size(bytes_read)} of {human_size(metadata.size)}"
        table.add_row("Preview", Text(visible(description), style="dim"))
        return table

    def _content_widget(self, content: PreviewContent) -> Widget:
        return content_widget(content, headless=self.app.is_headless)
