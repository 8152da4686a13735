"""The compare view (key = in the split view): the left pane's prefix against the right pane's, as a list to review.

A thread worker runs the library's ``compare`` (it only reads; ``c`` cancels it, its progress shows as it lists),
then the screen shows counts and bytes per class (only left, only right, same, different) and how the objects
were compared, the entries filterable by class, and each highlighted entry previewed on both sides (``v``).
``m`` mirrors left to right from this very plan (``mirror_flow.py``); ``k`` compares again reading checksums.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from objstore_tui.object_store import CancelledError, ObjectMetadata, visible
from objstore_tui.object_store.mirror import Comparison, Difference, Entry, Listed, Method, compare
from objstore_tui.services.formatting import human_size, plural
from objstore_tui.services.location import Location
from objstore_tui.tui.screens.mirror_flow import mirror_from_plan
from objstore_tui.tui.screens.pane_link import PaneLink
from objstore_tui.tui.widgets.key_footer import KeyFooter
from objstore_tui.tui.widgets.pane_glance import describe_link
from objstore_tui.tui.widgets.preview import PreviewPane
from objstore_tui.tui.workers import WorkFailed, outcome

ROWS_SHOWN = 10_000
"""The most entries the list holds at once; the counts and a saved plan cover them all."""

CLASSES: dict[Difference, tuple[str, str, str]] = {
    Difference.ONLY_LEFT: ("+", "only left", "green"),
    Difference.ONLY_RIGHT: ("-", "only right", "red"),
    Difference.DIFFERENT: ("≠", "different", "yellow"),
    Difference.SAME: ("=", "same", "dim"),
}
"""Each class's mark, name and colour, in the order they are listed."""

METHOD_WORDS: dict[Method, str] = {
    Method.ETAG: "size and ETag",
    Method.SIZE_MTIME: "size and modification time (their ETags cannot be compared)",
    Method.CHECKSUM: "checksums read from both sides",
    Method.SIZE: "size alone (the sizes differ)",
}


