"""Create a bucket (n), its name checked as typed; delete one, refused while it holds anything unless the user
confirms emptying it first by typing its name."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from objstore_tui.object_store import ObjectStore, ObjectStoreValueError, visible
from objstore_tui.object_store.validation import validate_bucket_name
from objstore_tui.services.formatting import human_size
from objstore_tui.services.jobs.buckets import BucketContents, peek_bucket
from objstore_tui.tui.dialogs.base import DialogScreen
from objstore_tui.tui.dialogs.name_entry import NameEntryDialog
from objstore_tui.tui.workers import WorkFailed, outcome


class CreateBucketDialog(NameEntryDialog):
    """Dismisses with a valid name not among ``existing`` (the buckets the tree shows)."""

    TAKE_BUTTON = "#create"

    def __init__(self, existing: Collection[str] = ()) -> None:
        super().__init__()
        self._existing = set(existing)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = "New bucket"
            yield Label("Name", classes="dialog-label")
            yield Input(placeholder="lowercase letters, digits, '.' and '-'; 3 to 63 long", id="bucket-name")
            yield Static(id="bucket-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create", id="create", variant="primary", disabled=True)
                yield Button("Cancel", id="cancel")

    def checked(self, text: str) -> tuple[str | None, str]:
        if not text:
            return None, ""
        try:
            validate_bucket_name(text)
        except ObjectStoreValueError as exc:
            return text, str(exc)
        return text, f"Bucket {text} already exists." if text in self._existing else ""


@dataclass(frozen=True, slots=True)
class BucketDeletion:
    bucket: str
    empty_first: bool
    """The user confirmed removing every object, version and delete marker first."""


class DeleteBucketDialog(DialogScreen[BucketDeletion]):
    """Looks at what the bucket holds, then asks: a plain yes when it is empty, its name typed when it is not."""

    DEFAULT_CSS = """
    DeleteBucketDialog {
        #dialog { border: round $error; border-title-color: $text-error; }
        #bucket-contents { margin-top: 1; height: auto; }
        #bucket-confirm { display: none; }
        &.-not-empty #bucket-confirm { display: block; }
    }
    """

    def __init__(self, store: ObjectStore, bucket: str) -> None:
        super().__init__()
        self._store = store
        self._bucket = bucket
        self._contents: BucketContents | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = "Delete bucket"
            yield Static(Text(f"Looking at what bucket {visible(self._bucket)} holds…"), id="bucket-contents")
            yield Input(placeholder=f"type {visible(self._bucket)} to empty it and delete it", id="bucket-confirm")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Delete bucket", id="delete", variant="error", disabled=True)
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()
        self._show_contents()

    @work(thread=True, exclusive=True, exit_on_error=False, group="peek-bucket", name="peek-bucket")
    def _peek(self) -> BucketContents:
        return peek_bucket(self._store, self._bucket)

    @work(exclusive=True, exit_on_error=False, group="show-contents", name="show-contents")
    async def _show_contents(self) -> None:
        contents = await outcome(self._peek())
        if contents is None:
            return
        self._contents = contents
        text = self.query_one("#bucket-contents", Static)
        button = self.query_one("#delete", Button)
        if contents.empty:
            text.update(Text.assemble("Delete the empty bucket ", (visible(self._bucket), "bold"), "?"))
            button.disabled = False
            return
        count = f"{contents.count:,}{'+' if contents.more else ''}"
        text.update(
            Text.assemble(
                "Bucket ",
                (visible(self._bucket), "bold"),
                f" holds {count} {'entry' if count == '1' else 'entries'} (objects, versions, delete markers), "
                f"{human_size(contents.total_bytes)}"
                f"{' and more' if contents.more else ''}; a bucket is only deleted once empty.\n",
                ("Emptying it deletes all of them for good, versions included. ", "bold red"),
                "Type the bucket's name to empty it and delete it.",
            )
        )
        button.label = "Empty and delete"
        button.refresh(layout=True)  # a new label does not resize a button by itself
        self.add_class("-not-empty")
        self.query_one("#bucket-confirm", Input).focus()

    @on(WorkFailed)
    def _peek_failed(self, message: WorkFailed) -> None:
        self.query_one("#bucket-contents", Static).update(
            Text(f"Cannot look into bucket {visible(self._bucket)}: {message.text}", style="red")
        )

    @on(Input.Changed)
    def _name_typed(self, event: Input.Changed) -> None:
        self.query_one("#delete", Button).disabled = event.value != self._bucket

    @on(Input.Submitted)
    @on(Button.Pressed, "#delete")
    def _confirm(self) -> None:
        contents = self._contents
        if contents is None or self.query_one("#delete", Button).disabled:
            return
        self.dismiss(BucketDeletion(self._bucket, empty_first=not contents.empty))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
