"""Where to copy (C) or move (M) the selection: a bucket picked from the store's list, and a prefix in it.

The bucket list loads in a worker; if the store will not list buckets, the current one is still offered and
the reason is shown. The dialog only picks the destination: planning and the copies happen afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from objstore_tui.object_store import ObjectStore, ObjectStoreValueError, visible
from objstore_tui.object_store.validation import validate_prefix
from objstore_tui.services.formatting import visible_lines
from objstore_tui.services.location import Location, bucket_order
from objstore_tui.tui.dialogs.base import DialogScreen
from objstore_tui.tui.dialogs.upload import key_prefix
from objstore_tui.tui.widgets.key_input import KeyInput
from objstore_tui.tui.workers import WorkFailed, outcome


@dataclass(frozen=True, slots=True)
class Destination:
    bucket: str
    prefix: str


SERVER_SIDE_NOTE = (
    "Copies are made on the server, never through this machine. A move deletes each source only once its copy is "
    "verified."
)


class DestinationDialog(DialogScreen[Destination]):
    """``verb`` is 'Copy' or 'Move'; ``what`` names the selection; ``start`` is preselected; ``store_label`` names
    the destination store when it is not the source's (the split view's other pane), ``note`` how it is copied."""

    DEFAULT_CSS = """
    DestinationDialog {
        #destination-what { margin-top: 1; }
        #destination-buckets { height: 10; border: round $panel-lighten-2; }
    }
    """

    def __init__(
        self,
        store: ObjectStore,
        verb: str,
        what: str,
        start: Location,
        *,
        store_label: str = "",
        note: str = SERVER_SIDE_NOTE,
    ) -> None:
        super().__init__()
        self._store = store
        self._store_label = store_label
        self._note = note
        self._verb = verb
        self._what = what
        self._start = start

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = (
                f"{self._verb} to {visible(self._store_label)}…" if self._store_label else f"{self._verb} to…"
            )
            yield Static(Text(f"{self._verb} {visible_lines(self._what)}"), id="destination-what")
            yield Label("Bucket", classes="dialog-label")
            yield OptionList(Option(Text(visible(self._start.bucket)), id=self._start.bucket), id="destination-buckets")
            yield Static("listing buckets…", id="destination-buckets-status", classes="dialog-note")
            yield Label("Prefix", classes="dialog-label")
            yield KeyInput(self._start.prefix, placeholder="(the bucket's top)", id="destination-prefix")
            yield Static(id="destination-error", classes="dialog-error")
            yield Static(self._note, classes="dialog-note")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._verb, id="destination-go", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        buckets = self.query_one(OptionList)
        buckets.highlighted = 0
        buckets.focus()
        self._show_buckets()

    @work(thread=True, exclusive=True, exit_on_error=False, group="list-buckets", name="list-buckets")
    def _list_buckets(self) -> list[str]:
        return [bucket.name for bucket in self._store.list_buckets()]

    @work(exclusive=True, exit_on_error=False, group="show-buckets", name="show-buckets")
    async def _show_buckets(self) -> None:
        listed = await outcome(self._list_buckets())
        if listed is None:
            return
        names = bucket_order([*listed, self._start.bucket])
        buckets = self.query_one(OptionList)
        current = self._chosen_bucket()
        buckets.set_options(Option(Text(visible(name)), id=name) for name in names)
        buckets.highlighted = names.index(current) if current in names else 0
        self.query_one("#destination-buckets-status", Static).update("")

    @on(WorkFailed)
    def _listing_failed(self, message: WorkFailed) -> None:
        status = self.query_one("#destination-buckets-status", Static)
        status.set_classes("dialog-error")
        status.update(Text(f"Cannot list buckets ({message.text}); only this one is offered."))

    def _chosen_bucket(self) -> str | None:
        buckets = self.query_one(OptionList)
        if buckets.highlighted is None:
            return None
        return buckets.get_option_at_index(buckets.highlighted).id

    @on(Input.Changed, "#destination-prefix")
    def _prefix_changed(self) -> None:
        self._check()

    @on(OptionList.OptionSelected)
    def _bucket_selected(self) -> None:
        self.query_one("#destination-prefix", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#destination-go")
    def _submit(self) -> None:
        destination = self._check()
        if destination is not None:
            self.dismiss(destination)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def _check(self) -> Destination | None:
        prefix = key_prefix(self.query_one("#destination-prefix", Input).value.strip())
        bucket = self._chosen_bucket()
        problem = ""
        try:
            validate_prefix(prefix)
        except ObjectStoreValueError as exc:
            problem = str(exc)
        if prefix.startswith("/"):
            problem = "A prefix starts without '/': keys are paths inside the bucket."
        if bucket is None:
            problem = "Choose a bucket."
        self.query_one("#destination-error", Static).update(Text(visible_lines(problem)))
        self.query_one("#destination-go", Button).disabled = bool(problem)
        return None if problem or bucket is None else Destination(bucket, prefix)
