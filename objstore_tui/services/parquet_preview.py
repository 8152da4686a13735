"""A Parquet object's schema, row groups and first rows, read with ranged GETs: the footer and one row group.

pyarrow is an optional extra (``pip install 'objstore-tui[data]'``): without it the preview says how to get it.
pyarrow reads through ``RangedFile``, a seekable file whose reads are ranged GETs, so it fetches the footer
(its last bytes) and the column chunks of the first row group, never the whole object.
"""

from __future__ import annotations

import io
from collections.abc import Buffer

from objstore_tui.object_store import visible
from objstore_tui.services.formatting import human_size
from objstore_tui.services.preview_content import StyledLine, TextPreview
from objstore_tui.services.viewer_content import ReadRange

FIRST_ROWS = 20
ENABLE_HINT = "Parquet preview needs pyarrow: pip install 'objstore-tui[data]'"


class RangedFile(io.RawIOBase):
    """A read-only, seekable file over ranged GETs; ``bytes_read`` counts what came over the wire."""

    def __init__(self, read_range: ReadRange, size: int) -> None:
        super().__init__()
        self._read_range = read_range
        self._size = size
        self._position = 0
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        self._position = max(0, base + offset)
        return self._position

    def read(self, size: int = -1) -> bytes:
        length = self._size - self._position if size < 0 else min(size, self._size - self._position)
        if length <= 0:
            return b""
        data = self._read_range(self._position, length)
        self._position += len(data)
        self.bytes_read += len(data)
        return data

    def readinto(self, buffer: Buffer) -> int:
        view = memoryview(buffer).cast("B")
        data = self.read(len(view))
        view[: len(data)] = data
        return len(data)


def parquet_summary(read_range: ReadRange, size: int, rows: int = FIRST_ROWS) -> list[str]:
    """Lines describing the file: schema, row groups, then the first ``rows`` rows of the first row group."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        return [ENABLE_HINT]
    parquet = pq.ParquetFile(RangedFile(read_range, size), pre_buffer=False)
    metadata = parquet.metadata
    lines = [
        f"Parquet, {human_size(size)}: {metadata.num_rows:,} rows, {metadata.num_columns} columns, "
        f"{metadata.num_row_groups} row groups, written by {visible(metadata.created_by or 'unknown')}",
        "",
        "Schema",
    ]
    lines += [f"  {visible(field.name)}: {visible(field.type)}" for field in parquet.schema_arrow]
    lines += ["", "Row groups"]
    for index in range(metadata.num_row_groups):
        group = metadata.row_group(index)
        lines.append(f"  {index}: {group.num_rows:,} rows, {human_size(group.total_byte_size)}")
    if metadata.num_row_groups:
        table = parquet.read_row_group(0).slice(0, rows)
        lines += ["", f"First {table.num_rows} rows"]
        names = [visible(name) for name in table.column_names]
        lines.append("  " + " | ".join(names))
        for row in table.to_pylist():
            lines.append("  " + " | ".join(visible(row[name]) for name in table.column_names))
    return lines


def parquet_preview(read_range: ReadRange, size: int) -> TextPreview:
    """The summary as the preview pane shows text (a missing pyarrow is said in its one line)."""
    lines = parquet_summary(read_range, size)
    description = "Parquet: footer and first row group" if lines != [ENABLE_HINT] else "Parquet (no pyarrow)"
    return TextPreview([StyledLine(((line, ""),)) for line in lines], description, line_numbers=False)
