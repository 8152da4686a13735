"""A read-only view of pre-highlighted lines that draws only what is visible.

A 64 KiB preview is a few thousand lines; putting them in a Static costs seconds of wrapping and
re-highlighting on the UI thread, so the preview highlights them once in its worker and this widget
draws the visible lines, with line numbers and horizontal scrolling instead of wrapping. The lines come as
style names (services/preview_content.py); the colours are chosen here, when a line is first drawn.
"""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from pygments.token import string_to_tokentype
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.syntax import PygmentsSyntaxTheme
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from objstore_tui.services.preview_content import HEX_ASCII, HEX_OFFSET, StyledLine


class _ForegroundTheme(PygmentsSyntaxTheme):
    """A Pygments theme's colours without its background, which would patch the pane behind the text."""

    def get_style_for_token(self, token_type: tuple[str, ...]) -> Style:
        full = super().get_style_for_token(token_type)
        return Style(color=full.color, bold=full.bold, italic=full.italic, underline=full.underline)

    def get_background_style(self) -> Style:
        return Style()


_THEME = _ForegroundTheme("monokai")
_OWN_STYLES = {"": Style(), HEX_OFFSET: Style(dim=True), HEX_ASCII: Style(color="cyan")}


@lru_cache(maxsize=256)
def style_named(name: str) -> Style:
    """The look of a style name: the project's own, or a Pygments token type's colour in the theme."""
    own = _OWN_STYLES.get(name)
    return own if own is not None else _THEME.get_style_for_token(string_to_tokentype(name))


def rich_text(line: StyledLine) -> Text:
    return Text.assemble(*((text, style_named(style)) for text, style in line.tokens))


class TextView(ScrollView, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_up", "Scroll up", show=False),
        Binding("down,j", "scroll_down", "Scroll down", show=False),
        Binding("left,h", "scroll_left", "Scroll left", show=False),
        Binding("right,l", "scroll_right", "Scroll right", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"text-view--gutter"}

    DEFAULT_CSS = """
    TextView {
        height: 1fr;
        background: $surface;
        & > .text-view--gutter { color: $text-disabled; }
    }
    """

    def __init__(self, lines: list[StyledLine], *, line_numbers: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines = lines
        self._gutter_width = len(str(len(lines))) + 3 if line_numbers else 0
        width = max((cell_len(line.plain) for line in lines), default=0) + self._gutter_width
        self.virtual_size = Size(width, len(lines))

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        segments: list[Segment] = []
        if self._gutter_width:
            gutter = base + self.get_component_rich_style("text-view--gutter", partial=True)
            segments.append(Segment(f"{index + 1:>{self._gutter_width - 3}} │ ", gutter))
        segments.extend(rich_text(self._lines[index]).render(self.app.console, end=""))
        strip = Strip(Segment.apply_style(segments, base))
        return strip.crop_extend(scroll_x, scroll_x + width, base)