class CompareScreen(Screen[None]):
    """``left`` and ``right`` are the split's panes as they were when ``=`` was pressed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("c", "cancel_compare", "Cancel"),
        Binding("a", "only('all')", "All"),
        Binding("l", "only('only-left')", "Only left"),
        Binding("r", "only('only-right')", "Only right"),
        Binding("d", "only('different')", "Different"),
        Binding("s", "only('same')", "Same"),
        Binding("v,enter", "toggle_previews", "Preview both"),
        Binding("k", "compare_checksums", "Compare checksums", show=False),
        Binding("m", "mirror", "Mirror →"),
    ]

    DEFAULT_CSS = """
    CompareScreen {
        #compare-title { height: 1; background: $panel; padding: 0 1; text-style: bold; color: $text-accent; }
        #compare-status { height: auto; padding: 0 1; color: $text-muted; }
        #compare-status.-error { color: $text-error; }
        #compare-summary { height: auto; padding: 0 1; }
        #compare-rows { height: 1fr; }
        #compare-previews { height: 45%; display: none; }
        #compare-previews.-shown { display: block; }
        #compare-previews PreviewPane { width: 1fr; border: round $panel-lighten-2; }
    }
    """

    @dataclass
    class Listed(Message):
        """How many objects the compare has listed so far; a newer count replaces one still queued."""

        count: int

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, CompareScreen.Listed)

    def __init__(self, left: PaneLink, right: PaneLink) -> None:
        super().__init__()
        assert left.location is not None and right.location is not None
        self.left, self.right = left, right
        self._left_at: Location = left.location
        self._right_at: Location = right.location
        self._cancel = threading.Event()
        self._checksum = False
        self._comparing = False
        self.plan: Comparison | None = None
        self.shown: Difference | None = None
        """The class the list shows; None: every class."""
        self._rows: list[Entry] = []

    def compose(self) -> ComposeResult:
        yield Static(
            Text(f"Compare  {visible(describe_link(self.left))}  ⟷  {visible(describe_link(self.right))}"),
            id="compare-title",
        )
        yield Static("Comparing…", id="compare-status")
        yield Static(id="compare-summary")
        yield DataTable(id="compare-rows", cursor_type="row", zebra_stripes=False)
        with Horizontal(id="compare-previews"):
            yield PreviewPane(self.left.store, id="preview-left")
            yield PreviewPane(self.right.store, id="preview-right")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("", "Name", "Left", "Right", "Compared by")
        table.focus()
        self.start_compare(checksum=False)

    # Comparing
    def start_compare(self, *, checksum: bool) -> None:
        """Compare the two prefixes afresh (after a mirror, or reading checksums this time)."""
        self._cancel = threading.Event()
        self._checksum = checksum
        self._comparing = True
        self.plan = None
        self._set_status("Comparing… (c cancels)")
        self._show_plan(checksum)
        self.refresh_bindings()

    @work(thread=True, exclusive=True, exit_on_error=False, group="compare", name="compare")
    def _compare(self, checksum: bool, cancel: threading.Event) -> Comparison | None:
        """Both listings, classed; None when cancelled (nothing was changed either way)."""
        left, right = self._left_at, self._right_at
        try:
            return compare(
                self.left.store,
                left.prefix,
                self.right.store,
                right.prefix,
                left_bucket=left.bucket,
                right_bucket=right.bucket,
                checksum=checksum,
                cancel=cancel,
                progress=self._tell_listed,
            )
        except CancelledError:
            return None

    @work(exclusive=True, exit_on_error=False, group="show-compare", name="show-compare")
    async def _show_plan(self, checksum: bool) -> None:
        cancel = self._cancel
        plan = await outcome(self._compare(checksum, cancel))
        if cancel is not self._cancel:
            return  # a newer compare replaced this one
        self._comparing = False
        if plan is None:
            if cancel.is_set():
                self._set_status("Compare cancelled: nothing was changed. k compares again.")
            self.refresh_bindings()
            return
        self.plan = plan
        self._set_status(_method_text(plan))
        self.query_one("#compare-summary", Static).update(_summary_table(plan))
        self._fill_rows()
        self.refresh_bindings()

    def _tell_listed(self, done: int, total: int) -> None:
        """From the compare's thread: ``post_message`` is thread-safe and never waits for the UI."""
        self.post_message(self.Listed(done))

    @on(Listed)
    def _listed(self, message: Listed) -> None:
        if self.plan is None and not self._cancel.is_set():
            self._set_status(f"Comparing… {plural(message.count, 'object')} listed (c cancels)")

    @on(WorkFailed)
    def _compare_failed(self, message: WorkFailed) -> None:
        self._comparing = False
        self._set_status(f"Cannot compare: {message.text} (k compares again)", error=True)
        self.refresh_bindings()

    def _set_status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#compare-status", Static)
        status.set_class(error, "-error")
        status.update(Text(text))

    # The list
    def _fill_rows(self) -> None:
        plan = self.plan
        table = self.query_one(DataTable)
        table.clear()
        if plan is None:
            return
        entries = plan.entries if self.shown is None else plan.of(self.shown)
        self._rows = list(entries[:ROWS_SHOWN])
        for entry in self._rows:
            mark, name, colour = CLASSES[entry.difference]
            table.add_row(
                Text(f"{mark} {name}", style=colour),
                Text(visible(entry.name)),
                _size(entry.left),
                _size(entry.right),
                Text(visible(entry.reason or (entry.method.value if entry.method else ""))),
            )
        if len(entries) > ROWS_SHOWN:
            self._set_status(f"{_method_text(plan)}  The first {ROWS_SHOWN:,} of {len(entries):,} are listed.")
        self._preview_row(table.cursor_row)

    @property
    def highlighted(self) -> Entry | None:
        row = self.query_one(DataTable).cursor_row
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._preview_row(event.cursor_row)

    def _preview_row(self, row: int) -> None:
        plan = self.plan
        if plan is None or not self.query_one("#compare-previews").has_class("-shown"):
            return
        entry = self._rows[row] if 0 <= row < len(self._rows) else None
        for pane_id, listed, location, key in (
            ("#preview-left", entry.left if entry else None, self._left_at, plan.left_key),
            ("#preview-right", entry.right if entry else None, self._right_at, plan.right_key),
        ):
            preview = self.query_one(pane_id, PreviewPane)
            side = "left" if pane_id == "#preview-left" else "right"
            preview.border_title = side if listed is not None or entry is None else f"{side}: not there"
            shown = _metadata(key(entry), listed, location) if entry is not None and listed is not None else None
            preview.show(shown, location)

    # Actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_compare":
            return self._comparing and not self._cancel.is_set()
        if action == "mirror":
            return self.plan is not None and not self.right.read_only
        if action == "compare_checksums":
            return not self._comparing
        if action in ("only", "toggle_previews"):
            return self.plan is not None
        return True

    def action_close(self) -> None:
        self._cancel.set()
        self.dismiss(None)

    def action_cancel_compare(self) -> None:
        self._cancel.set()
        self._set_status("Cancelling the compare…")
        self.refresh_bindings()

    def action_only(self, shown: str) -> None:
        self.shown = None if shown == "all" else Difference(shown)
        self._fill_rows()

    def action_toggle_previews(self) -> None:
        self.query_one("#compare-previews").toggle_class("-shown")
        self._preview_row(self.query_one(DataTable).cursor_row)

    def action_compare_checksums(self) -> None:
        self.start_compare(checksum=True)

    def action_mirror(self) -> None:
        if self.plan is not None:
            self._mirror(self.plan)

    @work(exclusive=True, exit_on_error=False, group="mirror-flow", name="mirror")
    async def _mirror(self, plan: Comparison) -> None:
        """Mirror from the plan on screen; once it ran, both sides are listed again and compared afresh."""
        if await mirror_from_plan(self, plan, self.left.store, self.right.store):
            self.right.reload()
            self.start_compare(checksum=self._checksum)


def _size(listed: Listed | None) -> Text:
    return Text(human_size(listed.size), justify="right") if listed is not None else Text("—", style="dim")


def _metadata(key: str, listed: Listed, location: Location) -> ObjectMetadata:
    """What the preview needs of one side's object: it stats the object itself before reading it."""
    return ObjectMetadata(key, listed.updated_time, listed.size, bucket=location.bucket, etag=listed.etag)


def _method_text(plan: Comparison) -> str:
    """How the objects on both sides were compared, said plainly (mtime is said when it was used)."""
    methods = sorted(plan.methods, key=list(METHOD_WORDS).index)
    if not methods:
        return f"{plural(len(plan.entries), 'name')}; none is on both sides."
    return f"{plural(len(plan.entries), 'name')}, compared by " + "; ".join(METHOD_WORDS[m] for m in methods) + "."


def _summary_table(plan: Comparison) -> Text:
    """Counts and bytes per class, each after the key that lists it."""
    keys = {Difference.ONLY_LEFT: "l", Difference.ONLY_RIGHT: "r", Difference.DIFFERENT: "d", Difference.SAME: "s"}
    text = Text()
    for difference, (mark, name, colour) in CLASSES.items():
        tally = plan.tally(difference)
        text.append(f"{keys[difference]}  ", style="bold")
        text.append(f"{mark} {name:<10}", style=colour)
        text.append(f"{tally.count:>10,} {human_size(tally.bytes):>11}\n")
    text.rstrip()
    return text
