"""What the preview makes of an object's first bytes: highlighted text, pretty JSON, CSV rows, an image or hex.

Everything here is pure and runs in the preview's worker thread, so the UI thread only draws the result. Text
comes as lines of (text, style name) tokens, lexed with Pygments: the UI (tui/widgets/text_view.py) picks the
colours, so nothing here depends on how it is drawn.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from pygments.lexers import get_lexer_by_name, get_lexer_for_filename, get_lexer_for_mimetype
from pygments.util import ClassNotFound

from objstore_tui.object_store import visible
from objstore_tui.services.formatting import visible_lines

PREVIEW_BYTES = 64 * 1024
"""The most a preview reads: one ranged GET of this many bytes, whatever the object's size."""
CSV_MAX_ROWS = 1000
HEX_WIDTH = 16

_IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico", ".tif", ".tiff"}
_JSON_EXTENSIONS = {".json", ".geojson", ".ipynb"}
_CSV_EXTENSIONS = {".csv", ".tsv"}
_TEXT_TYPES = ("application/json", "application/xml", "application/javascript", "application/x-yaml")


TAB_SIZE = 4
HEX_OFFSET = "hex.offset"
HEX_ASCII = "hex.ascii"
"""Style names of a hex dump's offset and printable-characters columns; other names are Pygments token types
('Token.Keyword'), and '' is plain text."""


@dataclass(frozen=True, slots=True)
class StyledLine:
    """One line of preview text as (text, style name) tokens, tabs expanded, control characters made visible."""

    tokens: tuple[tuple[str, str], ...]

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.tokens)


@dataclass(frozen=True, slots=True)
class TextPreview:
    lines: list[StyledLine]
    description: str
    line_numbers: bool = True


@dataclass(frozen=True, slots=True)
class TablePreview:
    header: list[str]
    rows: list[list[str]]
    description: str


@dataclass(frozen=True, slots=True)
class ImagePreview:
    image: object  # a loaded PIL.Image.Image
    description: str


@dataclass(frozen=True, slots=True)
class NoticePreview:
    message: str


type PreviewContent = TextPreview | TablePreview | ImagePreview | NoticePreview


def make_preview(key: str, content_type: str | None, data: bytes, complete: bool) -> PreviewContent:
    """Choose a rendering by extension, then content type, then the bytes themselves."""
    if not data:
        return NoticePreview("(empty object)")
    suffix = PurePosixPath(key).suffix.lower()
    mime = (content_type or "").split(";")[0].strip().lower()
    if suffix in _IMAGE_EXTENSIONS or (mime.startswith("image/") and mime != "image/svg+xml"):
        return _image(data, complete)
    text = _decode_text(data, complete)
    if text is None:
        return _hex(data)
    if suffix in _JSON_EXTENSIONS or mime == "application/json":
        return _json(key, text, complete)
    if suffix in _CSV_EXTENSIONS or mime in ("text/csv", "text/tab-separated-values"):
        return _table(text, complete, "\t" if suffix == ".tsv" or "tab" in mime else None)
    return _code(key, mime, text)


def _decode_text(data: bytes, complete: bool) -> str | None:
    """UTF-8 text, allowing a character cut in half at the end of a partial read; None for binary data."""
    if b"\x00" in data[:8192]:
        return None
    cut = 0 if complete else 3
    for trim in range(cut + 1):
        try:
            return data[: len(data) - trim].decode("utf-8")
        except UnicodeDecodeError:
            continue
    return None


def _lines(tokens: Iterable[tuple[str, str]]) -> list[StyledLine]:
    """Tokens split at line breaks into lines; a final line break ends the last line, it does not add one."""
    lines: list[StyledLine] = []
    line: list[tuple[str, str]] = []
    column = 0
    for text, style in tokens:
        first, *rest = text.split("\n")
        for piece_index, piece in enumerate([first, *rest]):
            if piece_index:
                lines.append(StyledLine(tuple(line)))
                line, column = [], 0
            if piece:
                expanded, column = _expand_tabs(piece, column)
                line.append((expanded, style))
    if line or not lines:
        lines.append(StyledLine(tuple(line)))
    return lines


