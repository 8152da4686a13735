"""The one job screen: every long action (upload, download, copy, move, rename, delete, emptying a bucket, a
version's download) plans, asks, runs and reports here.

A thread worker makes the plan and returns it (a plan lists buckets, so it never runs on the UI thread); the
screen's flow awaits it, asks the plan's question if it has one (destinations that exist: overwrite, skip or
keep both), then awaits a second thread worker that runs the job. Progress arrives as ``Progressed``
messages that replace each other in the queue, so a busy UI skips snapshots instead of queueing them. ``c``
cancels (one event for planning and running), leaving the screen cancels, and the end lists what was not
done by outcome.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Button, Static
from textual.worker import Worker, WorkerFailed, WorkerState

from objstore_tui.object_store import CancelledError, ObjectStoreError, visible
from objstore_tui.services.formatting import visible_lines
from objstore_tui.services.jobs import Conflict, JobProgress, JobReport, Listener, Noun, Outcome
from objstore_tui.tui.dialogs.base import DialogScreen, issues_text
from objstore_tui.tui.widgets.job_panel import JobPanel

type AnyReport = JobReport[Any, Any]
type Summary[Plan] = Callable[[Plan, AnyReport], str]
"""How a job's end reads, for the notification and the screen."""

HEADINGS = {
    Outcome.FAILED: "Failed",
    Outcome.REFUSED: "Refused",
    Outcome.SKIPPED: "Skipped",
    Outcome.CANCELLED: "Cancelled: nothing changed",
}


type Question = Screen[str | None]
"""A dialog that answers a ``Conflict`` value (or None: give up)."""


def _no_question(plan: object) -> Question | None:
    return None


@dataclass(frozen=True, slots=True)
class Job[Plan]:
    """What a ``JobScreen`` runs: ``plan`` and ``run`` are called in thread workers, with the job's one cancel
    event (and ``run`` with the answer to ``ask`` and the progress listener); ``describe`` and ``summary`` say
    what the plan is and how the job ended."""

    title: str
    plan: Callable[[threading.Event], Plan]
    run: Callable[[Plan, Conflict, threading.Event, Listener], AnyReport]
    describe: Callable[[Plan], str]
    summary: Summary[Plan]
    ask: Callable[[Plan], Question | None] = field(default=_no_question)
    """The question the plan raises (a dialog answering a ``Conflict`` value), or None to ask nothing."""
    conflict: Conflict = Conflict.OVERWRITE
    """The policy when nothing is asked (or chosen before, as a download's dialog does)."""
    noun: Noun = ("object", "objects")
    keep_open: bool = False
    """Stay up after a clean end too (transfers: the user reads the rate and time); else only when something
    was not done."""


