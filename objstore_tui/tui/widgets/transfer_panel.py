"""The transfer panel: one bar for the whole job (bytes, rate, time left) and one per file in flight.

It draws ``TransferSnapshot``s from ``transfers.py``. A job may hold thousands of files, so the panel keeps a
fixed handful of file rows and reuses them for the files running now, then the ones that finished last; a
snapshot only changes the rows' values, never the widget tree.
"""

from __future__ import annotations

from collections import deque

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import ProgressBar, Static

from objstore_tui.object_store import visible
from objstore_tui.services.formatting import human_size, plural
from objstore_tui.services.transfers import FileProgress, FileState, TransferSnapshot

_STATE_MARKS = {
    FileState.DONE: ("✓ done", "green"),
    FileState.FAILED: ("✗ failed", "red"),
    FileState.SKIPPED: ("skipped", "yellow"),
    FileState.CANCELLED: ("cancelled", "yellow"),
    FileState.QUEUED: ("queued", "dim"),
}


def duration(seconds: float) -> str:
    """'0.4 s', '38 s', '3 min 05 s', '2 h 04 min': as precise as a glance needs."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


def job_status(snapshot: TransferSnapshot) -> str:
    """'12.0 MiB of 48.0 MiB · 3 of 10 files (1 failed) · 5.2 MiB/s · 7 s left'."""
    parts = [f"{human_size(snapshot.bytes_done)} of {human_size(snapshot.bytes_total)}", _files_status(snapshot)]
    if snapshot.finished:
        parts.append(f"took {duration(snapshot.elapsed)}")
    else:
        parts.append(f"{human_size(round(snapshot.rate))}/s")
        parts.append(f"{duration(snapshot.eta)} left" if snapshot.eta is not None else "estimating time left…")
    if snapshot.cancelled and not snapshot.finished:
        parts.append("cancelling…")
    return " · ".join(parts)


def _files_status(snapshot: TransferSnapshot) -> str:
    """'3 of 10 files (1 failed)'; once cancelled, what actually completed: 'cancelled after 120 of 5,003 files'."""
    total = plural(snapshot.files_total, "file")
    if snapshot.cancelled and snapshot.finished:
        completed = sum(1 for file in snapshot.files if file.state is FileState.DONE)
        return f"cancelled after {completed:,} of {total}"
    failed = f" ({snapshot.files_failed:,} failed)" if snapshot.files_failed else ""
    return f"{snapshot.files_finished:,} of {total}{failed}"


class FileRow(Horizontal):
    """One file's name, bar and bytes."""

    DEFAULT_CSS = """
    FileRow {
        height: 1;
        .file-name { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
        ProgressBar { width: 34; margin: 0 1; }
        ProgressBar Bar { width: 1fr; }
        .file-state { width: 24; text-wrap: nowrap; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("", classes="file-name", markup=False)
        yield ProgressBar(total=100, show_eta=False)
        yield Static("", classes="file-state")

    def show(self, file: FileProgress) -> None:
        self.query_one(".file-name", Static).update(Text(visible(file.key)))
        self.query_one(ProgressBar).update(progress=file.fraction * 100)
        if file.state is FileState.RUNNING:
            state = Text(f"{human_size(file.done)} of {human_size(file.total)}")
        else:
            mark, style = _STATE_MARKS[file.state]
            state = Text(f"{mark}  {human_size(file.total)}" if file.state is FileState.DONE else mark, style=style)
        self.query_one(".file-state", Static).update(state)


class TransferPanel(Vertical):
    """Shows a transfer job as it runs: call ``show_snapshot`` from the UI thread with each new snapshot."""

    DEFAULT_CSS = """
    TransferPanel {
        height: auto;
        #transfer-job { height: 1; }
        #transfer-job ProgressBar { width: 1fr; }
        #transfer-job ProgressBar Bar { width: 1fr; }
        #transfer-status { height: 1; color: $text-muted; margin-bottom: 1; }
        #transfer-files { height: auto; }
        #transfer-more { height: 1; color: $text-muted; }
        #transfer-more.-empty { display: none; }
    }
    """

    def __init__(self, *, file_rows: int = 6, id: str | None = None) -> None:
        super().__init__(id=id)
        self._file_rows = file_rows
        self._recent: deque[int] = deque(maxlen=file_rows)
        """Indexes of the files that finished last, newest at the right."""
        self._last_states: list[FileState] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="transfer-job"):
            yield ProgressBar(total=100, show_eta=False, id="transfer-bar")
        yield Static("waiting to start…", id="transfer-status")
        with Vertical(id="transfer-files"):
            for _ in range(self._file_rows):
                row = FileRow()
                row.display = False
                yield row
        yield Static("", id="transfer-more", classes="-empty")

    def show_snapshot(self, snapshot: TransferSnapshot) -> None:
        self.query_one("#transfer-bar", ProgressBar).update(progress=snapshot.fraction * 100)
        self.query_one("#transfer-status", Static).update(job_status(snapshot))
        shown = self._files_to_show(snapshot)
        for row, index in zip(self.query(FileRow), [*shown, *[None] * self._file_rows], strict=False):
            row.display = index is not None
            if index is not None:
                row.show(snapshot.files[index])
        hidden = snapshot.running - sum(1 for index in shown if snapshot.files[index].state is FileState.RUNNING)
        more = self.query_one("#transfer-more", Static)
        more.set_class(hidden <= 0, "-empty")
        more.update(f"… and {hidden:,} more running" if hidden > 0 else "")

    def _files_to_show(self, snapshot: TransferSnapshot) -> list[int]:
        """The files running now, in plan order; then, in the rows left, the ones finished last."""
        files = snapshot.files
        if len(self._last_states) != len(files):
            self._last_states = [FileState.QUEUED] * len(files)
        running: list[int] = []
        for index, file in enumerate(files):
            if file.state is not self._last_states[index]:
                self._last_states[index] = file.state
                if file.state not in (FileState.QUEUED, FileState.RUNNING):
                    if index in self._recent:
                        self._recent.remove(index)
                    self._recent.append(index)
            if file.state is FileState.RUNNING and len(running) < self._file_rows:
                running.append(index)
        finished = [index for index in reversed(self._recent) if index not in running]
        return running + finished[: self._file_rows - len(running)]
