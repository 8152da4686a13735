"""The delete confirmation (x / Delete): what will go, counted and sized, before an explicit yes.

Folders are expanded to their keys in a worker first, so the dialog names the real count, total size, the
first few keys and the bucket, and says when the bucket keeps versions (a delete then only adds markers).
It dismisses with the ``DeletePlan`` it showed: the delete removes exactly those keys, nothing listed later.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from objstore_tui.object_store import CancelledError, DirEntry, Folder, ObjectStore, visible
from objstore_tui.services.formatting import human_size, plural
from objstore_tui.services.jobs.delete import DeletePlan, plan_delete
from objstore_tui.tui.dialogs.base import DialogScreen
from objstore_tui.tui.workers import WorkFailed, outcome


def describe_plan(plan: DeletePlan, folders: int) -> Text:
    """The confirmation's text: count, size, bucket, the first keys, and what a delete means here."""
    objects = plural(plan.count, "object")
    text = Text.assemble("Delete ", (objects, "bold"), f" ({human_size(plan.total_bytes)}) from bucket ")
    text.append(visible(plan.bucket), style="bold")
    text.append(":\n")
    for key in plan.first_keys:
        text.append(f"  {visible(key)}\n")
    if plan.count > len(plan.first_keys):
        text.append(f"  … and {plan.count - len(plan.first_keys):,} more\n", style="dim")
    if folders == 1:
        text.append("\nThe selected folder counts as everything under it.")
    elif folders:
        text.append(f"\nThe {folders:,} selected folders count as everything under them.")
    if plan.versioned:
        text.append(
            f"\n{visible(plan.bucket)} keeps versions: each key gets a delete marker and its versions stay "
            "(V lists them; a version is deleted there, one at a time).",
            style="yellow",
        )
    else:
        text.append("\nThis cannot be undone.", style="bold red")
    return text


class DeleteDialog(DialogScreen[DeletePlan]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("y", "confirm", "Yes, delete")]

    DEFAULT_CSS = """
    DeleteDialog {
        #dialog { border: round $error; border-title-color: $text-error; }
        #delete-summary { margin-top: 1; height: auto; }
    }
    """

    def __init__(self, store: ObjectStore, bucket: str, entries: Sequence[DirEntry]) -> None:
        super().__init__()
        self._store = store
        self._bucket = bucket
        self._entries = list(entries)
        self._plan: DeletePlan | None = None
        self._stop_planning = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = "Delete"
            yield Static(
                Text(f"Counting what the selection holds in bucket {visible(self._bucket)}…"), id="delete-summary"
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Yes, delete (y)", id="delete", variant="error", disabled=True)
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()
        self._show_plan()

    def on_unmount(self) -> None:
        self._stop_planning.set()

    @work(thread=True, exclusive=True, exit_on_error=False, group="plan-delete", name="plan-delete")
    def _plan_delete(self) -> DeletePlan | None:
        """The plan, or None once the dialog closed (planning stops early then)."""
        try:
            return plan_delete(self._store, self._bucket, self._entries, self._stop_planning)
        except CancelledError:  # not a failure: the user closed the dialog
            return None

    @work(exclusive=True, exit_on_error=False, group="show-plan", name="show-plan")
    async def _show_plan(self) -> None:
        plan = await outcome(self._plan_delete())
        if plan is None:
            return
        summary = self.query_one("#delete-summary", Static)
        if not plan.count:
            summary.update(Text("Nothing to delete: the selection holds no objects."))
            return
        self._plan = plan
        summary.update(describe_plan(plan, sum(1 for entry in self._entries if isinstance(entry, Folder))))
        button = self.query_one("#delete", Button)
        button.label = f"Yes, delete {plural(plan.count, 'object')} (y)"
        button.disabled = False
        button.refresh(layout=True)  # a new label does not resize a button by itself
        self.refresh_bindings()

    @on(WorkFailed)
    def _planning_failed(self, message: WorkFailed) -> None:
        self.query_one("#delete-summary", Static).update(Text(f"Cannot list the selection: {message.text}", "red"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self._plan is not None if action == "confirm" else True

    def action_confirm(self) -> None:
        self.dismiss(self._plan)

    @on(Button.Pressed, "#delete")
    def _delete_pressed(self) -> None:
        self.action_confirm()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)
