"""The breadcrumb above the table: the bucket and each folder of the prefix, each clickable."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from objstore_tui.object_store import visible
from objstore_tui.services.location import Location


class Breadcrumb(Static):
    DEFAULT_CSS = """
    Breadcrumb {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    @dataclass
    class LocationChosen(Message):
        """A part of the path was clicked: the screen opens that folder."""

        location: Location

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._location: Location | None = None

    def show(self, location: Location | None) -> None:
        self._location = location
        if location is None:
            self.update(Text("no bucket open", style="italic"))
            return
        parts = [location.bucket, *location.prefix.rstrip("/").split("/")] if location.prefix else [location.bucket]
        text = Text()
        for depth, part in enumerate(parts):
            if depth:
                text.append(" / ", style="dim")
            last = depth == len(parts) - 1
            style = Style(bold=last, meta={"@click": f"choose({depth})"})
            text.append(visible(part), style=style)
        text.append(" /", style="dim")
        self.update(text)

    def action_choose(self, depth: int) -> None:
        """Open the bucket (depth 0) or the folder ``depth`` levels into the prefix."""
        if self._location is None:
            return
        folders = self._location.prefix.split("/")[:depth]
        self.post_message(self.LocationChosen(Location(self._location.bucket, "".join(f"{f}/" for f in folders))))
