"""Rename (R) one object, or one folder with everything under it, inside its bucket: the new key checked as typed.

A rename is a server-side move (copy, verify, delete the source), planned and run like any other move.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from objstore_tui.object_store import DirEntry, Folder, visible
from objstore_tui.tui.dialogs.name_entry import NameEntryDialog, typed_key_problem
from objstore_tui.tui.widgets.key_input import KeyInput


def rename_problem(entry: DirEntry, new_name: str) -> str:
    """Why ``new_name`` cannot be the entry's new key (a folder's: its new prefix, with the '/'); '' when it can."""
    old = entry.prefix if isinstance(entry, Folder) else entry.key
    if problem := typed_key_problem(new_name):
        return problem
    if new_name == old:
        return "That is its current name."
    if isinstance(entry, Folder) and new_name.startswith(old):
        return "A folder cannot move inside itself."
    return ""


class RenameDialog(NameEntryDialog):
    """Dismisses with the new key, or for a folder the new prefix (ending in '/')."""

    TAKE_BUTTON = "#rename"

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

    def checked(self, text: str) -> tuple[str | None, str]:
        new_name = text + "/" if isinstance(self._entry, Folder) and text and not text.endswith("/") else text
        return new_name, rename_problem(self._entry, new_name)
