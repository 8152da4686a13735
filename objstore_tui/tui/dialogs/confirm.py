"""A question with a few answers as buttons (overwrite or skip, restore, delete a version): the focus starts on
the last, safe one, so Enter alone never does anything destructive."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from objstore_tui.object_store import visible
from objstore_tui.services.formatting import visible_lines
from objstore_tui.tui.dialogs.base import DialogScreen

type ButtonVariant = Literal["default", "primary", "success", "warning", "error"]


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer: dismissed with ``answer``; ``key`` (one character) picks it from the keyboard."""

    answer: str
    label: str
    variant: ButtonVariant = "default"
    key: str | None = None


CANCEL = Choice("cancel", "Cancel")


class ConfirmDialog(DialogScreen[str]):
    """Dismisses with the chosen ``Choice.answer``; escape and Cancel dismiss with None."""

    DEFAULT_CSS = """
    ConfirmDialog {
        #confirm-body { margin-top: 1; height: auto; max-height: 24; }
    }
    """

    def __init__(self, title: str, body: Text | str, choices: Sequence[Choice]) -> None:
        super().__init__()
        self._title = visible(title)
        self._body = body if isinstance(body, Text) else Text(visible_lines(body))  # a str names keys: shown as data
        self._choices = [*choices, CANCEL]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = self._title
            yield Static(self._body, id="confirm-body")
            with Horizontal(classes="dialog-buttons"):
                for choice in self._choices:
                    label = f"{choice.label} ({choice.key})" if choice.key else choice.label
                    yield Button(label, id=f"choice-{choice.answer}", variant=choice.variant)

    def on_mount(self) -> None:
        self.query_one(f"#choice-{CANCEL.answer}", Button).focus()

    def on_key(self, event: events.Key) -> None:
        for choice in self._choices:
            if choice.key is not None and event.character == choice.key:
                event.stop()
                self.dismiss(choice.answer)
                return

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        answer = (event.button.id or "").removeprefix("choice-")
        self.dismiss(None if answer == CANCEL.answer else answer)
