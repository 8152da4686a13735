"""The viewer's UI-free part: blocks read by range, a window of lines grown both ways, the tail, search, decoding."""

from __future__ import annotations

import bz2
import codecs
import gzip
import lzma

import pytest

from objstore_tui.services.viewer_content import (
    CACHED_BLOCKS,
    LineWindow,
    RangedSource,
    chunk_around,
    hex_line,
    line_text,
    search,
    tail_chunk,
)
from objstore_tui.services.viewer_document import Kind, open_document


class Ranges:
    """``read_range`` over bytes in memory, recording each request as the server would see it."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.requests: list[tuple[int, int]] = []

    def __call__(self, start: int, length: int) -> bytes:
        self.requests.append((start, length))
        return self.data[start : start + length]

    @property
    def bytes_read(self) -> int:
        return sum(min(length, len(self.data) - start) for start, length in self.requests)


def _numbered(count: int) -> bytes:
    return b"".join(f"line {number}\n".encode() for number in range(count))


def _lines(window: LineWindow, source: RangedSource) -> list[str]:
    return [line_text(source.read(*window.span(index))) for index in range(len(window))]


def test_blocks_are_read_once_and_the_oldest_are_dropped() -> None:
    ranges = Ranges(bytes(range(256)) * 4096)  # 1 MiB
    source = RangedSource(ranges, len(ranges.data), block_size=1024)
    assert source.read(1000, 100) == ranges.data[1000:1100]  # spans two blocks
    assert source.read(1010, 10) == ranges.data[1010:1020]
    assert ranges.requests == [(0, 1024), (1024, 1024)]
    for index in range(CACHED_BLOCKS):
        source.read(4096 + index * 1024, 1)
    assert source.cached(1000, 10) is None  # evicted: asking again makes a request
    assert source.read(len(ranges.data) - 5, 100) == ranges.data[-5:]


def test_the_window_grows_forward_block_by_block_and_cuts_no_line() -> None:
    data = _numbered(1000)
    ranges = Ranges(data)
    source = RangedSource(ranges, len(data), block_size=256)
    window = LineWindow(block_size=256)
    while not window.at_end:
        window.apply_forward(window.forward_chunk(source))
    assert _lines(window, source) == [f"line {n}" for n in range(1000)]


def test_jumping_to_the_end_reads_only_the_tail_then_scrolling_up_reads_back() -> None:
    data = _numbered(200_000)  # about 2.2 MB
    ranges = Ranges(data)
    source = RangedSource(ranges, len(data), block_size=4096)
    window = LineWindow(block_size=4096)
    window.replace(tail_chunk(source, len(data), tail=4096))
    assert ranges.bytes_read <= 8192
    assert _lines(window, source)[-1] == "line 199999"
    shown = len(window)
    added = window.apply_backward(window.backward_chunk(source))
    assert added > 0 and len(window) == shown + added
    lines = _lines(window, source)
    first = int(lines[0].split()[1])
    assert lines == [f"line {n}" for n in range(first, 200_000)]


def test_a_line_longer_than_a_block_is_cut_into_block_sized_lines() -> None:
    data = b"x" * 1000 + b"\nend\n"
    source = RangedSource(Ranges(data), len(data), block_size=256)
    window = LineWindow(block_size=256)
    while not window.at_end:
        window.apply_forward(window.forward_chunk(source))
    lengths = [window.span(index)[1] for index in range(len(window))]
    assert lengths[:3] == [256, 256, 256] and _lines(window, source)[-1] == "end"


def test_search_finds_forward_and_backward_across_blocks_ignoring_case() -> None:
    data = _numbered(5000) + b"The Needle is here\n" + _numbered(5000)
    source = RangedSource(Ranges(data), len(data), block_size=1024)
    hit = search(source, "needle", 0)
    assert hit == data.index(b"Needle")
    assert search(source, "needle", hit + 1) is None
    assert search(source, "NEEDLE", len(data), backward=True) == hit
    assert search(source, "line 4999\n", len(data), backward=True) == data.rindex(b"line 4999\n")
    window = LineWindow(block_size=1024)
    window.replace(chunk_around(source, hit, 1024))
    assert _lines(window, source)[0] == "The Needle is here"


def test_control_characters_show_and_tabs_expand() -> None:
    assert line_text(b"a\tb\x1b[31mred\r\n") == "a   b\u241b[31mred"
    assert hex_line(16, b"AB\x00") == "0000000010  41 42 00" + " " * 39 + "  AB."


@pytest.mark.parametrize(
    ("compress", "name"),
    [(gzip.compress, "gzip"), (bz2.compress, "bzip2"), (lzma.compress, "xz")],
)
def test_compressed_text_is_decoded_on_the_fly(compress: object, name: str) -> None:
    text = _numbered(50_000)
    data = compress(text)  # type: ignore[operator]
    document = open_document("logs/app.log.x", None, Ranges(data), len(data))
    assert document.kind is Kind.TEXT and document.description.startswith(f"{name}-compressed text")
    window = LineWindow()
    window.replace(tail_chunk(document.source, document.source.size()))
    assert line_text(document.source.read(*window.span(len(window) - 1))) == "line 49999"


def test_utf16_with_a_byte_order_mark_reads_as_text() -> None:
    data = codecs.BOM_UTF16_LE + "héllo\nwörld\n".encode("utf-16-le")
    document = open_document("notes.txt", None, Ranges(data), len(data))
    assert document.kind is Kind.TEXT and document.description.startswith("UTF-16 text")
    window = LineWindow()
    window.apply_forward(window.forward_chunk(document.source))
    assert _lines(window, document.source) == ["héllo", "wörld"]  # type: ignore[arg-type]


def test_binary_is_a_hex_dump_and_images_are_known_by_name() -> None:
    data = bytes(range(256))
    assert open_document("blob.bin", None, Ranges(data), len(data)).kind is Kind.HEX
    ranges = Ranges(data)
    assert open_document("photo.png", None, ranges, len(data)).kind is Kind.IMAGE
    assert open_document("table.parquet", None, ranges, len(data)).kind is Kind.PARQUET
    assert ranges.requests == []  # known by name: nothing read until asked


def test_a_chunk_read_before_the_window_moved_is_not_applied_twice() -> None:
    data = _numbered(100_000)
    source = RangedSource(Ranges(data), len(data), block_size=1024)
    window = LineWindow(block_size=1024)
    window.replace(tail_chunk(source, len(data), tail=1024))
    first, again = window.backward_chunk(source), window.backward_chunk(source)
    assert window.apply_backward(first) > 0
    assert window.apply_backward(again) == 0  # read for the old start: the lines are there already
    stale = window.forward_chunk(source)
    window.replace(chunk_around(source, 5000, 1024))
    assert window.apply_forward(stale) == 0
