"""The download dialog (d): the local folder to download into, and what to do when a file already exists.

Only input is gathered here; the transfer screen plans the download (refusing keys that would write outside
the folder) and runs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from objstore_tui.services.formatting import visible_lines
from objstore_tui.services.jobs import Conflict
from objstore_tui.tui.dialogs.base import DialogScreen
from objstore_tui.tui.dialogs.paths import PathSuggester, display_path
from objstore_tui.tui.widgets.key_input import KeyInput

CONFLICT_LABELS = {
    Conflict.KEEP_BOTH: "Keep both: write the new file under a free name",
    Conflict.SKIP: "Skip it: keep the local file",
    Conflict.OVERWRITE: "Overwrite it",
}


@dataclass(frozen=True, slots=True)
class DownloadRequest:
    folder: Path
    conflict: Conflict


class DownloadDialog(DialogScreen[DownloadRequest]):
    """``what`` says what will be downloaded ('3 items from ops/logs/'); ``folder`` is the default destination."""

    DEFAULT_CSS = """
    DownloadDialog {
        #download-what { margin-top: 1; }
        RadioSet { width: 1fr; }
    }
    """

    def __init__(self, what: str, folder: Path | None = None, *, rename_hint: str | None = None) -> None:
        """``rename_hint`` replaces the 'keep both' label where renaming works differently (one version)."""
        super().__init__()
        self._what = what
        self._folder = folder if folder is not None else Path.cwd()
        self._labels = {**CONFLICT_LABELS, **({Conflict.KEEP_BOTH: rename_hint} if rename_hint else {})}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = "Download"
            yield Static(Text(f"Download {visible_lines(self._what)}"), id="download-what")
            yield Label("Into the local folder  (→ completes the path)", classes="dialog-label")
            yield KeyInput(display_path(self._folder), id="download-folder", suggester=PathSuggester(folders_only=True))
            yield Static(id="download-check", classes="dialog-note")
            yield Label("When a file already exists", classes="dialog-label")
            with RadioSet(id="download-conflict"):
                for conflict, label in self._labels.items():
                    yield RadioButton(label, value=conflict is Conflict.KEEP_BOTH, id=f"conflict-{conflict.value}")
            yield Static(
                "Folders download recursively, recreating their key paths; keys with '..' or a leading '/' "
                "are refused and reported, never written.",
                classes="dialog-note",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Download", id="download", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#download-folder", Input).focus()
        self._check()

    @on(Input.Changed, "#download-folder")
    def _folder_changed(self) -> None:
        self._check()

    @on(Input.Submitted)
    @on(Button.Pressed, "#download")
    def _submit(self) -> None:
        folder = self._check()
        if folder is not None:
            self.dismiss(DownloadRequest(folder, self._conflict()))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def _conflict(self) -> Conflict:
        pressed = self.query_one(RadioSet).pressed_button
        return Conflict((pressed.id or "").removeprefix("conflict-")) if pressed is not None else Conflict.KEEP_BOTH

    def _check(self) -> Path | None:
        """The folder typed, or None with the reason; a folder that does not exist yet will be created."""
        text = self.query_one("#download-folder", Input).value.strip()
        folder = Path(text).expanduser() if text else None
        check = self.query_one("#download-check", Static)
        if folder is None:
            problem, note = "Type the folder to download into.", ""
        elif folder.exists() and not folder.is_dir():
            problem, note = f"Not a folder: {folder}", ""
        else:
            problem, note = "", "" if folder.is_dir() else "This folder does not exist yet: it will be created."
        check.set_class(bool(problem), "dialog-error")
        check.set_class(not problem, "dialog-note")
        check.update(Text(visible_lines(problem or note)))
        self.query_one("#download", Button).disabled = bool(problem)
        return None if problem else folder
