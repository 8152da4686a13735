"""A vertical scrollbar that repaints only when its thumb moves on screen."""

from __future__ import annotations

from math import ceil

from textual.geometry import Region
from textual.reactive import Reactive
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget

_STEPS = len(ScrollBarRender.VERTICAL_BARS)
"""The bar draws the thumb's ends in eighths of a cell."""


class ThumbScrollBar(ScrollBar):
    """Textual repaints a scrollbar whenever the scroll position changes. Over 100,000 rows the thumb moves by
    one cell every ~2,400 rows, yet each cursor step repainted all of the bar's lines: with a held arrow key,
    a third of the app's drawing. Here a change repaints the bar only when what it draws changes."""

    window_virtual_size: Reactive[int] = Reactive(100, repaint=False)
    window_size: Reactive[int] = Reactive(0, repaint=False)
    position: Reactive[float] = Reactive(0, repaint=False)

    _drawn: tuple[int, ...] | None = None

    def _thumb(self) -> tuple[int, ...]:
        """The bar's height and the thumb's ends in eighths of a cell, as ``ScrollBarRender.render_bar`` draws
        them (with no thumb: the height alone)."""
        size, virtual_size = self.size.height, ceil(self.window_virtual_size)
        window_size = ceil(self.window_size) if self.window_size < self.window_virtual_size else 0
        if not (window_size and size and virtual_size and size != virtual_size):
            return (size,)
        thumb_size = max(1, window_size / (virtual_size / size))
        start = int((size - thumb_size) * self.position / (virtual_size - window_size) * _STEPS)
        return (size, start, start + ceil(thumb_size * _STEPS))

    def _moved(self) -> None:
        if self._thumb() != self._drawn:
            self.refresh()

    watch_window_virtual_size = watch_window_size = watch_position = _moved

    def render_lines(self, crop: Region) -> list[Strip]:
        self._drawn = self._thumb()
        return super().render_lines(crop)


def install_thumb_scrollbar(widget: Widget) -> None:
    """Give ``widget`` a ``ThumbScrollBar`` as its vertical scrollbar, as Textual's ``vertical_scrollbar``
    creates its own (call it before anything asks for that)."""
    bar = ThumbScrollBar(vertical=True, name="vertical", thickness=widget.scrollbar_size_vertical)
    bar.display = False
    widget._vertical_scrollbar = bar
    widget.app._start_widget(widget, bar)
