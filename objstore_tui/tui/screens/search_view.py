"""The browser's table as a search results view: which search it shows, where Backspace goes back to, how far it got.

``MainScreen.search`` streams ``ObjectStore.find`` into the table like a listing (same rows, same status line, same
Esc), with full keys in the name column; every action works on the results as on any rows, ``r`` searches again,
and Backspace (or opening any folder) leaves the results.
"""

from __future__ import annotations

from rich.text import Text

from objstore_tui.object_store import visible
from objstore_tui.services.location import Location
from objstore_tui.services.search import SearchRequest


class SearchView:
    def __init__(self) -> None:
        self.request: SearchRequest | None = None
        self.origin: Location | None = None
        """The folder the search was started from: Backspace opens it again."""
        self.scanned = 0
        """Objects looked at so far: written by the search's thread, read by the status line."""

    @property
    def active(self) -> bool:
        return self.request is not None

    def start(self, request: SearchRequest, origin: Location | None) -> None:
        if not self.active:
            self.origin = origin
        self.request, self.scanned = request, 0

    def leave(self) -> None:
        self.request = None

    def status(self) -> str:
        """'12,000 looked at', for the status line."""
        return f"{self.scanned:,} looked at" if self.request is not None else ""

    def title(self) -> Text:
        """'Search “*.log” under ops/logs/ (Backspace: back)', for the breadcrumb's line."""
        text = Text("Search ", style="bold")
        if self.request is not None:
            text.append(visible(self.request.describe()))
        text.append("  (Backspace: back)", style="dim")
        return text
