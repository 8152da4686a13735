"""The status line under the object table."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from objstore_tui.object_store import visible
from objstore_tui.services.formatting import shorten


class StatusLine(Static):
    """One line under the table; text too long for it is shortened at a word, never cut inside one."""

    text: reactive[str] = reactive("", layout=False)

    def watch_text(self) -> None:
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        width = self.content_size.width or self.app.size.width
        self.update(Text(shorten(visible(self.text), width), no_wrap=True), layout=False)
