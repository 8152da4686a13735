"""Parquet previews read the footer and the first row group only, through ranged reads."""

from __future__ import annotations

import io

import pytest

from objstore_tui.services.parquet_preview import ENABLE_HINT, RangedFile, parquet_summary


def _parquet(row_groups: int, rows_per_group: int) -> bytes:
    pa = pytest.importorskip("pyarrow", reason="pyarrow (the [data] extra) is not installed")
    import pyarrow.parquet as pq

    count = row_groups * rows_per_group
    table = pa.table({"id": list(range(count)), "name": [f"row\x1b{n:08d}" * 4 for n in range(count)]})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, row_group_size=rows_per_group, compression="none")
    return buffer.getvalue()


def test_schema_row_groups_and_first_rows_from_the_footer_and_one_row_group() -> None:
    data = _parquet(row_groups=8, rows_per_group=20_000)
    read: list[tuple[int, int]] = []

    def read_range(start: int, length: int) -> bytes:
        read.append((start, length))
        return data[start : start + length]

    lines = parquet_summary(read_range, len(data), rows=3)
    assert lines[0].startswith("Parquet") and "160,000 rows, 2 columns, 8 row groups" in lines[0]
    assert "  id: int64" in lines and "  name: string" in lines
    assert lines[-3:] == [f"  {n} | " + f"row\u241b{n:08d}" * 4 for n in range(3)]  # control characters shown
    assert sum(length for _, length in read) < len(data) / 4  # one row group of eight, and the footer


def test_ranged_file_seeks_like_a_file() -> None:
    data = bytes(range(100))
    ranged = RangedFile(lambda start, length: data[start : start + length], len(data))
    ranged.seek(-10, io.SEEK_END)
    assert ranged.read() == data[-10:] and ranged.tell() == 100
    ranged.seek(5)
    assert ranged.read(3) == data[5:8] and ranged.bytes_read == 13


def test_without_pyarrow_the_preview_says_how_to_enable_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)  # as if the extra were not installed
    assert parquet_summary(lambda start, length: b"", 10) == [ENABLE_HINT]