def _expand_tabs(text: str, column: int) -> tuple[str, int]:
    """``text`` with each tab widened to the next multiple of TAB_SIZE cells, from ``column``; and the column
    after it."""
    out = []
    for char in text:
        if char == "\t":
            spaces = TAB_SIZE - column % TAB_SIZE
            out.append(" " * spaces)
            column += spaces
        else:
            out.append(char)
            column += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return "".join(out), column


def _clean(text: str) -> str:
    """The file's control characters shown, not sent to the terminal; its line breaks and tabs stay layout."""
    return visible_lines(text.replace("\r\n", "\n"), keep_tabs=True)


def _lexer_name(key: str, mime: str, text: str) -> str:
    try:
        return get_lexer_for_filename(PurePosixPath(key).name, text[:1024]).aliases[0]
    except ClassNotFound:
        pass
    if mime:
        try:
            return get_lexer_for_mimetype(mime).aliases[0]
        except ClassNotFound:
            pass
    return "text"


def _highlight(text: str, lexer: str) -> list[StyledLine]:
    text = _clean(text)
    if lexer == "text":
        return _lines([(text, "")])
    tokens = get_lexer_by_name(lexer, stripnl=False, ensurenl=True).get_tokens(text)
    return _lines((value, str(token_type)) for token_type, value in tokens)


def _code(key: str, mime: str, text: str) -> TextPreview:
    lexer = _lexer_name(key, mime, text)
    return TextPreview(_highlight(text, lexer), "text" if lexer == "text" else f"{lexer} source")


def _json(key: str, text: str, complete: bool) -> TextPreview:
    if complete:
        try:
            pretty = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
        except ValueError:
            return TextPreview(_highlight(text, "json"), "JSON (not valid, shown as is)")
        return TextPreview(_highlight(pretty, "json"), "JSON, pretty-printed")
    return TextPreview(_highlight(text, "json"), "JSON (partial, shown as is)")


def _table(text: str, complete: bool, delimiter: str | None) -> PreviewContent:
    if not complete:
        text = text[: text.rfind("\n") + 1] or text
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    try:
        rows = []
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            rows.append([visible(cell) for cell in row])
            if len(rows) > CSV_MAX_ROWS:
                break
    except csv.Error:
        return _code("data.txt", "", text)
    if not rows:
        return NoticePreview("(no rows)")
    header, body = rows[0], rows[1:]
    width = max(len(header), *(len(row) for row in body)) if body else len(header)
    header += [""] * (width - len(header))
    shown = body[:CSV_MAX_ROWS]
    more = " (first rows)" if len(body) > CSV_MAX_ROWS or not complete else ""
    return TablePreview(header, shown, f"CSV, {len(shown):,} rows{more}")


def _image(data: bytes, complete: bool) -> PreviewContent:
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        size = f"{image.format} image, {image.width}x{image.height}"
        if not complete:
            return NoticePreview(f"{size}: too large to draw from the first {PREVIEW_BYTES // 1024} KiB")
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        return NoticePreview(f"cannot decode this image: {exc}")
    return ImagePreview(image, size)


def hex_dump(data: bytes) -> list[StyledLine]:
    lines = []
    for offset in range(0, len(data), HEX_WIDTH):
        chunk = data[offset : offset + HEX_WIDTH]
        hex_part = " ".join(f"{byte:02x}" for byte in chunk)
        ascii_part = "".join(chr(byte) if 32 <= byte < 127 else "." for byte in chunk)
        tokens = ((f"{offset:08x}  ", HEX_OFFSET), (f"{hex_part:<{HEX_WIDTH * 3 - 1}}  ", ""), (ascii_part, HEX_ASCII))
        lines.append(StyledLine(tokens))
    return lines


def _hex(data: bytes) -> TextPreview:
    return TextPreview(hex_dump(data), "binary, hex dump", line_numbers=False)
