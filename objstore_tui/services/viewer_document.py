"""How the viewer reads one object: which source (ranged, decompressed, decoded), text or hex, how it is described.

``open_document`` runs in a worker: it reads the first block, and from it decides. The result's source is then
read block by block as the user scrolls (``viewer_content``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import PurePosixPath

from objstore_tui.services.formatting import human_size
from objstore_tui.services.viewer_content import (
    BLOCK_SIZE,
    HEX_WIDTH,
    STREAM_LIMIT,
    ByteSource,
    RangedSource,
    ReadRange,
    StreamSource,
    bom_encoding,
    compression_of,
    decompressor,
    looks_binary,
)

IMAGE_DRAW_LIMIT = 32 * 1024 * 1024
"""The largest image the viewer reads to draw (on request: it is read whole)."""

_IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico", ".tif", ".tiff"}
_ENCODING_NAMES = {"utf-16": "UTF-16", "utf-32": "UTF-32"}


class Kind(Enum):
    TEXT = "text"
    HEX = "hex"
    IMAGE = "image"
    PARQUET = "parquet"


@dataclass(frozen=True, slots=True)
class Document:
    """An opened object: what it is, where its bytes come from, and a one-line description for the title."""

    kind: Kind
    source: ByteSource
    raw: RangedSource
    description: str

    @property
    def hex_lines(self) -> int:
        return -(-self.raw.size() // HEX_WIDTH)


def kind_by_name(key: str, content_type: str | None) -> Kind | None:
    """Images and Parquet files are known by their name (or type) before any byte is read."""
    suffix = PurePosixPath(key).suffix.lower()
    mime = (content_type or "").split(";")[0].strip().lower()
    if suffix == ".parquet" or mime in ("application/vnd.apache.parquet", "application/x-parquet"):
        return Kind.PARQUET
    if suffix in _IMAGE_EXTENSIONS or (mime.startswith("image/") and mime != "image/svg+xml"):
        return Kind.IMAGE
    return None


def open_document(key: str, content_type: str | None, read_range: ReadRange, size: int) -> Document:
    """Read the first block and decide how to show the object (one ranged GET, in a worker)."""
    raw = RangedSource(read_range, size)
    by_name = kind_by_name(key, content_type)
    if by_name is not None:
        return Document(by_name, raw, raw, f"{by_name.value}, {human_size(size)}")
    head = raw.read(0, BLOCK_SIZE)
    compression = compression_of(head)
    if compression is not None:
        return _compressed(raw, compression, size)
    encoding = bom_encoding(head)
    if encoding is not None:
        source = StreamSource(raw, None, encoding)
        return Document(Kind.TEXT, source, raw, f"{_ENCODING_NAMES[encoding]} text, {human_size(size)}")
    if looks_binary(head):
        return Document(Kind.HEX, raw, raw, f"binary, {human_size(size)}, hex dump")
    return Document(Kind.TEXT, raw, raw, f"text, {human_size(size)}")


def _compressed(raw: RangedSource, compression: str, size: int) -> Document:
    if decompressor(compression) is None:
        note = f"{compression}-compressed, {human_size(size)}; no {compression} decoder here: hex dump"
        return Document(Kind.HEX, raw, raw, note)
    probe = StreamSource(raw, decompressor(compression), None)
    head = probe.read(0, BLOCK_SIZE)
    encoding = bom_encoding(head)
    if encoding is None and looks_binary(head):
        return Document(Kind.HEX, raw, raw, f"{compression}-compressed binary, {human_size(size)}, hex dump")
    source = StreamSource(raw, decompressor(compression), encoding) if encoding else probe
    name = _ENCODING_NAMES.get(encoding or "", "")
    text = f"{name} text" if name else "text"
    limit = f"first {human_size(STREAM_LIMIT)} decoded"
    return Document(Kind.TEXT, source, raw, f"{compression}-compressed {text}, {human_size(size)} ({limit} at most)")
