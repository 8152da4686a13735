"""The top bar: the app's name, which store is open, and a READ-ONLY badge when writes are refused."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from objstore_tui.object_store import visible


class StoreHeader(Horizontal):
    DEFAULT_CSS = """
    StoreHeader {
        dock: top;
        height: 1;
        background: $panel;
        #header-title { width: auto; padding: 0 1; text-style: bold; color: $text-accent; }
        #header-store { width: 1fr; color: $text-muted; text-overflow: ellipsis; text-wrap: nowrap; }
        #header-badge { width: auto; padding: 0 1; background: $warning; color: $text; text-style: bold; }
    }
    """

    def __init__(self, store_label: str, *, read_only: bool) -> None:
        super().__init__()
        self._store_label = store_label
        self._read_only = read_only

    def compose(self) -> ComposeResult:
        yield Static("objstore-tui", id="header-title")
        yield Static(visible(self._store_label), id="header-store", markup=False)  # profile names come from files
        if self._read_only:
            yield Static("READ-ONLY", id="header-badge")
