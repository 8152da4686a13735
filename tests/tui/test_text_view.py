"""How the preview's styled lines are drawn: the theme's colours on the pane's own background."""

from __future__ import annotations

from rich.style import Style

from objstore_tui.services.preview_content import TextPreview, make_preview
from objstore_tui.tui.widgets.text_view import rich_text


def test_highlighted_source_is_coloured_without_the_themes_background() -> None:
    preview = make_preview("pkg/mod.py", None, b"def f():\n    return 1\n", complete=True)
    assert isinstance(preview, TextPreview)
    text = rich_text(preview.lines[0])
    assert text.plain == "def f():"
    styles = [span.style for span in text.spans if isinstance(span.style, Style)]
    assert any(style.color is not None for style in styles)  # colours, not plain text
    assert all(style.bgcolor is None for style in styles)


def test_hex_dump_offsets_are_dim_and_printable_characters_cyan() -> None:
    preview = make_preview("blob", None, b"AB\x00", complete=True)
    assert isinstance(preview, TextPreview)
    text = rich_text(preview.lines[0])
    styled = {text.plain[span.start : span.end]: span.style for span in text.spans}
    offset = styled["00000000  "]
    ascii_part = styled["AB."]
    assert isinstance(offset, Style) and offset.dim
    assert isinstance(ascii_part, Style) and ascii_part.color is not None and ascii_part.color.name == "cyan"
