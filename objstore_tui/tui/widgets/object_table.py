"""The object table: a thin view that draws one prefix's rows, built to stay fast at 100,000 rows.

Textual's DataTable keeps per-row objects and recomputes row offsets over every row after each change, so
streaming 100k rows into it takes tens of seconds and stalls the UI on each batch. This widget instead draws
only the visible lines (Line API) straight from a ``RowModel`` (``services/rows.py``: filter, sort, marks,
bisection), adding the cursor, the keys, the mouse and the messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from objstore_tui.object_store import DirEntry, Folder, ObjectMetadata, visible
from objstore_tui.services.formatting import entry_type, human_size, local_time
from objstore_tui.services.rows import RowModel, SortColumn
from objstore_tui.tui.widgets.thumb_scrollbar import install_thumb_scrollbar

_GAP = 2


@dataclass(frozen=True, slots=True)
class _Column:
    sort: SortColumn
    label: str
    width: int  # 0: takes the width the fixed columns leave
    right_aligned: bool = False


_COLUMNS = (
    _Column(SortColumn.NAME, "Name", 0),
    _Column(SortColumn.SIZE, "Size", 9, right_aligned=True),
    _Column(SortColumn.MODIFIED, "Last modified", 16),
    _Column(SortColumn.TYPE, "Type", 18),
)
_MIN_NAME_WIDTH = 16


class ObjectTable(ScrollView, can_focus=True):
    """Draws a ``RowModel`` with a cursor: rows streamed in with ``add_entries``, filtered and sorted in place."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_entry", "Open", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first_row", "First row", show=False),
        Binding("end,G", "last_row", "Last row", show=False),
        Binding("space", "toggle_mark", "Mark or unmark the row", show=False),
        Binding("asterisk", "mark_all", "Mark every row shown (again: unmark)", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "object-table--header",
        "object-table--sorted",
        "object-table--folder",
        "object-table--cursor",
        "object-table--notice",
        "object-table--marked",
        "object-table--deleted",
    }

    DEFAULT_CSS = """
    ObjectTable {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
        & > .object-table--header { text-style: bold; background: $panel; color: $text-muted; }
        & > .object-table--sorted { text-style: bold; color: $text; }
        & > .object-table--folder { color: $text-primary; text-style: bold; }
        & > .object-table--cursor { background: $block-cursor-blurred-background; }
        & > .object-table--notice { color: $text-muted; text-style: italic; }
        & > .object-table--marked { color: $text-warning; text-style: bold; }
        & > .object-table--deleted { color: $text-disabled; text-style: italic; }
        &:focus > .object-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, repaint=False)
    notice: reactive[str] = reactive("")
    """Shown in place of rows when there are none: 'Loading…', 'Empty', an error."""

    @dataclass
    class EntryHighlighted(Message):
        """The cursor is on another entry (None: the table has no rows)."""

        entry: DirEntry | None

    @dataclass
    class MarksChanged(Message):
        """Rows were marked or unmarked; ``count`` are marked now."""

        count: int

    @dataclass
    class EntryOpened(Message):
        """Enter or a double click on a row."""

        entry: DirEntry

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.rows = RowModel()
        """What is shown: the table draws it and reports its changes, the model decides the rows."""
        self._announced: DirEntry | None = None
        self._following_end = False
        """End was the last move: rows streaming in keep the cursor on the last one (as ``tail -f`` does)."""
        self._cursor_placed = False
        """The cursor was moved (by a key, a click or ``select_entry``) since the rows were cleared: rows streaming
        in keep it on its entry. Until then it stays on the first row, whichever entry arrived first."""

        self.show_keys = False
        """Objects are shown by their whole key (search results), not by their name in the folder."""
        self._folder_sizes: dict[str, int] | None = None
        self._folder_sizes_final = False
        self._line_cache: LRUCache[tuple[int, bool, int, bool, bool], Strip] = LRUCache(512)
        """Drawn rows by entry: scrolling and streaming redraw mostly rows drawn before. Entries are alive (and
        their ids unique) while listed; ``clear`` empties it with them."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """Textual's, made a ``ThumbScrollBar``: scrolling row by row through a long listing repaints the bar
        only when its thumb moves."""
        if self._vertical_scrollbar is None:
            install_thumb_scrollbar(self)
        return super().vertical_scrollbar

    @property
    def highlighted_entry(self) -> DirEntry | None:
        """The entry under the cursor; None when no row is shown."""
        return self.rows.row_entry(self.cursor_row) if self.rows.row_count else None

    # Feeding and shaping the rows
    def clear(self) -> None:
        self._following_end = False
        self._cursor_placed = False
        self._line_cache.clear()
        if self.rows.clear():
            self.post_message(self.MarksChanged(0))
        self.cursor_row = 0
        self.scroll_to(0, 0, animate=False)
        self._rows_changed()

    def add_entries(self, batch: list[DirEntry]) -> None:
        """Append a batch from the listing, placing matching rows by the current sort; the cursor stays put.

        Rows that land below the visible ones cost no redraw, only a longer scrollbar: streaming a huge listing
        leaves the UI thread free once the screen is full.
        """
        current = self.highlighted_entry
        first_changed = self.rows.add(batch)
        self._update_virtual_size()
        if self._following_end and first_changed is not None:
            self.cursor_row = self.rows.row_count - 1
            self._scroll_cursor_into_view()
        elif current is None or not self._cursor_placed:
            self.cursor_row = 0
        elif first_changed is not None:
            self._move_cursor_to_row(self._row_of(current), keep_on_screen=True)
        if first_changed is not None and first_changed < round(self.scroll_y) + self._visible_rows:
            self.refresh()
        self._announce_highlight()

    def set_filter(self, text: str) -> None:
        """Show only rows whose name contains ``text`` (case-insensitive), keeping the cursor's entry if shown."""
        current = self.highlighted_entry
        if self.rows.set_filter(text):
            self._rows_reshaped(current)

    def set_sort(self, column: SortColumn, reverse: bool = False) -> None:
        current = self.highlighted_entry
        self.rows.set_sort(column, reverse)
        self._rows_reshaped(current)

    def toggle_sort(self, column: SortColumn) -> None:
        """Sort by ``column``; asked again for the same column, reverse the order."""
        current = self.highlighted_entry
        self.rows.toggle_sort(column)
        self._rows_reshaped(current)

    def select_entry(self, entry: DirEntry) -> bool:
        """Put the cursor on ``entry`` (found by its key); False when it is not shown."""
        row = self.rows.row_of(entry)
        if row is None:
            return False
        self._following_end = False
        self._cursor_placed = True
        self._move_cursor_to_row(row)
        return True

    # Internals
    def _row_of(self, entry: DirEntry | None) -> int:
        """The display row of ``entry``; the first row when it is not shown."""
        row = self.rows.row_of(entry) if entry is not None else None
        return row if row is not None else 0

    def _rows_reshaped(self, current: DirEntry | None) -> None:
        """After a filter or a sort: the cursor back on ``current`` (the entry it was on) if it is still shown."""
        self._update_virtual_size()
        self._move_cursor_to_row(self._row_of(current))
        self._rows_changed()

    def _move_cursor_to_row(self, row: int, *, keep_on_screen: bool = False) -> None:
        """Move the cursor to display row ``row``; with ``keep_on_screen``, scroll along with its row."""
        if keep_on_screen and row != self.cursor_row:
            self.scroll_to(y=self.scroll_y + row - self.cursor_row, animate=False)
            self.cursor_row = row
        else:
            self.cursor_row = row
            self._scroll_cursor_into_view()

    def _update_virtual_size(self) -> None:
        """Resize the scrollable area; a full layout only when the scrollbar comes or goes.

        Setting ``virtual_size`` reflows the whole screen, which on every streamed batch would keep the UI
        thread busy redrawing widgets that did not change.
        """
        size = Size(0, self.rows.row_count + 1)
        if size == self.virtual_size:
            return
        visible = self.container_size.height
        if (size.height > visible) != (self.virtual_size.height > visible):
            self.virtual_size = size
            return
        self.set_reactive(ObjectTable.virtual_size, size)
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.window_virtual_size = size.height
            self.vertical_scrollbar.refresh()
        if self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False)

    def _rows_changed(self) -> None:
        self._update_virtual_size()
        if self.cursor_row >= self.rows.row_count:
            self.cursor_row = max(self.rows.row_count - 1, 0)
        self.refresh()
        self._announce_highlight()

    def _announce_highlight(self) -> None:
        entry = self.highlighted_entry
        if entry is not self._announced:
            self._announced = entry
            self.post_message(self.EntryHighlighted(entry))

    @property
    def _visible_rows(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _scroll_cursor_into_view(self) -> None:
        top, visible = round(self.scroll_y), self._visible_rows
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False)

    def watch_cursor_row(self, previous: int, row: int) -> None:
        self.refresh_line(previous + 1)  # + 1: the header line
        self.refresh_line(row + 1)
        self._announce_highlight()

    def _set_cursor(self, row: int) -> None:
        self._following_end = self._following_end and row >= self.rows.row_count - 1  # Down at the end stays
        self._cursor_placed = True
        self.cursor_row = min(max(row, 0), max(self.rows.row_count - 1, 0))
        self._scroll_cursor_into_view()

    # Actions
    def action_cursor_up(self) -> None:
        self._set_cursor(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self._set_cursor(self.cursor_row + 1)

    def action_page_up(self) -> None:
        self._set_cursor(self.cursor_row - self._visible_rows)

    def action_page_down(self) -> None:
        self._set_cursor(self.cursor_row + self._visible_rows)

    def action_first_row(self) -> None:
        self._set_cursor(0)

    def action_last_row(self) -> None:
        """The last row, and the last one still as more rows stream in, until the cursor moves elsewhere."""
        self._set_cursor(self.rows.row_count - 1)
        self._following_end = True

    def action_toggle_mark(self) -> None:
        """Mark the row (or unmark it) and move down, so holding space marks a run of rows."""
        entry = self.highlighted_entry
        if entry is None:
            return
        self.rows.toggle_mark(entry)
        self.refresh_line(self.cursor_row + 1)
        self.post_message(self.MarksChanged(self.rows.marked_count))
        self._set_cursor(self.cursor_row + 1)

    def action_mark_all(self) -> None:
        """Mark every row shown; when all of them are marked already, unmark them."""
        self.rows.toggle_marks_shown()
        self.refresh()
        self.post_message(self.MarksChanged(self.rows.marked_count))

    def clear_marks(self) -> None:
        if self.rows.clear_marks():
            self.refresh()
            self.post_message(self.MarksChanged(0))

    def action_open_entry(self) -> None:
        entry = self.highlighted_entry
        if entry is not None:
            self.post_message(self.EntryOpened(entry))

    # Mouse
    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            column = self._column_at(offset.x)
            if column is not None:
                self.toggle_sort(column)
            return
        row = round(self.scroll_y) + offset.y - 1
        if row >= self.rows.row_count:
            return
        self._set_cursor(row)
        if event.chain >= 2:
            self.action_open_entry()

    # Drawing
    def _column_widths(self, width: int) -> list[int]:
        """Fixed columns that fit, the name column taking the rest; the type column goes first when narrow."""
        fixed = [column for column in _COLUMNS if column.width]
        while fixed and width - sum(c.width + _GAP for c in fixed) - _GAP < _MIN_NAME_WIDTH:
            fixed.pop()
        name_width = max(width - sum(c.width + _GAP for c in fixed) - _GAP, 1)
        return [name_width if not column.width else column.width if column in fixed else 0 for column in _COLUMNS]

    def _column_at(self, x: int) -> SortColumn | None:
        start = 0
        for column, width in zip(_COLUMNS, self._column_widths(self.scrollable_content_region.width), strict=True):
            if width and start <= x < start + width + _GAP:
                return column.sort
            start += width + _GAP if width else 0
        return None

    def render_line(self, y: int) -> Strip:
        """A drawn row comes from the cache without asking for ``rich_style``, which walks every ancestor's
        styles: asked for on each line, it was two thirds of the table's drawing while a held arrow scrolls."""
        width = self.scrollable_content_region.width
        if y == 0:
            return self._render_header(width, self.rich_style)
        row = round(self.scroll_y) + y - 1
        if row >= self.rows.row_count:
            rows, base = self.rows, self.rich_style
            notice = f"No names contain “{rows.filter_text}”." if rows.filter_text and rows.entry_count else self.notice
            if y == 1 and not rows.row_count and notice:
                style = base + self.get_component_rich_style("object-table--notice", partial=True)
                return Strip([Segment(set_cell_size(f" {visible(notice)}", width), style)], width)
            return Strip.blank(width, base)
        entry, is_cursor = self.rows.row_entry(row), row == self.cursor_row
        is_marked = self.rows.is_marked(entry)
        cache_key = (id(entry), is_cursor, width, self.has_focus, is_marked)
        strip = self._line_cache.get(cache_key)
        if strip is None:
            strip = self._render_row(entry, is_cursor, is_marked, width, self.rich_style)
            self._line_cache[cache_key] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_cache.clear()

    def _render_header(self, width: int, base: Style) -> Strip:
        header = base + self.get_component_rich_style("object-table--header", partial=True)
        sorted_style = header + self.get_component_rich_style("object-table--sorted", partial=True)
        arrow = " ▼" if self.rows.sort_reverse else " ▲"
        cells = []
        for column, column_width in zip(_COLUMNS, self._column_widths(width), strict=True):
            if not column_width:
                continue
            is_sorted = column.sort == self.rows.sort_column
            label = column.label + (arrow if is_sorted else "")
            cells.append((label, column_width, column.right_aligned, sorted_style if is_sorted else header))
        return self._line(cells, width, header)

    def _render_row(self, entry: DirEntry, is_cursor: bool, is_marked: bool, width: int, base: Style) -> Strip:
        style = base
        name = entry.key if isinstance(entry, ObjectMetadata) and self.show_keys else entry.name
        if isinstance(entry, Folder):
            style += self.get_component_rich_style("object-table--folder", partial=True)
            texts = (entry.name + "/", self._folder_size(entry), "", "folder")
        elif entry.is_delete_marker:
            style += self.get_component_rich_style("object-table--deleted", partial=True)
            texts = (f"✗ {name}", "", local_time(entry.updated_time), "deleted")
        else:
            texts = (name, human_size(entry.size), local_time(entry.updated_time), entry_type(entry))
        if is_marked:
            style += self.get_component_rich_style("object-table--marked", partial=True)
            texts = (f"✓ {texts[0]}", *texts[1:])
        if is_cursor:
            style += self.get_component_rich_style("object-table--cursor", partial=True)
        cells = [
            (text, column_width, column.right_aligned, style)
            for text, column, column_width in zip(texts, _COLUMNS, self._column_widths(width), strict=True)
            if column_width
        ]
        return self._line(cells, width, style)

    @staticmethod
    def _line(cells: list[tuple[str, int, bool, Style]], width: int, fill: Style) -> Strip:
        segments = []
        for raw_text, column_width, right_aligned, style in cells:
            text = visible(raw_text)  # names and types come from the server: shown, never sent
            if cell_len(text) > column_width:
                text = set_cell_size(text, column_width - 1) + "…"
            elif right_aligned:
                text = " " * (column_width - cell_len(text)) + text
            segments.append(Segment(set_cell_size(f" {text}", column_width + _GAP), style))
        used = sum(cell_len(segment.text) for segment in segments)
        if used < width:
            segments.append(Segment(" " * (width - used), fill))
        return Strip(segments).crop(0, width)

    # Folder sizes (S): the Size column of folder rows, filled in by a background summary
    def set_folder_sizes(self, sizes: dict[str, int] | None, *, final: bool = False) -> None:
        """Sizes by folder prefix (None: not shown); until ``final``, a folder not in them yet shows '…'."""
        self._folder_sizes, self._folder_sizes_final = sizes, final
        self._line_cache.clear()
        self.refresh()

    def _folder_size(self, folder: Folder) -> str:
        if self._folder_sizes is None:
            return ""
        size = self._folder_sizes.get(folder.prefix)
        if size is None:
            return "0 B" if self._folder_sizes_final else "…"
        return human_size(size) if self._folder_sizes_final else f"≥{human_size(size)}"
