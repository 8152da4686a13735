"""The widget that draws one ``PreviewContent``: highlighted text, a table, an image or a notice.

Shared by the preview pane and the versions view, so a version previews every type the main preview does.
"""

from __future__ import annotations

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


def image_widget_class(headless: bool) -> Callable[..., Widget]:
    """The best renderer for the terminal; half-blocks when headless (tests, screenshots) for stable output."""
    if headless:
        from textual_image.widget import HalfcellImage

        return HalfcellImage
    from textual_image.widget import Image

    return Image


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
