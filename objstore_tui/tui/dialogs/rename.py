"""Rename (R) one object, or one folder with everything under it, inside its bucket: the new key checked as typed.

A rename is a server-side move (copy, verify, delete the source), planned and run like any other move.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from objstore_tui.object_store import DirEntry, Folder, ObjectStoreValueError, visible
from objstore_tui.object_store.validation import validate_key
from objstore_tui.services.formatting import visible_lines
from objstore_tui.tui.dialogs.base import DialogScreen
from objstore_tui.tui.widgets.key_input import KeyInput


def rename_problem(entry: DirEntry, new_name: str) -> str:
    """Why ``new_name`` cannot be the entry's new key (a folder's: its new prefix, with the '/'); '' when it can."""
    old = entry.prefix if isinstance(entry, Folder) else entry.key
    try:
        validate_key(new_name)
    except ObjectStoreValueError as exc:
        return str(exc)
    if new_name.startswith("/"):
        return "A key starts without '/': it is a path inside the bucket."
    if new_name == old:
        return "That is its current name."
    if isinstance(entry, Folder) and new_name.startswith(old):
        return "A folder cannot move inside itself."
    return ""


class RenameDialog(DialogScreen[str]):
    """Dismisses with the new key, or for a folder the new prefix (ending in '/')."""

    def __init__(self, bucket: str, entry: DirEntry) -> None:
        super().__init__()
        self._bucket = bucket
        self._entry = entry

    def compose(self) -> ComposeResult:
        folder = isinstance(self._entry, Folder)
        old = self._entry.prefix if isinstance(self._entry, Folder) else self._entry.key
        with Vertical(id="dialog") as box:
            box.border_title = "Rename"
            yield Label(
                Text(f"New {'prefix for the folder' if folder else 'key for'} {visible(old)}"), classes="dialog-label"
            )
            yield KeyInput(old, id="rename-key", select_on_focus=False)
            yield Static(id="rename-error", classes="dialog-error")
            yield Static(
                Text(
                    f"In bucket {visible(self._bucket)}. "
                    + ("Everything under the folder moves with it. " if folder else "")
                    + "A '/' in the name moves it into that folder."
                ),
                classes="dialog-note",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Rename", id="rename", variant="primary", disabled=True)
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._check()

    @on(Input.Changed)
    def _changed(self) -> None:
        self._check()

    @on(Input.Submitted)
    @on(Button.Pressed, "#rename")
    def _submit(self) -> None:
        new_name = self._check()
        if new_name is not None:
            self.dismiss(new_name)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def _check(self) -> str | None:
        new_name = self.query_one(Input).value
        if isinstance(self._entry, Folder) and new_name and not new_name.endswith("/"):
            new_name += "/"
        problem = rename_problem(self._entry, new_name)
        self.query_one("#rename-error", Static).update(Text(visible_lines(problem)))
        self.query_one("#rename", Button).disabled = bool(problem)
        return None if problem else new_name
