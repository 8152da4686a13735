"""A job on the server that takes time (planning, copy, move, delete, emptying a bucket) with progress and cancel.

The job is a blocking function from ``operations.py``; this screen runs it in a thread worker, draws its
(done, total) progress, and hands its result to whoever pushed the screen. A result that reports issues keeps
the screen up, listing them by key, until the user has read them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import ClassVar, Protocol, runtime_checkable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, ProgressBar, Static
from textual.worker import Worker, WorkerState

from objstore_tui.object_store import ObjectStoreError, visible
from objstore_tui.services.formatting import human_size, plural, visible_lines
from objstore_tui.services.operations import OperationCancelled, Progress
from objstore_tui.services.transfers import FileIssue
from objstore_tui.tui.dialogs.base import DialogScreen, LatestOnly, issues_text

type Job[Result] = Callable[[Progress, threading.Event], Result]
"""The job: called with a progress callback and a cancel event, from a worker thread."""


@runtime_checkable
class Reported(Protocol):
    """A result that can say how it went: ``operations``' reports are."""

    @property
    def summary(self) -> str: ...

    @property
    def issues(self) -> tuple[FileIssue, ...]: ...


class TaskScreen[Result](DialogScreen[Result]):
    """Runs ``job`` and dismisses with its result, or None when it failed or was cancelled while planning.

    ``unit`` names what progress counts ('object', made plural as needed); 'bytes' shows sizes. The failure of
    the task itself is shown here and notified, so callers only handle results.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", show=False),
        Binding("c", "cancel_task", "Cancel"),
        Binding("q,ctrl+c", "app.quit", "Quit", show=False),  # a modal screen hides the app's keys; it asks first
    ]

    DEFAULT_CSS = """
    TaskScreen {
        #task-status { height: 1; color: $text-muted; }
        #task-bar { margin-top: 1; }
        #task-bar Bar { width: 1fr; }
        #task-issues { height: auto; max-height: 20; margin-top: 1; display: none; }
        #task-issues.-shown { display: block; }
        #close { display: none; }
        &.-finished #close { display: block; }
        &.-finished #task-bar { display: none; }
        &.-finished #cancel { display: none; }
    }
    """

    class Progressed(Message):
        pass

    class Finished(Message):
        def __init__(self, result: object) -> None:
            super().__init__()
            self.result = result

    def __init__(self, title: str, job: Job[Result], *, unit: str = "object", cancellable: bool = True) -> None:
        super().__init__()
        self._title = title
        self._job = job
        self._unit = unit
        self._cancellable = cancellable
        self._cancel = threading.Event()
        self._progress: LatestOnly[tuple[int, int]] = LatestOnly(lambda: self.post_message(self.Progressed()))
        self._finished = False
        self._result: Result | None = None

    @property
    def is_working(self) -> bool:
        """Still running: quitting now has to ask."""
        return not self._finished

    def stop(self) -> None:
        """Cancel the job if it can be (a delete cannot: it runs to its end); ``is_working`` turns False after."""
        if self._cancellable:
            self.action_cancel_task()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = Text(visible(self._title))
            yield ProgressBar(id="task-bar", show_eta=False)
            yield Static("working…", id="task-status")
            with VerticalScroll(id="task-issues"):
                yield Static(id="task-issues-text")
            with Horizontal(classes="dialog-buttons"):
                if self._cancellable:
                    yield Button("Cancel (c)", id="cancel", variant="warning")
                yield Button("Close", id="close", variant="primary")

    def on_mount(self) -> None:
        self._run()

    @work(thread=True, exclusive=True, exit_on_error=False, group="task", name="task")
    def _run(self) -> None:
        try:
            result = self._job(lambda done, total: self._progress.put((done, total)), self._cancel)
        except OperationCancelled:
            result = None
        self.post_message(self.Finished(result))

    def on_unmount(self) -> None:
        self._cancel.set()

    @on(Progressed)
    def _show_progress(self) -> None:
        latest = self._progress.take()
        if latest is None or self._finished:
            return
        done, total = latest
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        if self._unit == "bytes":
            status = f"{human_size(done)} of {human_size(total)}"
        else:
            status = f"{done:,} of {plural(total, self._unit)}"
        self.query_one("#task-status", Static).update(status + (" · cancelling…" if self._cancel.is_set() else ""))

    @on(Finished)
    def _finish(self, message: Finished) -> None:
        result = message.result
        if result is None:
            self.notify("Cancelled before anything was changed.", title=self._title, markup=False)
            self.dismiss(None)
        elif isinstance(result, Reported) and result.issues:
            self._result = result  # type: ignore[assignment]
            self._show_outcome(Text(visible_lines(result.summary)), issues_text([("Not done", result.issues)]))
        else:
            self.dismiss(result)  # type: ignore[arg-type]

    @on(Worker.StateChanged)
    def _task_failed(self, event: Worker.StateChanged) -> None:
        """The job raised: say why here and in a notification, and let the user close the dialog."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error or RuntimeError("unknown error")
        self.notify(str(error), title=f"{self._title}: failed", severity="error", markup=False)
        headline = "Failed" if isinstance(error, ObjectStoreError | ValueError) else "Failed unexpectedly"
        self._show_outcome(Text(f"{headline}: {visible_lines(error)}", style="bold red"), None)

    def _show_outcome(self, headline: Text, details: Text | None) -> None:
        self._finished = True
        self.add_class("-finished")
        self.query_one("#task-status", Static).update(headline)
        if details is not None:
            self.query_one("#task-issues-text", Static).update(details)
            self.query_one("#task-issues").add_class("-shown")
        self.query_one("#close", Button).focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_task":
            return self._cancellable and not self._finished
        if action == "close":
            return self._finished
        return True

    def action_cancel_task(self) -> None:
        self._cancel.set()
        self.query_one("#task-status", Static).update("cancelling: what is in flight finishes, nothing new starts…")

    def action_close(self) -> None:
        self.dismiss(self._result)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel_task()

    @on(Button.Pressed, "#close")
    def _close_pressed(self) -> None:
        self.action_close()
