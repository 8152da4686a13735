"""Search (F, ctrl+f): a name pattern, optional size and age bounds, in the open folder or the whole bucket.

The fields are checked when submitted (``services.search``), before any request; the results stream into the
browser's table (``MainScreen.search``)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Static

from objstore_tui.object_store import visible
from objstore_tui.services.formatting import visible_lines
from objstore_tui.services.location import Location
from objstore_tui.services.search import SearchInputError, SearchRequest, search_request
from objstore_tui.tui.dialogs.base import DialogScreen

_BOUNDS = (
    ("larger", "larger than", "10M"),
    ("smaller", "smaller than", "1G"),
    ("newer", "newer than", "7d"),
    ("older", "older than", "30d"),
)


class SearchDialog(DialogScreen[SearchRequest]):
    DEFAULT_CSS = """
    SearchDialog {
        #search-bounds { height: auto; }
        #search-bounds Input { width: 1fr; }
        #search-options { height: auto; }
        #search-options Checkbox { width: auto; border: none; padding: 0 1; }
    }
    """

    def __init__(self, folder: Location) -> None:
        super().__init__()
        self._folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = "Search"
            yield Label("Name (a glob like *.log, or a regular expression)", classes="dialog-label")
            yield Input(placeholder="*.log", id="search-name")
            yield Label("Only objects (sizes: 500, 10k, 1.5M; ages: 30m, 12h, 7d, 2w)", classes="dialog-label")
            with Horizontal(id="search-bounds"):
                for field, label, example in _BOUNDS:
                    yield Input(placeholder=f"{label} {example}", id=f"search-{field}")
            with Horizontal(id="search-options"):
                yield Checkbox("regex", id="search-regex")
                yield Checkbox("match the whole key", id="search-whole-key")
                yield Checkbox(f"whole bucket {visible(self._folder.bucket)}", id="search-bucket")
            yield Static(id="search-error", classes="dialog-error")
            yield Static(
                Text(f"Looks under {visible(str(self._folder))} unless the whole bucket is ticked."),
                classes="dialog-note",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Search", id="search", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#search-name", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#search")
    def _submit(self) -> None:
        whole_bucket = self.query_one("#search-bucket", Checkbox).value
        root = Location(self._folder.bucket) if whole_bucket else self._folder
        try:
            request = search_request(
                root,
                self.query_one("#search-name", Input).value,
                regex=self.query_one("#search-regex", Checkbox).value,
                whole_key=self.query_one("#search-whole-key", Checkbox).value,
                **{field: self.query_one(f"#search-{field}", Input).value for field, _, _ in _BOUNDS},
            )
        except SearchInputError as exc:
            self.query_one("#search-error", Static).update(Text(visible_lines(str(exc))))
            return
        self.dismiss(request)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)
