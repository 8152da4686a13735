"""The object table: one prefix's folders and objects, built to stay fast at 100,000 rows.

Textual's DataTable keeps per-row objects and recomputes row offsets over every row after each change, so
streaming 100k rows into it takes tens of seconds and stalls the UI on each batch. This widget instead draws
only the visible lines (Line API) straight from the library's entries: the rows are two lists of references
to the listed ``DirEntry`` objects (all loaded, and the filtered, sorted view), with no per-row copies.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar

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
from textual.strip import Strip

from objstore_tui.object_store import DirEntry, Folder, visible
from objstore_tui.services.formatting import entry_type, human_size, local_time

_OLDEST = datetime.min.replace(tzinfo=UTC)
_GAP = 2


class SortColumn(StrEnum):
    NAME = "name"
    SIZE = "size"
    MODIFIED = "modified"
    TYPE = "type"


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

type SortKey = Callable[[DirEntry], tuple[Any, ...]]


def _entry_path(entry: DirEntry) -> str:
    return entry.prefix if isinstance(entry, Folder) else entry.key


def _is_object(entry: DirEntry) -> bool:
    return not isinstance(entry, Folder)


def _name_key(entry: DirEntry) -> tuple[Any, ...]:
    return (_is_object(entry), _entry_path(entry))


def _size_key(entry: DirEntry) -> tuple[Any, ...]:
    return (_is_object(entry), getattr(entry, "size", 0), _entry_path(entry))


def _modified_key(entry: DirEntry) -> tuple[Any, ...]:
    return (_is_object(entry), getattr(entry, "updated_time", None) or _OLDEST, _entry_path(entry))


def _type_key(entry: DirEntry) -> tuple[Any, ...]:
    return (_is_object(entry), entry_type(entry), _entry_path(entry))


SORT_KEYS: dict[SortColumn, SortKey] = {
    SortColumn.NAME: _name_key,
    SortColumn.SIZE: _size_key,
    SortColumn.MODIFIED: _modified_key,
    SortColumn.TYPE: _type_key,
}
"""Folders first, then by the column, then by key: a total order, so a row's place can be found by bisection.

