"""The full-content viewer: one object, full screen, read by ranged GETs as the user scrolls, whatever its size.

Text (decompressed and decoded on the fly) and hex dumps scroll in a ``ContentView``; ``/``, ``n``, ``N`` search,
``w`` wraps, ``G`` jumps to the end reading only the tail. Images draw on request (Enter: read whole, up to
``IMAGE_DRAW_LIMIT``); Parquet files show their schema, row groups and first rows.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from objstore_tui.object_store import ObjectMetadata, ObjectStore, visible
from objstore_tui.services.formatting import human_size
from objstore_tui.services.parquet_preview import parquet_preview
from objstore_tui.services.preview_content import ImagePreview, NoticePreview, TextPreview, make_preview
from objstore_tui.services.viewer_document import IMAGE_DRAW_LIMIT, Document, Kind, open_document
from objstore_tui.tui.widgets.content_view import ContentView
from objstore_tui.tui.widgets.key_footer import KeyFooter
from objstore_tui.tui.widgets.preview_widgets import image_widget_class
from objstore_tui.tui.widgets.text_view import TextView
from objstore_tui.tui.workers import WorkFailed, outcome


class ViewerScreen(Screen[None]):
    """Shows ``entry`` of ``bucket``; Esc or q goes back to the browser."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back"),
        Binding("slash", "search", "Search"),
        Binding("n", "find_next", "Next match"),
        Binding("N", "find_previous", "Previous match"),
        Binding("w", "wrap", "Wrap"),
        Binding("G,end", "go_end", "End"),
        Binding("g,home", "go_home", "Top", show=False),
        Binding("enter", "draw_image", "Draw image"),
    ]

    HELP_TITLE = "Viewer"
    HELP_SECTIONS: ClassVar[tuple[tuple[str, type[Widget]], ...]] = (("Viewer text", ContentView),)

    DEFAULT_CSS = """
    ViewerScreen {
        #viewer-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
        #viewer-status { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
        #viewer-status.-error { color: $text-error; }
        #viewer-search { display: none; height: 1; border: none; padding: 0 1; background: $boost; }
        #viewer-search.-active { display: block; }
        #viewer-body { height: 1fr; }
        #viewer-body > Static { padding: 1; color: $text-muted; }
        #viewer-body > .viewer-image { width: auto; height: auto; margin: 1; }
    }
    """

    def __init__(self, store: ObjectStore, entry: ObjectMetadata, bucket: str) -> None:
        super().__init__()
        self._store = store
        self._entry = entry
        self._bucket = bucket
        self.document: Document | None = None
        self._search_text = ""
        self._note = ""
        self._note_is_error = False

    def compose(self) -> ComposeResult:
        yield Static(Text(visible(self._entry.key)), id="viewer-title")
        yield Vertical(Static(Text("Opening…")), id="viewer-body")
        yield Input(placeholder="search… (Enter searches, Esc closes)", id="viewer-search")
        yield Static(id="viewer-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._open()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        kind = self.document.kind if self.document is not None else None
        if action in ("search", "find_next", "find_previous", "wrap", "go_end", "go_home"):
            return kind in (Kind.TEXT, Kind.HEX) and not self.query_one("#viewer-search").has_focus
        if action == "draw_image":
            return kind is Kind.IMAGE
        return True

    @property
    def content_view(self) -> ContentView | None:
        views = self.query(ContentView)
        return views.first() if views else None

    # Opening
    def _read_range(self, start: int, length: int) -> bytes:
        return self._store.read_range(self._entry.key, start, length, self._bucket)

    @work(thread=True, exclusive=True, exit_on_error=False, group="view-open", name="open-object")
    def _read_head(self) -> Document:
        metadata = self._store.stat_object(self._entry.key, self._bucket)
        return open_document(metadata.key, metadata.content_type, self._read_range, metadata.size)

    @work(exclusive=True, exit_on_error=False, group="view-open-flow", name="show-object")
    async def _open(self) -> None:
        document = await outcome(self._read_head())
        if document is None:
            return
        self.document = document
        self.query_one("#viewer-title", Static).update(
            Text.assemble(visible(self._entry.key), (" · ", "dim"), (visible(document.description), "dim"))
        )
        match document.kind:
            case Kind.TEXT | Kind.HEX:
                view = ContentView(document, id="viewer-content")
                self._replace_body(view)
                view.focus()
            case Kind.IMAGE:
                size = document.raw.size()
                note = "Enter draws it" if size <= IMAGE_DRAW_LIMIT else "too large to draw"
                self._replace_body(
                    Static(
                        Text(
                            f"Image, {human_size(size)}: {note} (reads it whole, up to {human_size(IMAGE_DRAW_LIMIT)})."
                        )
                    )
                )
            case Kind.PARQUET:
                self._replace_body(Static(Text("Reading the Parquet footer…")))
                self._show_parquet()
        self.refresh_bindings()
        self._update_status()

    def _replace_body(self, widget: Widget) -> None:
        body = self.query_one("#viewer-body")
        body.remove_children()
        body.mount(widget)

    @on(WorkFailed)
    def _failed(self, message: WorkFailed) -> None:
        """The error where the user looks: in the body when opening failed, else in the status line."""
        if message.worker.group == "view-open":
            self._replace_body(Static(Text(f"Cannot open: {message.text}")))
        self._set_status(f"failed: {message.text}", error=True)

    # Parquet and images
    @work(thread=True, exclusive=True, exit_on_error=False, group="view-open", name="read-parquet")
    def _read_parquet(self) -> TextPreview:
        assert self.document is not None
        return parquet_preview(self._read_range, self.document.raw.size())

    @work(exclusive=True, exit_on_error=False, group="view-open-flow", name="show-parquet")
    async def _show_parquet(self) -> None:
        preview = await outcome(self._read_parquet())
        if preview is not None:
            view = TextView(preview.lines, line_numbers=False)
            self._replace_body(view)
            view.focus()

    def action_draw_image(self) -> None:
        if self.document is not None and self.document.raw.size() <= IMAGE_DRAW_LIMIT:
            self._replace_body(Static(Text("Reading the image…")))
            self._draw_image()

    @work(thread=True, exclusive=True, exit_on_error=False, group="view-open", name="read-image")
    def _read_image(self) -> ImagePreview | NoticePreview:
        assert self.document is not None
        data = self._read_range(0, self.document.raw.size())
        content = make_preview(self._entry.key, "image/", data, complete=True)
        return content if isinstance(content, ImagePreview | NoticePreview) else NoticePreview("not an image")

    @work(exclusive=True, exit_on_error=False, group="view-open-flow", name="draw-image")
    async def _draw_image(self) -> None:
        content: ImagePreview | NoticePreview | None = await outcome(self._read_image())
        match content:
            case ImagePreview(image=image):
                self._replace_body(image_widget_class(self.app.is_headless)(image, classes="viewer-image"))
            case NoticePreview(message=message):
                self._replace_body(Static(Text(visible(message))))

    # Status and search
    @on(ContentView.Moved)
    def _update_status(self) -> None:
        view = self.content_view
        if view is not None:
            wrap = "  wrap" if view.wrap else ""
            self._set_status(f"{view.position()}{wrap}{self._note}", error=self._note_is_error)

    @on(ContentView.Searched)
    def _searched(self, message: ContentView.Searched) -> None:
        found = "found" if message.found else "not found"
        self._note, self._note_is_error = f"  ·  “{visible(message.text)}” {found}", not message.found
        self._update_status()

    def _set_status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#viewer-status", Static)
        status.set_class(error, "-error")
        status.update(Text(text))

    def action_search(self) -> None:
        search = self.query_one("#viewer-search", Input)
        search.add_class("-active")
        search.focus()
        self.refresh_bindings()

    @on(Input.Submitted, "#viewer-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self._close_search()
        self._search_text = event.value
        self._find(backward=False, fresh=True)

    def _close_search(self) -> None:
        search = self.query_one("#viewer-search", Input)
        search.remove_class("-active")
        view = self.content_view
        if view is not None:
            view.focus()
        self.refresh_bindings()

    def _find(self, *, backward: bool, fresh: bool = False) -> None:
        view = self.content_view
        if view is None or not self._search_text:
            return
        if fresh:
            view.clear_hit()
        self._note, self._note_is_error = f"  ·  searching for “{visible(self._search_text)}”…", False
        self._update_status()
        view.find(self._search_text, backward=backward)

    def action_find_next(self) -> None:
        self._find(backward=False)

    def action_find_previous(self) -> None:
        self._find(backward=True)

    def action_wrap(self) -> None:
        if self.content_view is not None:
            self.content_view.toggle_wrap()
            self._update_status()

    def action_go_end(self) -> None:
        if self.content_view is not None:
            self.content_view.go_end()

    def action_go_home(self) -> None:
        if self.content_view is not None:
            self.content_view.go_home()

    def action_close(self) -> None:
        if self.query_one("#viewer-search").has_class("-active"):
            self._close_search()
        else:
            self.dismiss(None)
