"""The upload dialog (u): a local file or folder, and the bucket, prefix and (for one file) key to upload it to.

The file is picked in a directory tree or typed with completion. Bucket and prefix default to where the user
stands; the key follows the prefix and file name until the user edits it. Everything is checked as typed,
with the reason shown under the fields; the dialog only gathers input, the transfer screen does the upload.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Button, DirectoryTree, Input, Label, Static

from objstore_tui.object_store import ObjectStoreValueError, visible
from objstore_tui.object_store.validation import validate_bucket_name, validate_key, validate_prefix
from objstore_tui.services.formatting import visible_lines
from objstore_tui.tui.dialogs.base import DialogScreen
from objstore_tui.tui.dialogs.paths import PathSuggester, display_path
from objstore_tui.tui.widgets.key_input import KeyInput


@dataclass(frozen=True, slots=True)
class UploadRequest:
    """What to upload where; ``key`` is set only for a single file (a folder's keys follow its paths)."""

    path: Path
    bucket: str
    prefix: str
    key: str | None = None


def key_prefix(prefix: str) -> str:
    """The prefix as keys start with it: 'logs' and 'logs/' both give 'logs/'."""
    return prefix if not prefix or prefix.endswith("/") else prefix + "/"


class LocalFolderTree(DirectoryTree):
    """Local files by name; a name is data (not markup), its control characters shown, never sent."""

    def process_label(self, label: str | Text) -> Text:
        return Text(visible(label if isinstance(label, str) else label.plain))


class UploadDialog(DialogScreen[UploadRequest]):
    DEFAULT_CSS = """
    UploadDialog {
        #upload-tree { height: 12; border: round $panel-lighten-2; background: $surface; }
        &.-short #upload-tree { height: 7; }
        #upload-target { height: auto; }
        #upload-target > Vertical { height: auto; width: 1fr; }
        #upload-target > Vertical:first-child { margin-right: 2; }
    }
    """

    def __init__(
        self, bucket: str, prefix: str = "", *, start_folder: Path | None = None, buckets: Sequence[str] = ()
    ) -> None:
        """``start_folder`` roots the tree (the working folder by default); ``buckets`` feed the bucket completion."""
        super().__init__()
        self._bucket = bucket
        self._prefix = prefix
        self._start_folder = start_folder or Path(".")
        self._buckets = list(buckets)
        self._automatic_key = ""
        self._key_edited = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = "Upload"
            yield LocalFolderTree(self._start_folder, id="upload-tree")
            yield Label("Local file or folder  (→ completes the path)", classes="dialog-label")
            yield KeyInput(placeholder="pick in the tree, or type a path", id="upload-path", suggester=PathSuggester())
            with Horizontal(id="upload-target"):
                with Vertical():
                    yield Label("Bucket", classes="dialog-label")
                    yield Input(
                        self._bucket,
                        id="upload-bucket",
                        suggester=SuggestFromList(self._buckets) if self._buckets else None,
                    )
                with Vertical():
                    yield Label("Prefix", classes="dialog-label")
                    yield KeyInput(self._prefix, placeholder="(the bucket's top)", id="upload-prefix")
            yield Label("Key", classes="dialog-label")
            yield KeyInput(placeholder="for a single file", id="upload-key", disabled=True)
            yield Static(id="upload-error", classes="dialog-error")
            yield Static(
                "Folders upload recursively: each file's key is the prefix, the folder's name and its path inside.",
                classes="dialog-note",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Upload", id="upload", variant="primary", disabled=True)
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#upload-path", Input).focus()
        self._check()

    # Input
    @on(DirectoryTree.FileSelected)
    @on(DirectoryTree.DirectorySelected)
    def _path_picked(self, event: DirectoryTree.FileSelected | DirectoryTree.DirectorySelected) -> None:
        self.query_one("#upload-path", Input).value = display_path(event.path)

    @on(Input.Changed, "#upload-key")
    def _key_changed(self, event: Input.Changed) -> None:
        self._key_edited = event.value != self._automatic_key
        self._check()

    @on(Input.Changed, "#upload-path, #upload-bucket, #upload-prefix")
    def _target_changed(self) -> None:
        self._follow_key()
        self._check()

    @on(Input.Submitted)
    @on(Button.Pressed, "#upload")
    def _submit(self) -> None:
        request = self._check()
        if request is not None:
            self.dismiss(request)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    # Checking
    def _local_path(self) -> Path | None:
        text = self.query_one("#upload-path", Input).value.strip()
        return Path(text).expanduser() if text else None

    def _follow_key(self) -> None:
        """Keep the key at prefix + file name for a single file, unless the user typed a key of their own."""
        path = self._local_path()
        key_input = self.query_one("#upload-key", Input)
        is_file = path is not None and path.is_file()
        key_input.disabled = not is_file
        if not is_file or self._key_edited:
            return
        assert path is not None
        self._automatic_key = key_prefix(self.query_one("#upload-prefix", Input).value) + path.name
        with key_input.prevent(Input.Changed):
            key_input.value = self._automatic_key

    def _check(self) -> UploadRequest | None:
        """The request the fields describe, or None with the reason shown under them."""
        request, problem = self._request()
        self.query_one("#upload-error", Static).update(Text(visible_lines(problem)))
        self.query_one("#upload", Button).disabled = request is None
        return request

    def _request(self) -> tuple[UploadRequest | None, str]:
        path = self._local_path()
        if path is None:
            return None, "Choose a file or folder to upload."
        if not path.exists():
            return None, f"No such file or folder: {path}"
        if not (path.is_file() or path.is_dir()):
            return None, f"Not a regular file or a folder: {path}"
        bucket = self.query_one("#upload-bucket", Input).value.strip()
        prefix = key_prefix(self.query_one("#upload-prefix", Input).value)
        try:
            validate_bucket_name(bucket)
            validate_prefix(prefix)
            key = validate_key(self.query_one("#upload-key", Input).value) if path.is_file() else None
        except ObjectStoreValueError as exc:
            return None, str(exc)
        return UploadRequest(path, bucket, prefix, key), ""