class JobScreen(DialogScreen[AnyReport]):
    """Runs a ``Job``; dismisses with its report, or None when planning failed, was cancelled or the question
    was declined (nothing was changed then)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "cancel_job", "Cancel"),
        Binding("q,ctrl+c", "app.quit", "Quit", show=False),  # a modal screen hides the app's keys; it asks first
        Binding("escape", "close", "Close", show=False),
        Binding("enter", "close", "Close", show=False),
    ]

    DEFAULT_CSS = """
    JobScreen {
        #dialog { width: 110; }
        &.-narrow ItemRow ProgressBar { width: 12; }
        &.-narrow ItemRow .item-state { width: 20; }
        #job-plan { height: auto; margin: 1 0; }
        &.-short #job-plan { margin: 0; }
        #job-outcome { height: auto; margin-top: 1; display: none; }
        #job-issues { height: auto; max-height: 16; display: none; }
        &.-finished #job-outcome, &.-finished #job-issues.-shown { display: block; }
        #close { display: none; }
        &.-finished #close { display: block; }
        &.-finished #cancel { display: none; }
        &.-finished #job-panel { display: none; }
        &.-finished.-progressed #job-panel { display: block; }
    }
    """

    @dataclass
    class Progressed(Message):
        """A snapshot of the running job; a newer one replaces it in the queue."""

        progress: JobProgress

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, JobScreen.Progressed)

    def __init__(self, job: Job[Any]) -> None:
        super().__init__()
        self._job = job
        self._cancel = threading.Event()
        self._report: AnyReport | None = None
        self._finished = False

    @property
    def report(self) -> AnyReport | None:
        """The job's report once it has ended."""
        return self._report

    @property
    def is_working(self) -> bool:
        """Still planning or running: quitting now has to ask."""
        return not self._finished

    def stop(self) -> None:
        """Cancel the job (the app is about to quit); ``is_working`` turns False once it has stopped cleanly."""
        self.action_cancel_job()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = Text(visible(self._job.title))
            yield Static("Planning: looking at what it involves…", id="job-plan")
            yield JobPanel(noun=self._job.noun, id="job-panel")
            yield Static(id="job-outcome")
            with VerticalScroll(id="job-issues"):
                yield Static(id="job-issues-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel (c)", id="cancel", variant="warning")
                yield Button("Close", id="close", variant="primary")

    def on_mount(self) -> None:
        self._flow()

    def on_unmount(self) -> None:
        """Leaving (the app quitting) stops the job: nothing keeps changing behind a closed screen."""
        self._cancel.set()

    @work(exclusive=True, exit_on_error=False, group="job-flow", name="job-flow")
    async def _flow(self) -> None:
        """Plan, ask, run, report: each storage step is a thread worker this flow awaits."""
        plan = await self._make_plan().wait()
        self.query_one("#job-plan", Static).update(Text(visible_lines(self._job.describe(plan))))
        conflict = self._job.conflict
        question = self._job.ask(plan)
        if question is not None:
            answer = await self.app.push_screen_wait(question)
            if answer is None:
                self._end_unchanged("Nothing was changed.")
                return
            conflict = Conflict(answer)
        self._show_report(plan, await self._run_job(plan, conflict).wait())

    @work(thread=True, exclusive=True, exit_on_error=False, group="job-plan", name="job-plan")
    def _make_plan(self) -> Any:
        return self._job.plan(self._cancel)

    @work(thread=True, exclusive=True, exit_on_error=False, group="job-run", name="job-run")
    def _run_job(self, plan: Any, conflict: Conflict) -> AnyReport:
        return self._job.run(plan, conflict, self._cancel, self._tell_progress)

    def _tell_progress(self, progress: JobProgress) -> None:
        """From the job's reporter thread: ``post_message`` is thread-safe and never waits for the UI."""
        self.post_message(self.Progressed(progress))

    @on(Progressed)
    def _show_progress(self, message: Progressed) -> None:
        self.add_class("-progressed")
        self.query_one(JobPanel).show(message.progress)

    def _show_report(self, plan: Any, report: AnyReport) -> None:
        self._report = report
        summary = self._job.summary(plan, report)
        severity: SeverityLevel = "information" if report.ok else "warning"
        self.notify(summary, title=self._job.title, severity=severity, markup=False)
        if report.ok and not self._job.keep_open:
            self._finished = True
            self.dismiss(report)
            return
        headline = Text(visible_lines(summary), style="bold" if report.ok else "bold yellow")
        sections = [(HEADINGS[outcome], issues) for outcome, issues in report.sections()]
        self._finish(headline, issues_text(sections))

    def _end_unchanged(self, why: str) -> None:
        self._finished = True
        self.notify(why, title=self._job.title, markup=False)
        self.dismiss(None)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """Planning or the job itself raised: a cancel while planning changed nothing; anything else is said
        here and in a notification, and the user closes the screen."""
        if event.state is not WorkerState.ERROR:
            return
        event.stop()  # said here, on the screen the user is reading: the app's handler need not say it again
        if event.worker.group == "job-flow":
            return  # the flow fails with the worker it awaited, reported here already
        error = event.worker.error or RuntimeError("unknown error")
        if isinstance(error, WorkerFailed):
            error = error.error
        if isinstance(error, CancelledError):
            self._end_unchanged("Cancelled before anything was changed.")
            return
        headline = "Cannot start" if event.worker.group == "job-plan" else "Failed"
        if not isinstance(error, ObjectStoreError | ValueError | OSError):
            headline += " unexpectedly"
        self.query_one("#job-plan", Static).update(Text(f"{headline}: {visible_lines(error)}", style="bold red"))
        self._finish(Text("Nothing more was done.", style="bold"), None)
        self.notify(str(error), title=f"{self._job.title}: failed", severity="error", markup=False)

    def _finish(self, headline: Text, details: Text | None) -> None:
        self._finished = True
        self.add_class("-finished")
        self.query_one("#job-outcome", Static).update(headline)
        if details:
            self.query_one("#job-issues-text", Static).update(details)
            self.query_one("#job-issues").add_class("-shown")
        self.query_one("#close", Button).focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_job":
            return not self._finished
        if action == "close":
            return self._finished
        return True

    def action_cancel_job(self) -> None:
        """Queued items never start; running ones stop at their next chunk, leaving nothing partial behind."""
        if self._finished:
            return
        self._cancel.set()
        self.query_one("#job-plan", Static).update("Cancelling: what is in flight stops or ends, nothing new starts…")

    def action_close(self) -> None:
        self.dismiss(self._report)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel_job()

    @on(Button.Pressed, "#close")
    def _close_pressed(self) -> None:
        self.action_close()
