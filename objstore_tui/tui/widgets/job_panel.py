"""The job panel: one bar for the whole job (items or bytes, rate, time left) and, for a job that moves bytes,
one row per item in flight.

It draws the runner's ``JobProgress`` snapshots. A job may hold thousands of items, so the panel keeps a fixed
handful of rows and reuses them for the items running now, then the ones that finished last; a snapshot only
changes the rows' values, never the widget tree.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import ProgressBar, Static

from objstore_tui.object_store import visible
from objstore_tui.services.formatting import human_size
from objstore_tui.services.jobs import ItemProgress, JobProgress, Noun, Outcome, Pending, duration, plural

_STATE_MARKS = {
    Outcome.DONE: ("✓ done", "green"),
    Outcome.FAILED: ("✗ failed", "red"),
    Outcome.SKIPPED: ("skipped", "yellow"),
    Outcome.CANCELLED: ("cancelled", "yellow"),
    Outcome.REFUSED: ("refused", "red"),
    Pending.QUEUED: ("queued", "dim"),
}


def job_status(progress: JobProgress, noun: Noun = ("file", "files")) -> str:
    """'12.0 MiB of 48.0 MiB · 3 of 10 files (1 failed) · 5.2 MiB/s · 7 s left'; '3 of 10 objects' without
    sizes; once cancelled, what actually completed: 'cancelled after 120 of 5,003 files'."""
    total = plural(progress.items_total, noun)
    if progress.cancelled and progress.finished:
        parts = [f"cancelled after {progress.items_done:,} of {total}"]
    else:
        failed = f" ({progress.items_failed:,} failed)" if progress.items_failed else ""
        parts = [f"{progress.items_finished:,} of {total}{failed}"]
    if progress.by_bytes:
        parts.insert(0, f"{human_size(progress.bytes_done)} of {human_size(progress.bytes_total)}")
    if progress.finished:
        parts.append(f"took {duration(progress.elapsed)}")
    else:
        if progress.by_bytes:
            parts.append(f"{human_size(round(progress.rate))}/s")
        parts.append(f"{duration(progress.eta)} left" if progress.eta is not None else "estimating time left…")
    if progress.cancelled and not progress.finished:
        parts.append("cancelling…")
    return " · ".join(parts)


class ItemRow(Horizontal):
    """One item's name, bar and bytes."""

    DEFAULT_CSS = """
    ItemRow {
        height: 1;
        .item-name { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
        ProgressBar { width: 34; margin: 0 1; }
        ProgressBar Bar { width: 1fr; }
        .item-state { width: 24; text-wrap: nowrap; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("", classes="item-name", markup=False)
        yield ProgressBar(total=100, show_eta=False)
        yield Static("", classes="item-state")

    def show(self, item: ItemProgress) -> None:
        self.query_one(".item-name", Static).update(Text(visible(item.name)))
        self.query_one(ProgressBar).update(progress=item.fraction * 100)
        if item.state is Pending.RUNNING:
            state = Text(f"{human_size(item.done)} of {human_size(item.total)}")
        else:
            mark, style = _STATE_MARKS[item.state]
            state = Text(f"{mark}  {human_size(item.total)}" if item.state is Outcome.DONE else mark, style=style)
        self.query_one(".item-state", Static).update(state)


class JobPanel(Vertical):
    """Shows a job as it runs: call ``show`` from the UI thread with each new snapshot."""

    DEFAULT_CSS = """
    JobPanel {
        height: auto;
        #job-bar { width: 1fr; }
        #job-bar Bar { width: 1fr; }
        #job-status { height: 1; color: $text-muted; }
        #job-items { height: auto; margin-top: 1; }
        #job-items.-empty { display: none; }
        #job-more { height: 1; color: $text-muted; }
        #job-more.-empty { display: none; }
    }
    """

    def __init__(self, *, noun: Noun = ("file", "files"), item_rows: int = 6, id: str | None = None) -> None:
        super().__init__(id=id)
        self._noun = noun
        self._item_rows = item_rows

    def compose(self) -> ComposeResult:
        yield ProgressBar(total=100, show_eta=False, id="job-bar")
        yield Static("waiting to start…", id="job-status")
        with Vertical(id="job-items", classes="-empty"):
            for _ in range(self._item_rows):
                row = ItemRow()
                row.display = False
                yield row
        yield Static("", id="job-more", classes="-empty")

    def show(self, progress: JobProgress) -> None:
        self.query_one("#job-bar", ProgressBar).update(progress=progress.fraction * 100)
        self.query_one("#job-status", Static).update(job_status(progress, self._noun))
        if not progress.by_bytes:
            return
        self.query_one("#job-items").remove_class("-empty")
        running = list(progress.active[: self._item_rows])
        shown = running + list(progress.recent[: self._item_rows - len(running)])
        for row, item in zip(self.query(ItemRow), [*shown, *[None] * self._item_rows], strict=False):
            row.display = item is not None
            if item is not None:
                row.show(item)
        hidden = len(progress.active) - len(running)
        more = self.query_one("#job-more", Static)
        more.set_class(hidden <= 0, "-empty")
        more.update(f"… and {hidden:,} more running" if hidden > 0 else "")
