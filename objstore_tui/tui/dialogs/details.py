"""Everything about one object (key i): its details read with one HEAD (and its tags), grouped in sections;
what the server did not send is left out. ``m`` from here edits its metadata, ``e`` its content."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from objstore_tui.object_store import ObjectDetails, ObjectStore, visible
from objstore_tui.services.object_details import Section, detail_sections
from objstore_tui.tui.dialogs.base import DialogScreen
from objstore_tui.tui.workers import outcome


def sections_table(sections: list[Section]) -> Table:
    """The sections as a two-column grid: a heading per section, then label and value rows."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, min_width=14, max_width=30)
    table.add_column(overflow="fold")
    for index, section in enumerate(sections):
        if index:
            table.add_row("", "")
        table.add_row(Text(section.title, style="bold underline"), "")
        for label, value in section.rows:
            table.add_row(label, Text(value))
    return table


class DetailsScreen(DialogScreen[str]):
    """Dismisses with None (closed), or with the action chosen from here: 'edit_metadata' or 'edit'."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,i", "close", "Close"),
        Binding("m", "choose('edit_metadata')", "Edit metadata and tags"),
        Binding("e", "choose('edit')", "Edit in $EDITOR"),
    ]

    DEFAULT_CSS = """
    DetailsScreen {
        #dialog { width: 100; height: 90%; }
        #details-body { height: 1fr; }
        #details-text { padding: 1 0; }
    }
    """

    def __init__(
        self,
        store: ObjectStore,
        bucket: str,
        key: str,
        *,
        read_only: bool = False,
        details: ObjectDetails | None = None,
    ) -> None:
        """``details``: the object as just read by the caller, shown without reading it again."""
        super().__init__()
        self._store = store
        self._bucket = bucket
        self._key = key
        self._read_only = read_only
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = Text(f"{visible(self._bucket)}/{visible(self._key)}")
            box.border_subtitle = "Esc close" if self._read_only else "m metadata and tags · e edit · Esc close"
            with VerticalScroll(id="details-body"):
                yield Static("reading the object's details…", id="details-text")

    def on_mount(self) -> None:
        if self.details is not None:
            self._show_details(self.details)
        else:
            self._show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In read-only mode the edit keys are hidden and do nothing: writes are refused."""
        return not (action == "choose" and self._read_only)

    def action_choose(self, action: str) -> None:
        self.dismiss(action)

    @work(thread=True, exit_on_error=False, group="object-details", name="Reading the object's details")
    def _read(self) -> ObjectDetails:
        return self._store.object_details(self._key, self._bucket)

    @work(exclusive=True, group="object-details-flow")
    async def _show(self) -> None:
        details = await outcome(self._read())
        body = self.query_one("#details-text", Static)
        if details is None:
            body.update("The details could not be read (the notification says why).")
            return
        self.details = details
        self._show_details(details)

    def _show_details(self, details: ObjectDetails) -> None:
        self.query_one("#details-text", Static).update(sections_table(detail_sections(details)))