The name order is the listing's own (S3 key order), so rows streamed in listing order are appended, not inserted.
"""


class ObjectTable(ScrollView, can_focus=True):
    """Rows of ``DirEntry``: streamed in with ``add_entries``, filtered and sorted in place."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_entry", "Open", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,g", "first_row", "First row", show=False),
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
        &:focus > .object-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, repaint=False)
    notice: reactive[str] = reactive("")
    """Shown in place of rows when there are none: 'Loading…', 'Empty', an error."""

    class EntryHighlighted(Message):
        """The cursor is on another entry (None: the table has no rows)."""

        def __init__(self, entry: DirEntry | None) -> None:
            super().__init__()
            self.entry = entry

    class MarksChanged(Message):
        """Rows were marked or unmarked; ``count`` are marked now."""

        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    class EntryOpened(Message):
        """Enter or a double click on a row."""

        def __init__(self, entry: DirEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._entries: list[DirEntry] = []
        self._rows: list[DirEntry] = []
        self._sort = SortColumn.NAME
        self._reverse = False
        self._filter = ""
        self._announced: DirEntry | None = None
        self._marked: set[str] = set()
        """Keys and prefixes of the marked rows: marks follow entries through sorting and filtering."""
        self._line_cache: LRUCache[tuple[int, bool, int, bool, bool], Strip] = LRUCache(512)
        """Drawn rows by entry: scrolling and streaming redraw mostly rows drawn before. Entries are alive (and
        their ids unique) while listed; ``clear`` empties it with them."""

    # What the screen reads
    @property
    def entry_count(self) -> int:
        """Entries loaded so far, filtered out or not."""
        return len(self._entries)

    @property
    def row_count(self) -> int:
        """Rows shown (those matching the filter)."""
        return len(self._rows)

    @property
    def entries(self) -> list[DirEntry]:
        """Every loaded entry, in listing order. Read-only: the table owns the list."""
        return self._entries

    @property
    def highlighted_entry(self) -> DirEntry | None:
        if not self._rows:
            return None
        return self._rows[self._index(self.cursor_row)]

    @property
    def sort_column(self) -> SortColumn:
        return self._sort

    @property
    def sort_reverse(self) -> bool:
        return self._reverse

    @property
    def filter_text(self) -> str:
        return self._filter

    @property
    def marked_count(self) -> int:
        return len(self._marked)

    @property
    def marked_entries(self) -> list[DirEntry]:
        """The marked entries, in listing order (a filter hides rows, not their marks)."""
        if not self._marked:
            return []
        return [entry for entry in self._entries if _entry_path(entry) in self._marked]

    def row_entry(self, row: int) -> DirEntry:
        """The entry drawn on display row ``row``."""
        return self._rows[self._index(row)]

    # Feeding and shaping the rows
    def clear(self) -> None:
        self._entries = []
        self._rows = []
        self._line_cache.clear()
        if self._marked:
            self._marked = set()
            self.post_message(self.MarksChanged(0))
        self.cursor_row = 0
        self.scroll_to(0, 0, animate=False)
        self._rows_changed()

    def add_entries(self, batch: list[DirEntry]) -> None:
        """Append a batch from the listing, placing matching rows by the current sort; the cursor stays put.

        Rows that land below the visible ones cost no redraw, only a longer scrollbar: streaming a huge listing
        leaves the UI thread free once the screen is full.
        """
        self._entries.extend(batch)
        matching = [entry for entry in batch if self._matches(entry)] if self._filter else batch
        rows, key = self._rows, SORT_KEYS[self._sort]
        was_empty = not rows
        cursor = self._index(self.cursor_row) if rows else 0
        first_changed = len(rows)
        for entry in matching:
            entry_key = key(entry)
            if not rows or entry_key > key(rows[-1]):
                rows.append(entry)
                continue
            position = bisect_left(rows, entry_key, key=key)
            rows.insert(position, entry)
            first_changed = min(first_changed, position)
            if position <= cursor:
                cursor += 1
        self._update_virtual_size()
        if was_empty:
            self.cursor_row = 0
        elif matching:
            self._move_cursor_to_index(cursor, keep_on_screen=True)
        if matching and (self._reverse or first_changed < round(self.scroll_y) + self._visible_rows):
            self.refresh()
        self._announce_highlight()

    def set_filter(self, text: str) -> None:
        """Show only rows whose name contains ``text`` (case-insensitive), keeping the cursor's entry if shown."""
        needle = text.casefold()
        if needle == self._filter:
            return
        current = self.highlighted_entry
        narrowing = self._filter in needle
        self._filter = needle
        if narrowing:
            self._rows = [entry for entry in self._rows if self._matches(entry)]
        else:
            source = [entry for entry in self._entries if self._matches(entry)] if needle else list(self._entries)
            source.sort(key=SORT_KEYS[self._sort])
            self._rows = source
        self._update_virtual_size()
        self._restore_cursor(current)
        self._rows_changed()

    def set_sort(self, column: SortColumn, reverse: bool = False) -> None:
        current = self.highlighted_entry
        if column != self._sort:
            self._sort = column
            self._rows.sort(key=SORT_KEYS[column])
        self._reverse = reverse
        self._update_virtual_size()
        self._restore_cursor(current)
        self._rows_changed()

    def toggle_sort(self, column: SortColumn) -> None:
        """Sort by ``column``; asked again for the same column, reverse the order."""
        self.set_sort(column, reverse=not self._reverse if column == self._sort else False)

    def select_entry(self, entry: DirEntry) -> bool:
        """Put the cursor on ``entry`` (found by its key); False when it is not shown."""
        index = self._find(entry)
        if index is None:
            return False
        self._move_cursor_to_index(index)
        return True

    # Internals
    def _matches(self, entry: DirEntry) -> bool:
        return self._filter in entry.name.casefold()

    def _index(self, row: int) -> int:
        """Display row to index in the ascending ``_rows`` (a reversed sort only reads it backwards)."""
        return len(self._rows) - 1 - row if self._reverse else row

    def _find(self, entry: DirEntry) -> int | None:
        key = SORT_KEYS[self._sort]
        entry_key = key(entry)
        index = bisect_left(self._rows, entry_key, key=key)
        if index < len(self._rows) and key(self._rows[index]) == entry_key:
            return index
        return None

    def _restore_cursor(self, entry: DirEntry | None) -> None:
        index = self._find(entry) if entry is not None else None
        self._move_cursor_to_index(index if index is not None else (len(self._rows) - 1 if self._reverse else 0))

    def _move_cursor_to_index(self, index: int, *, keep_on_screen: bool = False) -> None:
        """Move the cursor to ascending index ``index``; with ``keep_on_screen``, scroll along with its row."""
        row = self._index(index) if self._rows else 0
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
        size = Size(0, len(self._rows) + 1)
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
        if self.cursor_row >= len(self._rows):
            self.cursor_row = max(len(self._rows) - 1, 0)
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
        self.cursor_row = min(max(row, 0), max(len(self._rows) - 1, 0))
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
        self._set_cursor(len(self._rows) - 1)

    def action_toggle_mark(self) -> None:
        """Mark the row (or unmark it) and move down, so holding space marks a run of rows."""
        entry = self.highlighted_entry
        if entry is None:
            return
        self._marked ^= {_entry_path(entry)}
        self.refresh_line(self.cursor_row + 1)
        self.post_message(self.MarksChanged(len(self._marked)))
        self._set_cursor(self.cursor_row + 1)

    def action_mark_all(self) -> None:
        """Mark every row shown; when all of them are marked already, unmark them."""
        shown = {_entry_path(entry) for entry in self._rows}
        if shown <= self._marked:
            self._marked -= shown
        else:
            self._marked |= shown
        self.refresh()
        self.post_message(self.MarksChanged(len(self._marked)))

    def clear_marks(self) -> None:
        if self._marked:
            self._marked.clear()
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
        if row >= len(self._rows):
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
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            return self._render_header(width, base)
        row = round(self.scroll_y) + y - 1
        if row >= len(self._rows):
            notice = f"No names contain “{self._filter}”." if self._filter and self._entries else self.notice
            if y == 1 and not self._rows and notice:
                style = base + self.get_component_rich_style("object-table--notice", partial=True)
                return Strip([Segment(set_cell_size(f" {visible(notice)}", width), style)], width)
            return Strip.blank(width, base)
        entry, is_cursor = self._rows[self._index(row)], row == self.cursor_row
        is_marked = bool(self._marked) and _entry_path(entry) in self._marked
        cache_key = (id(entry), is_cursor, width, self.has_focus, is_marked)
        strip = self._line_cache.get(cache_key)
        if strip is None:
            strip = self._line_cache[cache_key] = self._render_row(entry, is_cursor, is_marked, width, base)
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_cache.clear()

    def _render_header(self, width: int, base: Style) -> Strip:
        header = base + self.get_component_rich_style("object-table--header", partial=True)
        sorted_style = header + self.get_component_rich_style("object-table--sorted", partial=True)
        arrow = " ▼" if self._reverse else " ▲"
        cells = []
        for column, column_width in zip(_COLUMNS, self._column_widths(width), strict=True):
            if not column_width:
                continue
            is_sorted = column.sort == self._sort
            label = column.label + (arrow if is_sorted else "")
            cells.append((label, column_width, column.right_aligned, sorted_style if is_sorted else header))
        return self._line(cells, width, header)

    def _render_row(self, entry: DirEntry, is_cursor: bool, is_marked: bool, width: int, base: Style) -> Strip:
        style = base
        if isinstance(entry, Folder):
            style += self.get_component_rich_style("object-table--folder", partial=True)
            texts = (entry.name + "/", "", "", "folder")
        else:
            texts = (entry.name, human_size(entry.size), local_time(entry.updated_time), entry_type(entry))
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
