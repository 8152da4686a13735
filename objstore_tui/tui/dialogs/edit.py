"""What the edit flows (e: edit an object in $EDITOR, E: a new object or folder) show: the new key's dialog,
the conflict question, and handing the terminal to the editor.
"""

from __future__ import annotations

import subprocess
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from objstore_tui.object_store import visible
from objstore_tui.tui.dialogs.confirm import Choice, ConfirmDialog
from objstore_tui.tui.dialogs.name_entry import NameEntryDialog, typed_key_problem
from objstore_tui.tui.widgets.key_input import KeyInput

OVERWRITE, NEW_KEY, KEEP_LOCAL = "overwrite", "new-key", "keep-local"


def run_in_terminal(app: App[Any], command: list[str]) -> int:
    """Run ``command`` with the terminal handed over (the app suspended, then redrawn); its exit status.

    A headless app (tests, scripts) has no terminal to hand over: the command runs as it is, without one.
    """
    if app.is_headless:
        return subprocess.run(command, stdin=subprocess.DEVNULL, check=False).returncode
    with app.suspend():
        return subprocess.run(command, check=False).returncode


def edit_conflict_question(bucket: str, key: str, reason: str, local_folder: str) -> ConfirmDialog:
    """The object changed while it was edited: overwrite it, save beside it, or keep the edit on disk."""
    body = Text.assemble(
        "Your edit of ",
        (visible(key), "bold"),
        f" in bucket {visible(bucket)} was not uploaded: {visible(reason)}.\n\n",
        "Overwrite: replace the object as it is now with your edit (its content type and metadata are kept).\n",
        "New key: save your edit beside it as 'name (edited).ext'.\n",
        f"Keep local: keep your edit as a file in {visible(local_folder)} and change nothing in the bucket.",
    )
    choices = [
        Choice(OVERWRITE, "Overwrite", "error", key="o"),
        Choice(NEW_KEY, "New key", "primary", key="n"),
        Choice(KEEP_LOCAL, "Keep local", "primary", key="k"),
    ]
    return ConfirmDialog("The object changed meanwhile", body, choices)


def new_key_problem(key: str, existing: frozenset[str]) -> str:
    if problem := typed_key_problem(key):
        return problem
    if key in existing:
        return "An object with this key is listed here already: open it with e."
    return ""


class NewObjectDialog(NameEntryDialog):
    """Dismisses with the new key: a key ending in '/' is a folder (its marker object is made)."""

    TAKE_BUTTON = "#create"

    def __init__(self, bucket: str, prefix: str, existing: frozenset[str]) -> None:
        super().__init__()
        self._bucket = bucket
        self._prefix = prefix
        self._existing = existing

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = "New object or folder"
            yield Label(Text(f"Key in bucket {visible(self._bucket)}"), classes="dialog-label")
            yield KeyInput(self._prefix, id="new-key", select_on_focus=False)
            yield Static(id="new-key-error", classes="dialog-error")
            yield Static(
                "An object opens empty in your editor ($VISUAL, $EDITOR, else nano or vi) and is created when you "
                "save it. A key ending in '/' makes a folder (an empty marker object).",
                classes="dialog-note",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create", id="create", variant="primary", disabled=True)
                yield Button("Cancel", id="cancel")

    def checked(self, text: str) -> tuple[str | None, str]:
        return text, new_key_problem(text, self._existing) if text != self._prefix else "Type the new object's name."
