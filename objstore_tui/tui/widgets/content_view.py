"""The viewer's text: a Line-API widget that draws only the visible lines of an object of any size.

Like toolong's log view, it keeps no text of its own: lines are drawn from the source's cached blocks
(``services/viewer_content.py``); a line whose block is not at hand draws as '…' while a worker reads it. Near the
edges of the window of lines it has read, a worker reads the next block (or the one before). ``G`` reads only
the tail; a search hit far away moves the window there.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from itertools import accumulate, pairwise
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from objstore_tui.services.formatting import human_size
from objstore_tui.services.viewer_content import (
    HEX_WIDTH,
    LineChunk,
    LineWindow,
    chunk_around,
    hex_line,
    line_text,
    search,
    tail_chunk,
)
from objstore_tui.services.viewer_document import Document, Kind
from objstore_tui.tui.workers import outcome

EDGE_LINES = 1000
"""Closer than this to an edge of the lines read so far, the next block is read."""
_LOADING = "…"


@dataclass(frozen=True, slots=True)
class _Hit:
    offset: int
    length: int


class ContentView(ScrollView, can_focus=True):
    """The text (or hex dump) of one ``Document``; ``wrap`` folds long lines at the view's width."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("h", "scroll_left", "Scroll left", show=False),
        Binding("l", "scroll_right", "Scroll right", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"content-view--loading", "content-view--match"}

    DEFAULT_CSS = """
    ContentView {
        height: 1fr;
        background: $surface;
        & > .content-view--loading { color: $text-muted; }
        & > .content-view--match { background: $warning; color: $background; }
    }
    """

    @dataclass
    class Moved(Message):
        """What the view shows changed (scroll, new lines, a search): the screen updates its status line."""

    @dataclass
    class Searched(Message):
        """A search ended: ``found`` or not within ``searched`` bytes."""

        text: str
        found: bool

    def __init__(self, document: Document, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = document
        self.window = LineWindow()
        self.wrap = False
        self._texts: LRUCache[int, str] = LRUCache(4096)
        self._row_starts: list[int] = []
        self._widest = 0
        self._hit: _Hit | None = None
        self._growing = False
        self._reading = False

    def on_mount(self) -> None:
        if self.document.kind is Kind.TEXT:
            self._extend(forward=True)
        self._resize()

    # Geometry: rows of the view, lines of the window
    @property
    def is_hex(self) -> bool:
        return self.document.kind is Kind.HEX

    @property
    def line_count(self) -> int:
        return self.document.hex_lines if self.is_hex else len(self.window)

    def _resize(self) -> None:
        """Recount the rows (wrapped lines take several) and set the scrollable size."""
        width = max(self.scrollable_content_region.width, 1)
        if self.wrap and not self.is_hex:
            spans = (self.window.span(i)[1] for i in range(len(self.window)))
            self._row_starts = [0, *accumulate(max(1, -(-length // width)) for length in spans)]
            rows = self._row_starts[-1]
        else:
            rows = self.line_count
        widest = width if self.wrap else max(self._widest, width)
        self.virtual_size = Size(widest, rows + 1)  # + 1: "reading…" or "(end)"
        self.refresh()

    def _row_to_line(self, row: int) -> tuple[int, int]:
        """(line, which of its wrapped rows) for a row of the view."""
        if not self.wrap or self.is_hex:
            return row, 0
        line = bisect.bisect_right(self._row_starts, row) - 1
        return line, row - self._row_starts[line]

    def _line_to_row(self, line: int) -> int:
        if not self.wrap or self.is_hex:
            return line
        return self._row_starts[min(line, len(self._row_starts) - 1)]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._texts.clear()

    def on_resize(self) -> None:
        if self.wrap:
            self._resize()

    # Drawing
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self.rich_style
        line, part = self._row_to_line(scroll_y + y)
        if line >= self.line_count:
            if line == self.line_count and part == 0:
                end = self.is_hex or self.window.at_end
                style = base + self.get_component_rich_style("content-view--loading", partial=True)
                return Strip([Segment("(end)" if end else "reading…", style)]).extend_cell_length(width, base)
            return Strip.blank(width, base)
        text = self._text(line)
        if text is None:
            self._read_visible()
            style = base + self.get_component_rich_style("content-view--loading", partial=True)
            return Strip([Segment(_LOADING, style)]).extend_cell_length(width, base)
        segments = self._segments(line, text, base)
        strip = Strip(segments)
        if self.wrap and not self.is_hex:
            return strip.crop_extend(part * width, (part + 1) * width, base)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _text(self, line: int) -> str | None:
        start, length = self._span(line)
        text = self._texts.get(start)
        if text is None:
            source = self.document.raw if self.is_hex else self.document.source
            data = source.cached(start, length)
            if data is None:
                return None
            text = hex_line(start, data) if self.is_hex else line_text(data)
            self._texts[start] = text
        return text

    def _span(self, line: int) -> tuple[int, int]:
        if self.is_hex:
            return line * HEX_WIDTH, HEX_WIDTH
        return self.window.span(line)

    def _segments(self, line: int, text: str, base: Style) -> list[Segment]:
        hit = self._hit
        start, length = self._span(line)
        if hit is None or self.is_hex or not start <= hit.offset < start + length:
            return [Segment(text, base)]
        column = len(line_text(self.document.source.cached(start, hit.offset - start) or b""))
        match = base + self.get_component_rich_style("content-view--match", partial=True)
        end = column + hit.length
        return [Segment(text[:column], base), Segment(text[column:end], match), Segment(text[end:], base)]

    # Reading as the view moves
    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._check_edges()
        self.post_message(self.Moved())

    def _check_edges(self) -> None:
        if self.is_hex or self._growing or self.document.kind is not Kind.TEXT:
            return
        top, _ = self._row_to_line(round(self.scroll_y))
        bottom = top + self.scrollable_content_region.height
        if not self.window.at_end and bottom > len(self.window) - EDGE_LINES:
            self._extend(forward=True)
        elif self.window.start > 0 and top < EDGE_LINES:
            self._extend(forward=False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="view", name="read-lines")
    def _read_chunk(self, forward: bool) -> LineChunk:
        source = self.document.source
        return self.window.forward_chunk(source) if forward else self.window.backward_chunk(source)

    @work(exclusive=True, exit_on_error=False, group="view-flow", name="grow-window")
    async def _extend(self, forward: bool) -> None:
        self._growing = True
        try:
            window = self.window
            chunk = await outcome(self._read_chunk(forward))
            if chunk is None or window is not self.window:
                return
            if forward:
                window.apply_forward(chunk)
            else:
                added = window.apply_backward(chunk)
            self._note_widths(chunk)
            self._resize()
            if not forward:
                self._scroll_to_row(self._line_to_row(added) + round(self.scroll_y))
            self.post_message(self.Moved())
        finally:
            self._growing = False
        self.call_after_refresh(self._check_edges)

    def _scroll_to_row(self, row: int) -> None:
        """Scroll at once, even before the scrollbar that the new lines bring is shown (``scroll_to`` would not)."""
        self.scroll_target_y = self.scroll_y = min(max(row, 0), self.max_scroll_y)

    def _note_widths(self, chunk: LineChunk) -> None:
        starts = [*chunk.starts, chunk.end]
        widest = max((b - a for a, b in pairwise(starts)), default=0)
        self._widest = max(self._widest, min(widest, 2000) + 1)

    @work(thread=True, exclusive=True, exit_on_error=False, group="view", name="read-visible")
    def _read_range(self, start: int, length: int) -> bool:
        source = self.document.raw if self.is_hex else self.document.source
        source.read(start, length)
        return not get_current_worker().is_cancelled

    def _read_visible(self) -> None:
        """Read the blocks of the lines on screen (once: later calls while it reads are dropped)."""
        if self._reading:
            return
        first, _ = self._row_to_line(round(self.scroll_y))
        last = min(first + self.scrollable_content_region.height, self.line_count - 1)
        start, _ = self._span(first)
        end = sum(self._span(last))
        self._reading = True
        self._await_read(start, end - start)

    @work(exclusive=True, exit_on_error=False, group="view-read-flow", name="show-read")
    async def _await_read(self, start: int, length: int) -> None:
        try:
            await outcome(self._read_range(start, length))
        finally:
            self._reading = False
        self.refresh()

    # Keys: a viewer jumps, it does not animate; Home and End go to the object's ends, not the window's
    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_scroll_end(self) -> None:
        self.go_end()

    def action_scroll_home(self) -> None:
        self.go_home()

    # What the screen asks
    def toggle_wrap(self) -> None:
        top, _ = self._row_to_line(round(self.scroll_y))
        self.wrap = not self.wrap
        self._resize()
        self.scroll_to(x=0, y=self._line_to_row(top), animate=False, immediate=True)

    def go_end(self) -> None:
        if self.is_hex or self.window.at_end:
            self.scroll_end(animate=False, immediate=True)
        else:
            self._move_window(None)

    def go_home(self) -> None:
        if self.is_hex or self.window.start == 0:
            self.scroll_home(animate=False, immediate=True)
        else:
            self._move_window(0)

    @work(thread=True, exclusive=True, exit_on_error=False, group="view", name="jump")
    def _read_around(self, offset: int | None) -> LineChunk:
        """``offset`` None: the tail; else the lines from the one holding ``offset``."""
        source = self.document.source
        if offset is None:
            return tail_chunk(source, source.size())
        return chunk_around(source, offset)

    @work(exclusive=True, exit_on_error=False, group="view-flow", name="move-window")
    async def _move_window(self, offset: int | None) -> None:
        chunk = await outcome(self._read_around(offset))
        if chunk is None:
            return
        self._show_chunk(chunk, at_end=offset is None)

    def _show_chunk(self, chunk: LineChunk, *, at_end: bool) -> None:
        self.window = LineWindow()
        self.window.replace(chunk)
        self._note_widths(chunk)
        self._resize()
        self._scroll_to_row(self.max_scroll_y if at_end else 0)
        self.post_message(self.Moved())
        self.call_after_refresh(self._check_edges)

    def clear_hit(self) -> None:
        """A new search starts from the top line, not from the last match."""
        self._hit = None
        self.refresh()

    def find(self, text: str, *, backward: bool = False) -> None:
        """Search from the top line (after the current match, or before it ``backward``)."""
        if self._hit is not None:
            start = self._hit.offset + (0 if backward else 1)
        else:
            line, _ = self._row_to_line(round(self.scroll_y))
            start = self._span(min(line, max(self.line_count - 1, 0)))[0] if self.line_count else 0
        self._search_flow(text, start, backward)

    @work(thread=True, exclusive=True, exit_on_error=False, group="view-search", name="search")
    def _search(self, text: str, start: int, backward: bool) -> tuple[int | None, LineChunk | None]:
        source = self.document.raw if self.is_hex else self.document.source
        offset = search(source, text, start, backward=backward)
        if offset is None or self.is_hex or self.window.line_at(offset) is not None:
            return offset, None
        return offset, chunk_around(source, offset)

    @work(exclusive=True, exit_on_error=False, group="view-search-flow", name="find")
    async def _search_flow(self, text: str, start: int, backward: bool) -> None:
        found = await outcome(self._search(text, start, backward))
        if found is None:
            return
        offset, chunk = found
        if offset is None:
            self.post_message(self.Searched(text, False))
            return
        self._hit = _Hit(offset, len(text))
        if chunk is not None:
            self._show_chunk(chunk, at_end=False)
        line = offset // HEX_WIDTH if self.is_hex else self.window.line_at(offset)
        if line is not None:
            row = self._line_to_row(line)
            self._scroll_to_row(row - 2)
        self.refresh()
        self.post_message(self.Searched(text, True))

    def position(self) -> str:
        """Where the view is, for the status line: bytes shown and how far into the object."""
        if not self.line_count:
            return "empty" if self.window.at_end or self.is_hex else "reading…"
        top, _ = self._row_to_line(round(self.scroll_y))
        top = min(top, self.line_count - 1)
        offset = self._span(top)[0]
        size = self.document.raw.size() if self.is_hex or self.document.source is self.document.raw else None
        if size:
            return f"byte {offset:,} of {size:,} ({offset * 100 // size}%)"
        return f"byte {offset:,} of the decoded text ({human_size(self.window.end)} read)"
