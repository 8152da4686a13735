"""Go to (g): type or paste where to go; the text is parsed as typed (``services.goto``), before any request."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from objstore_tui.services.formatting import visible_lines
from objstore_tui.services.goto import Destination, GoToError
from objstore_tui.tui.dialogs.base import DialogScreen

EXAMPLES = "s3://bucket/prefix/key, bucket/prefix/, https://host/bucket/key, or a path in this bucket"


class GoToDialog(DialogScreen[Destination]):
    """Dismisses with where to go; ``parse`` turns the text into a ``Destination`` or raises ``GoToError``."""

    def __init__(self, parse: Callable[[str], Destination]) -> None:
        super().__init__()
        self._parse = parse

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = "Go to"
            yield Label("Where to", classes="dialog-label")
            yield Input(placeholder="s3://bucket/prefix/key", id="goto-text")
            yield Static(id="goto-error", classes="dialog-error")
            yield Static(Text(EXAMPLES), classes="dialog-note")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Go", id="go", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _changed(self) -> None:
        self.query_one("#goto-error", Static).update("")

    @on(Input.Submitted)
    @on(Button.Pressed, "#go")
    def _submit(self) -> None:
        try:
            destination = self._parse(self.query_one(Input).value)
        except GoToError as exc:
            self.query_one("#goto-error", Static).update(Text(visible_lines(str(exc))))
            return
        self.dismiss(destination)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)
