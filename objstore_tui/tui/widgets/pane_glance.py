"""The split view's other pane at a glance, beside the active browser: where it is and the first rows there.

It lists the other pane's location itself (one level, at most ``GLANCE_ROWS`` entries), so it shows what the
server holds even before that browser was ever shown; ``ctrl+o`` makes the other pane the active, full browser.
``PaneBadge`` and ``OtherLocation`` go into the header: which pane is active, and where the other one is (all
that shows of it on a narrow terminal).
"""

from __future__ import annotations

from itertools import islice

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from objstore_tui.object_store import DirEntry, Folder, ObjectMetadata, visible
from objstore_tui.services.formatting import human_size, plural
from objstore_tui.tui.screens.pane_link import PaneLink
from objstore_tui.tui.workers import WorkFailed, closed_after, outcome

GLANCE_ROWS = 500
"""The most rows the glance lists: enough to see where the other pane is, not a second full listing."""

SPLIT_CSS = """
MainScreen.-split.-wide PreviewPane { display: none; }
MainScreen.-narrow PaneGlance { display: none; }
"""
"""With the split open on a wide terminal the glance takes the preview's place (``v`` still shows it); on a
narrow one only the header's ``OtherLocation`` shows the other pane."""


def describe_link(link: PaneLink) -> str:
    where = str(link.location) if link.location is not None else "no bucket open"
    return f"{link.side}: {link.label} · {where}"


class PaneGlance(Vertical):
    """The other pane: its store and location as the title, its first rows below; not focusable."""

    SCOPED_CSS = False
    DEFAULT_CSS = (
        """
    PaneGlance {
        width: 42%;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        background: $surface;
        &.-left { dock: left; }
        #glance-rows { height: 1fr; }
        #glance-status { height: 1; color: $text-muted; }
    }
    """
        + SPLIT_CSS
    )

    def __init__(self, link: PaneLink, *, on_left: bool) -> None:
        super().__init__(classes="-left" if on_left else "")
        self.can_focus = False
        self._link = link

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="glance-rows", can_focus=False):
            yield Static(id="glance-table")
        yield Static("listing…", id="glance-status")

    def on_mount(self) -> None:
        self.show(self._link)

    def show(self, link: PaneLink) -> None:
        """Show ``link``'s location afresh (after a switch, or once a flow wrote there)."""
        self._link = link
        self.border_title = f"{visible(describe_link(link))}   (ctrl+o: make active)"
        self.query_one("#glance-table", Static).update("")
        if link.location is None:
            self.query_one("#glance-status", Static).update("no bucket open")
            return
        self.query_one("#glance-status", Static).update("listing…")
        self._show_rows(link)

    @work(thread=True, exclusive=True, exit_on_error=False, group="listing", name="glance-list")
    def _list(self, link: PaneLink) -> list[DirEntry]:
        assert link.location is not None
        location = link.location
        with closed_after(link.store.list_dir(location.prefix, location.bucket)) as listing:
            return list(islice(listing, GLANCE_ROWS + 1))

    @work(exclusive=True, exit_on_error=False, group="glance-show", name="glance-show")
    async def _show_rows(self, link: PaneLink) -> None:
        entries = await outcome(self._list(link))
        if entries is None or link is not self._link:
            return
        self.query_one("#glance-table", Static).update(_rows_table(entries[:GLANCE_ROWS]))
        more = " (the first shown)" if len(entries) > GLANCE_ROWS else ""
        shown = plural(len(entries[:GLANCE_ROWS]), "entry", "entries")
        self.query_one("#glance-status", Static).update(f"{shown}{more}")

    @on(WorkFailed)
    def _listing_failed(self, message: WorkFailed) -> None:
        """The app has notified the failure; here it says why the rows are missing."""
        self.query_one("#glance-status", Static).update(Text(f"cannot list: {message.text}"))


def _rows_table(entries: list[DirEntry]) -> Table:
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column(justify="right", no_wrap=True)
    for entry in entries:
        if isinstance(entry, Folder):
            table.add_row(Text(visible(entry.name) + "/", style="bold"), "")
        elif isinstance(entry, ObjectMetadata):
            table.add_row(Text(visible(entry.name)), human_size(entry.size or 0))
    return table


class PaneBadge(Static):
    """'LEFT' or 'RIGHT' in the header: the pane the keys act on."""

    SCOPED_CSS = False
    DEFAULT_CSS = "PaneBadge { width: auto; padding: 0 1; background: $accent; color: $text; text-style: bold; }"


class OtherLocation(Static):
    """The other pane's store and location, in the header."""

    SCOPED_CSS = False
    DEFAULT_CSS = "OtherLocation { width: auto; max-width: 60%; padding: 0 1; color: $text-muted; text-wrap: nowrap; }"

    def show(self, link: PaneLink) -> None:
        self.update(Text(f"│ {visible(describe_link(link))}"))
