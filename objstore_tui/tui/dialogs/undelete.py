"""Undelete (U) on a versioned bucket: deleted objects, marked ones, or everything deleted under a folder.

For a folder the dialog asks whether to bring back only what was deleted after a time; the job then plans (lists
the deleted keys), asks for a confirmation that counts what comes back, and removes the delete markers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from objstore_tui.object_store import DirEntry, ObjectStore, visible
from objstore_tui.services.jobs import Conflict, plural
from objstore_tui.services.jobs.undelete import UndeletePlan, plan_undelete, run_undelete, undelete_summary
from objstore_tui.tui.dialogs.base import DialogScreen
from objstore_tui.tui.dialogs.confirm import Choice, ConfirmDialog
from objstore_tui.tui.dialogs.job import Job

TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")


def parse_since(text: str) -> datetime | None:
    """A local date and time as typed ('2026-11-30 14:05'), as an aware datetime; ValueError when unreadable."""
    for form in TIME_FORMATS:
        try:
            return datetime.strptime(text.strip(), form).astimezone()
        except ValueError:
            continue
    raise ValueError(f"not a date and time: '{visible(text)}' (write it as 2026-11-30 14:05)")


@dataclass(frozen=True, slots=True)
class UndeleteRequest:
    since: datetime | None


class UndeleteDialog(DialogScreen[UndeleteRequest]):
    """Asks for the optional 'deleted after' time; dismisses with the request, or None."""

    def __init__(self, description: str) -> None:
        super().__init__()
        self._description = description

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = "Undelete"
            yield Label(Text(f"Bring back everything deleted in {visible(self._description)}"), classes="dialog-label")
            yield Input(placeholder="only deleted after (YYYY-MM-DD HH:MM, local time); empty: all", id="since")
            yield Static(id="since-error", classes="dialog-error")
            yield Static(
                Text("The next step counts what comes back and asks before anything changes."), classes="dialog-note"
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Continue", id="continue", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        text = self.query_one(Input).value
        try:
            since = parse_since(text) if text.strip() else None
        except ValueError as exc:
            self.query_one("#since-error", Static).update(Text(str(exc)))
            return
        self.dismiss(UndeleteRequest(since))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


def undelete_question(plan: UndeletePlan) -> ConfirmDialog | None:
    """'3 objects come back in bucket B: (names)'; nothing is asked when nothing is deleted."""
    if not plan.count:
        return None
    since = f" (deleted after {plan.since:%Y-%m-%d %H:%M})" if plan.since else ""
    body = Text.assemble(f"{plural(plan.count, 'object')} come back{since} in bucket ", (visible(plan.bucket), "bold"))
    body.append(":\n")
    for key in plan.first_keys:
        body.append(f"  {visible(key)}\n")
    if plan.count > len(plan.first_keys):
        body.append(f"  … and {plan.count - len(plan.first_keys):,} more\n", style="dim")
    body.append("Their delete markers are removed; the newest version of each is the latest again.", style="dim")
    return ConfirmDialog("Undelete", body, [Choice(Conflict.OVERWRITE.value, "Undelete", "primary", key="y")])


def undelete_job(store: ObjectStore, bucket: str, entries: list[DirEntry], since: datetime | None) -> Job[UndeletePlan]:
    return Job(
        title=f"Undelete in {bucket}",
        plan=lambda cancel: plan_undelete(store, bucket, entries, since=since, cancel=cancel),
        run=lambda plan, conflict, cancel, listener: run_undelete(store, plan, cancel=cancel, on_progress=listener),
        describe=lambda plan: f"Bringing back {plural(plan.count, 'object')} in bucket {bucket}",
        summary=undelete_summary,
        ask=undelete_question,
    )
