"""The transfer screen: plans an upload or download, runs it with the transfer panel, then sums it up.

The plan is made in the screen's worker (a download plan lists the bucket), then ``TransferJob`` runs there
too. Snapshots reach the UI through ``LatestOnly``: the job's reporter thread never waits for the screen. The
screen stays up once the job ends and lists what was refused, failed, skipped or cancelled, by key.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Static
from textual.worker import Worker, WorkerState

from objstore_tui.object_store import ObjectStore, visible
from objstore_tui.services.formatting import human_size, plural, visible_lines
from objstore_tui.services.transfers import (
    Conflict,
    Direction,
    FileIssue,
    TransferJob,
    TransferPlan,
    TransferReport,
    TransferSnapshot,
)
from objstore_tui.tui.dialogs.base import DialogScreen, LatestOnly, issues_text
from objstore_tui.tui.widgets.transfer_panel import TransferPanel


def plan_description(plan: TransferPlan) -> str:
    """'Uploading 12 files (40.0 MiB) to ops/logs/' with what planning refused, for the top of the screen."""
    verb, where = ("Uploading", "to") if plan.direction is Direction.UPLOAD else ("Downloading", "from")
    files = plural(len(plan.items), "file")
    text = f"{verb} {files} ({human_size(plan.total_bytes)}) {where} bucket {visible(plan.bucket)}"
    if plan.refused:
        text += f"; {len(plan.refused):,} refused (listed at the end)"
    return text


def report_sections(report: TransferReport) -> list[tuple[str, tuple[FileIssue, ...]]]:
    """What did not transfer, by key, for the summary."""
    return [
        ("Failed", report.failed),
        ("Refused", report.refused),
        (
            "Skipped: the object exists" if report.direction is Direction.UPLOAD else "Skipped: the local file exists",
            tuple(FileIssue(item.key, "") for item in report.skipped),
        ),
        ("Cancelled: nothing written", tuple(FileIssue(item.key, "") for item in report.cancelled_files)),
    ]


class TransferScreen(DialogScreen[TransferReport]):
    """Runs the plan ``make_plan`` returns; dismisses with the job's report, or None if planning failed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "cancel_transfer", "Cancel"),
        Binding("q,ctrl+c", "app.quit", "Quit", show=False),  # a modal screen hides the app's keys; it asks first
        Binding("escape", "close", "Close", show=False),
        Binding("enter", "close", "Close", show=False),
    ]

    DEFAULT_CSS = """
    TransferScreen {
        #dialog { width: 110; }
        &.-short #transfer-plan { margin: 0; }
        &.-narrow FileRow ProgressBar { width: 12; }
        &.-narrow FileRow .file-state { width: 20; }
        #transfer-plan { height: auto; margin: 1 0; }
        #transfer-outcome { height: auto; margin-top: 1; display: none; }
        #transfer-issues { height: auto; max-height: 16; display: none; }
        &.-finished #transfer-outcome, &.-finished #transfer-issues.-shown { display: block; }
        #close { display: none; }
        &.-finished #close { display: block; }
        &.-finished #cancel { display: none; }
    }
    """

    class Planned(Message):
        def __init__(self, plan: TransferPlan) -> None:
            super().__init__()
            self.plan = plan

    class Progressed(Message):
        pass

    class Finished(Message):
        def __init__(self, report: TransferReport) -> None:
            super().__init__()
            self.report = report

    def __init__(
        self,
        store: ObjectStore,
        title: str,
        make_plan: Callable[[], TransferPlan],
        *,
        conflict: Conflict = Conflict.RENAME,
        workers: int | None = None,
    ) -> None:
        super().__init__()
        self._store = store
        self._title = title
        self._make_plan = make_plan
        self._conflict = conflict
        self._workers = workers
        self._job: TransferJob | None = None
        self._cancel_requested = threading.Event()
        self._snapshots: LatestOnly[TransferSnapshot] = LatestOnly(lambda: self.post_message(self.Progressed()))
        self._report: TransferReport | None = None
        self._finished = False

    @property
    def report(self) -> TransferReport | None:
        """The job's report once it has ended."""
        return self._report

    @property
    def is_working(self) -> bool:
        """Still planning or transferring: quitting now has to ask."""
        return not self._finished

    def stop(self) -> None:
        """Cancel the job (the app is about to quit); ``is_working`` turns False once it has stopped cleanly."""
        self.action_cancel_transfer()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = Text(visible(self._title))
            yield Static("Planning: looking at the files…", id="transfer-plan")
            yield TransferPanel(id="transfer-panel")
            yield Static(id="transfer-outcome")
            with VerticalScroll(id="transfer-issues"):
                yield Static(id="transfer-issues-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel (c)", id="cancel", variant="warning")
                yield Button("Close", id="close", variant="primary")

    def on_mount(self) -> None:
        self._run()

    def on_unmount(self) -> None:
        """Leaving (the app quitting) stops the job: nothing keeps writing behind a closed screen."""
        self._stop_job()

    def _stop_job(self) -> None:
        self._cancel_requested.set()
        if self._job is not None:
            self._job.cancel()

    @work(thread=True, exclusive=True, exit_on_error=False, group="transfer", name="transfer")
    def _run(self) -> None:
        plan = self._make_plan()
        options = {} if self._workers is None else {"workers": self._workers}
        job = TransferJob(self._store, plan, conflict=self._conflict, on_progress=self._snapshots.put, **options)
        self._job = job
        if self._cancel_requested.is_set():
            job.cancel()
        self.post_message(self.Planned(plan))
        self.post_message(self.Finished(job.run()))

    @on(Planned)
    def _show_plan(self, message: Planned) -> None:
        self.query_one("#transfer-plan", Static).update(Text(plan_description(message.plan)))

    @on(Progressed)
    def _show_progress(self) -> None:
        snapshot = self._snapshots.take()
        if snapshot is not None:
            self.query_one(TransferPanel).show_snapshot(snapshot)

    @on(Finished)
    def _show_report(self, message: Finished) -> None:
        report = self._report = message.report
        self._show_progress()
        severity = "information" if report.ok else "warning"
        headline = Text(visible_lines(report.summary), style="bold" if report.ok else "bold yellow")
        self._finish(headline, issues_text(report_sections(report)))
        self.notify(report.summary, title=self._title, severity=severity, markup=False)

    @on(Worker.StateChanged)
    def _job_failed(self, event: Worker.StateChanged) -> None:
        """Planning failed (a missing folder, an unknown bucket) or a bug: say why and let the user close."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error or RuntimeError("unknown error")
        self.query_one("#transfer-plan", Static).update(Text(f"Cannot start: {visible_lines(error)}", style="bold red"))
        self._finish(Text("Nothing was transferred.", style="bold"), None)
        self.notify(str(error), title=f"{self._title}: failed", severity="error", markup=False)

    def _finish(self, headline: Text, details: Text | None) -> None:
        self._finished = True
        self.add_class("-finished")
        self.query_one("#transfer-outcome", Static).update(headline)
        if details:
            self.query_one("#transfer-issues-text", Static).update(details)
            self.query_one("#transfer-issues").add_class("-shown")
        self.query_one("#close", Button).focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_transfer":
            return not self._finished
        if action == "close":
            return self._finished
        return True

    def action_cancel_transfer(self) -> None:
        """Queued files never start; running ones stop at their next chunk, leaving nothing partial behind."""
        if self._finished:
            return
        self._stop_job()
        self.query_one("#transfer-plan", Static).update(
            "Cancelling: partial downloads are removed and multipart uploads aborted…"
        )

    def action_close(self) -> None:
        self.dismiss(self._report)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel_transfer()

    @on(Button.Pressed, "#close")
    def _close_pressed(self) -> None:
        self.action_close()
