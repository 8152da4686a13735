"""The widget that draws one ``PreviewContent``: highlighted text, a table, an image or a notice.

Shared by the preview pane and the versions view, so a version previews every type the main preview does.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from rich.text import Text
from textual.widget import Widget
from textual.widgets import DataTable, Static

from objstore_tui.object_store import visible
from objstore_tui.services.formatting import visible_lines
from objstore_tui.services.preview_content import (
    ImagePreview,
    NoticePreview,
    PreviewContent,
    TablePreview,
    TextPreview,
)
from objstore_tui.tui.widgets.text_view import TextView

_log = logging.getLogger(__name__)

_graphics_failure: str | None = None
"""Why the terminal's graphics probe failed, if it did: images are then described, not drawn."""


def prepare_terminal_graphics() -> None:
    """Let textual-image ask the terminal what graphics it supports, before Textual owns stdin.

    textual-image probes the terminal when first imported (reading the answer from stdin); done later, the
    probe would race Textual's input thread. Only a real terminal is asked: without one (CI, pipes) the
    import is left to the first image, which then picks a renderer without probing.

    A terminal that does not answer costs textual-image's 2 s timeout, after which it uses default cell sizes;
    its warning (with a traceback) is kept off the screen. A probe that fails outright (a terminal of 0
    columns divides by zero in it) must not stop the app: images are then not drawn, and say why.
    """
    global _graphics_failure
    if not (sys.__stdin__ and sys.__stdout__ and sys.__stdin__.isatty() and sys.__stdout__.isatty()):
        return
    logging.getLogger("textual_image").addHandler(logging.NullHandler())  # not Python's last-resort stderr
    try:
        import textual_image.widget  # noqa: F401
    except Exception as exc:  # its arithmetic on the terminal's answer, whatever that was
        _log.info("images will not be drawn: the terminal graphics probe failed (%s)", type(exc).__name__)
        _graphics_failure = "the terminal did not report the size of its cells"


def image_widget_class(headless: bool) -> Callable[..., Widget]:
    """The best renderer for the terminal; half-blocks when headless (tests, screenshots) for stable output."""
    if _graphics_failure is not None:
        return _undrawn_image
    if headless:
        from textual_image.widget import HalfcellImage

        return HalfcellImage
    from textual_image.widget import Image

    return Image


def _undrawn_image(image: object, *, classes: str = "") -> Widget:
    """In place of an image that cannot be drawn: textual-image would fail on every frame."""
    return Static(f"The image is not drawn: {_graphics_failure}.", classes=classes)


def content_widget(content: PreviewContent, *, headless: bool) -> Widget:
    match content:
        case TextPreview(lines=lines, line_numbers=line_numbers):
            return TextView(lines, line_numbers=line_numbers)
        case TablePreview(header=header, rows=rows):
            table: DataTable[Text] = DataTable(zebra_stripes=True)
            table.add_columns(*(Text(visible(name)) for name in header))  # Text: cells are data, not markup
            table.add_rows([Text(cell) for cell in row] for row in rows)
            return table
        case ImagePreview(image=image):
            return image_widget_class(headless)(image, classes="preview-image")
        case NoticePreview(message=message):
            return Static(Text(visible_lines(message)))
