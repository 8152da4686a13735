"""How big a folder or bucket is (i): totals, sub-folders as bars biggest first, the largest objects, by type and
storage class, filling in live as the parallel walk lists; Enter drills into a sub-folder and Backspace comes
back, as in ``ncdu``, without listing again. ``c`` stops the listing, Esc closes (and stops it)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from objstore_tui.object_store import CancelledError, ObjectStore, visible
from objstore_tui.object_store.summary import Summary
from objstore_tui.services.formatting import human_size, plural
from objstore_tui.services.location import Location
from objstore_tui.services.summary_view import Share, SummaryView, bar, summary_view
from objstore_tui.tui.dialogs.base import DialogScreen
from objstore_tui.tui.workers import WorkFailed, outcome

BAR_WIDTH = 12
NARROW_BAR_WIDTH = 6


class SummaryScreen(DialogScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("c", "stop", "Stop listing"),
        Binding("backspace", "up", "Up a folder"),
    ]

    DEFAULT_CSS = """
    SummaryScreen {
        #dialog { width: 95%; height: 90%; }
        #summary-progress { height: 1; color: $text-muted; }
        #summary-progress.-error { color: $text-error; }
        #summary-here { height: 1; text-style: bold; }
        #summary-body { height: 1fr; }
        #summary-folders { width: 1fr; height: 1fr; }
        #summary-side { width: 42%; height: 1fr; padding-left: 1; }
        &.-narrow #summary-side { width: 34%; }
    }
    """

    @dataclass
    class Progress(Message):
        """The view so far; a newer one replaces one still queued."""

        view: SummaryView

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, SummaryScreen.Progress)

    def __init__(self, store: ObjectStore, location: Location) -> None:
        super().__init__()
        self._object_store = store
        self._summarized = location
        self._stop_walk = threading.Event()
        self._path: tuple[str, ...] = ()
        self._summary: Summary | None = None
        self._view: SummaryView | None = None
        self._rows: tuple[Share, ...] = ()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = f"Summary of {visible(str(self._summarized))}"
            yield Static("Listing…", id="summary-progress")
            yield Static("", id="summary-here")
            with Horizontal(id="summary-body"):
                yield OptionList(id="summary-folders")
                with VerticalScroll(id="summary-side"):
                    yield Static("", id="summary-details")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._follow_summary()

    @property
    def done(self) -> bool:
        """The walk has finished and its summary is shown."""
        return self._summary is not None

    @property
    def walking(self) -> bool:
        return self._summary is None and not self._stop_walk.is_set()

    # The walk
    @work(thread=True, exclusive=True, exit_on_error=False, group="summary", name="summarize")
    def _summarize(self) -> Summary | None:
        worker = get_current_worker()
        location = self._summarized
        try:
            return self._object_store.summarize(
                location.prefix, location.bucket, progress=self._post_progress, cancel=self._stop_walk
            )
        except CancelledError:
            if self._stop_walk.is_set() or worker.is_cancelled:
                return None
            raise

    def _post_progress(self, summary: Summary) -> None:
        """In the summarizing thread: a frozen view of what is on screen now."""
        self.post_message(self.Progress(summary_view(summary, self._path)))

    @work(exclusive=True, exit_on_error=False, group="summary-end", name="end-summary")
    async def _follow_summary(self) -> None:
        summary = await outcome(self._summarize())
        if summary is None:
            if self._stop_walk.is_set():
                self._progress_line("Stopped: the totals above are partial.")
            return
        self._summary = summary
        self._show_view(summary_view(summary, self._path))
        self.refresh_bindings()

    @on(Progress)
    def _progressed(self, message: Progress) -> None:
        if self._summary is None and not self._stop_walk.is_set():
            self._show_view(message.view)

    @on(WorkFailed)
    def _summary_failed(self, message: WorkFailed) -> None:
        self._progress_line(f"Cannot summarize: {message.text}", error=True)

    # Showing
    def _show_view(self, view: SummaryView) -> None:
        self._view = view
        if view.done:
            self._progress_line(f"Done: {plural(view.total_count, 'object')}, {human_size(view.total_size)}")
        else:
            self._progress_line(
                f"Listing… {plural(view.total_count, 'object')}, {human_size(view.total_size)} so far"
                f" ({view.elapsed:.1f} s; c stops)"
            )
        up = "  (Backspace: up)" if view.path else ""
        self.query_one("#summary-here", Static).update(
            Text(f"{visible(str(view.location))}: {view.totals_text()}{up}", no_wrap=True, overflow="ellipsis")
        )
        self._show_folders(view.folders)
        self.query_one("#summary-details", Static).update(_details(view))

    def _show_folders(self, rows: tuple[Share, ...]) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        narrow = self.app.size.width < 100
        width = NARROW_BAR_WIDTH if narrow else BAR_WIDTH
        same_rows = [row.name for row in rows] == [row.name for row in self._rows]
        self._rows = rows
        options.clear_options()
        lines = [_folder_line(row, width, counted=not narrow) for row in rows]
        options.add_options([Option(line, id=str(index)) for index, line in enumerate(lines)])
        if rows:
            options.highlighted = highlighted if same_rows and highlighted is not None else 0

    def _progress_line(self, text: str, *, error: bool = False) -> None:
        line = self.query_one("#summary-progress", Static)
        line.set_class(error, "-error")
        line.update(Text(text, no_wrap=True, overflow="ellipsis"))

    # Drilling in and out
    @on(OptionList.OptionSelected, "#summary-folders")
    def _drill_in(self, event: OptionList.OptionSelected) -> None:
        row = self._rows[int(event.option.id or 0)]
        if row.is_folder:
            self._go_to_path((*self._path, row.name.removesuffix("/")))

    def action_up(self) -> None:
        if self._path:
            self._go_to_path(self._path[:-1])

    def _go_to_path(self, path: tuple[str, ...]) -> None:
        self._path = path
        self._rows = ()
        if self._summary is not None:
            self._show_view(summary_view(self._summary, path))
        else:
            self.query_one("#summary-here", Static).update(f"{visible('/'.join(path))}/ …")

    # Stopping
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            return self.walking
        return True

    def action_stop(self) -> None:
        self._stop_walk.set()
        self.refresh_bindings()

    def action_close(self) -> None:
        self._stop_walk.set()
        self.dismiss(None)


def _folder_line(row: Share, bar_width: int, *, counted: bool) -> Text:
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{human_size(row.size):>9} ")
    line.append(f"{row.share * 100:5.1f}% ", style="dim")
    line.append(bar(row.share, bar_width), style="bold green" if row.is_folder else "dim")
    line.append(f" {visible(row.name)}", style="bold" if row.is_folder else "italic")
    if counted:
        line.append(f"  {row.count:,}", style="dim")
    return line


def _details(view: SummaryView) -> Text:
    text = Text()
    sections = [
        ("Largest objects", [(human_size(size), key) for key, size in view.largest]),
        ("By extension", [(human_size(s.size), f"{s.name} ({s.count:,})") for s in view.by_extension]),
        ("By content type", [(human_size(s.size), f"{s.name} ({s.count:,})") for s in view.by_content_type]),
        ("By storage class", [(human_size(s.size), f"{s.name} ({s.count:,})") for s in view.by_storage_class]),
    ]
    for title, lines in sections:
        if text:
            text.append("\n")
        text.append(f"{title}\n", style="bold")
        for size, name in lines or [("", "none")]:
            text.append(f"{size:>9} ", style="dim")
            text.append(f"{visible(name)}\n")
    if view.path and view.largest == ():
        text.append("(none of the largest overall is here)\n", style="dim")
    return text
