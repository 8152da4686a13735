"""What the full-content viewer reads and shows, without the UI: byte sources, a window of lines, search.

An object of any size is read in blocks by ranged GETs (``RangedSource``, an LRU of blocks), so opening a 5 GiB
log and jumping to its end reads only its tail. Text is shown through a ``LineWindow``: the line starts of one
contiguous byte range, grown forward or backward as the user scrolls, or moved elsewhere (the tail, a search
hit). Compressed objects and text with a UTF-16/32 byte-order mark are decoded forward as they are read
(``StreamSource``), into UTF-8, up to ``STREAM_LIMIT``. Binary objects show as a hex dump, 16 bytes a line.
Slow calls (``read``, ``search``, the ``*_chunk`` readers) run in worker threads; the window is changed only by
``apply_*`` on the UI thread.
"""

from __future__ import annotations

import bisect
import bz2
import codecs
import importlib
import lzma
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from objstore_tui.object_store import visible

BLOCK_SIZE = 64 * 1024
"""One ranged GET; also the longest line: a longer one is cut into lines of this many bytes."""
CACHED_BLOCKS = 256
"""Blocks kept (16 MiB): scrolling back over what was just read costs no request."""
TAIL_BYTES = 64 * 1024
"""What ``G`` reads of a plain object: its last lines, whatever its size."""
STREAM_LIMIT = 256 * 1024 * 1024
"""The most decoded text kept from a compressed or UTF-16 object (it can only be decoded from its start)."""
SEARCH_LIMIT = 1024 * 1024 * 1024
"""One search reads at most this far before it says it did not find the text (and ``n`` goes on from there)."""
HEX_WIDTH = 16
TAB_SIZE = 4

type ReadRange = Callable[[int, int], bytes]
"""(start, length) -> at most length bytes from start: ``ObjectStore.read_range`` with key and bucket bound."""


class ByteSource(Protocol):
    """Bytes by offset; a read shorter than asked ends at the end of the content."""

    def read(self, start: int, length: int) -> bytes: ...

    def cached(self, start: int, length: int) -> bytes | None:
        """The bytes if they are at hand without a request or decoding; None otherwise."""
        ...

    def size(self) -> int:
        """The content's length (a stream source decodes to its end, or to ``STREAM_LIMIT``, to know it)."""
        ...


class RangedSource:
    """An object's bytes by ranged GETs of whole blocks, the most recent ``CACHED_BLOCKS`` kept."""

    def __init__(self, read_range: ReadRange, size: int, block_size: int = BLOCK_SIZE) -> None:
        self._read_range = read_range
        self._size = size
        self._block_size = block_size
        self._blocks: OrderedDict[int, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.bytes_read = 0

    def size(self) -> int:
        return self._size

    def _block(self, index: int) -> bytes:
        with self._lock:
            block = self._blocks.get(index)
            if block is not None:
                self._blocks.move_to_end(index)
                return block
        start = index * self._block_size
        block = self._read_range(start, min(self._block_size, self._size - start))
        with self._lock:
            self.bytes_read += len(block)
            self._blocks[index] = block
            while len(self._blocks) > CACHED_BLOCKS:
                self._blocks.popitem(last=False)
        return block

    def cached(self, start: int, length: int) -> bytes | None:
        """The bytes if every block they span is cached; None otherwise (no request is made)."""
        end = min(start + length, self._size)
        with self._lock:
            if all(i in self._blocks for i in range(start // self._block_size, -(-end // self._block_size))):
                return self._join(start, end, self._blocks.__getitem__)
        return None

    def read(self, start: int, length: int) -> bytes:
        end = min(start + length, self._size)
        if start >= end:
            return b""
        return self._join(start, end, self._block)

    def _join(self, start: int, end: int, block: Callable[[int], bytes]) -> bytes:
        first, last = start // self._block_size, (end - 1) // self._block_size
        data = b"".join(block(index) for index in range(first, last + 1))
        offset = first * self._block_size
        return data[start - offset : end - offset]


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class _Decompressor(Protocol):
    def decompress(self, data: bytes) -> bytes: ...


def _zstd_decompressor() -> _Decompressor | None:
    """zstd where the machine has a decoder for it: Python 3.14's compression.zstd, else the zstandard package."""
    try:
        zstd: Any = importlib.import_module("compression.zstd")
        return cast(_Decompressor, zstd.ZstdDecompressor())
    except ImportError:
        pass
    try:
        zstandard: Any = importlib.import_module("zstandard")
        return cast(_Decompressor, zstandard.ZstdDecompressor().decompressobj())
    except ImportError:
        return None


def decompressor(kind: str) -> _Decompressor | None:
    match kind:
        case "gzip":
            return zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
        case "bzip2":
            return bz2.BZ2Decompressor()
        case "xz":
            return lzma.LZMADecompressor()
        case _:
            return _zstd_decompressor()


def compression_of(head: bytes) -> str | None:
    """'gzip', 'bzip2', 'xz' or 'zstd' from the first bytes; None for uncompressed content."""
    return next((kind for magic, kind in _MAGIC if head.startswith(magic)), None)


def bom_encoding(head: bytes) -> str | None:
    """The UTF-16/32 codec a byte-order mark names ('utf-8' text needs no decoding and gets None)."""
    return next((codec for bom, codec in _BOMS if head.startswith(bom)), None)


class StreamSource:
    """Content that can only be decoded from its start (compressed, or UTF-16/32), kept as UTF-8 once decoded.

    ``read`` decodes forward as far as it needs; past ``STREAM_LIMIT`` decoded bytes it stops, and
    ``truncated`` says so.
    """

    def __init__(
        self,
        raw: RangedSource,
        decompressor: _Decompressor | None,
        encoding: str | None,
        limit: int = STREAM_LIMIT,
    ) -> None:
        self._raw = raw
        self._decompressor = decompressor
        self._decoder = codecs.getincrementaldecoder(encoding)("replace") if encoding else None
        self._limit = limit
        self._data = bytearray()
        self._position = 0
        self._finished = False
        self.truncated = False
        self._lock = threading.Lock()

    def _decode_more(self) -> None:
        chunk = self._raw.read(self._position, BLOCK_SIZE)
        self._position += len(chunk)
        last = not chunk
        if self._decompressor is not None and chunk:
            chunk = self._decompressor.decompress(chunk)
        if self._decoder is not None:
            chunk = self._decoder.decode(chunk, final=last).encode("utf-8")
        self._data += chunk
        if len(self._data) >= self._limit:
            self.truncated = self._position < self._raw.size() or len(self._data) > self._limit
            del self._data[self._limit :]
            self._finished = True
        elif last:
            self._finished = True

    def read(self, start: int, length: int) -> bytes:
        with self._lock:
            while not self._finished and len(self._data) < start + length:
                self._decode_more()
            return bytes(self._data[start : start + length])

    def cached(self, start: int, length: int) -> bytes | None:
        with self._lock:
            if start + length <= len(self._data) or self._finished:
                return bytes(self._data[start : start + length])
        return None

    def size(self) -> int:
        with self._lock:
            while not self._finished:
                self._decode_more()
            return len(self._data)


def looks_binary(head: bytes) -> bool:
    """A NUL byte in the first 8 KiB, or bytes that are not UTF-8 (allowing a character cut at the end)."""
    sample = head[:8192]
    if b"\x00" in sample:
        return True
    for trim in range(4):
        try:
            sample[: len(sample) - trim].decode("utf-8")
            return False
        except UnicodeDecodeError:
            continue
    return True


def line_text(data: bytes) -> str:
    """One line as shown: decoded (bad bytes replaced), its line break dropped, tabs expanded, controls visible."""
    text = data.decode("utf-8", errors="replace").rstrip("\n")
    if text.endswith("\r"):
        text = text[:-1]
    return visible(text.expandtabs(TAB_SIZE))


def hex_line(offset: int, chunk: bytes) -> str:
    hex_part = " ".join(f"{byte:02x}" for byte in chunk)
    ascii_part = "".join(chr(byte) if 32 <= byte < 127 else "." for byte in chunk)
    return f"{offset:010x}  {hex_part:<{HEX_WIDTH * 3 - 1}}  {ascii_part}"


@dataclass(frozen=True, slots=True)
class LineChunk:
    """Line starts read at one edge of the window (or for a new window), for ``LineWindow.apply_*``."""

    starts: list[int]
    end: int
    at_end: bool


@dataclass
class LineWindow:
    """The lines of one contiguous byte range [starts[0], end): line i is [starts[i], starts[i+1] or end).

    ``at_end``: the range reaches the end of the content. Lines longer than ``block_size`` are cut.
    """

    starts: list[int] = field(default_factory=list)
    end: int = 0
    at_end: bool = False
    block_size: int = BLOCK_SIZE

    @property
    def start(self) -> int:
        return self.starts[0] if self.starts else self.end

    def __len__(self) -> int:
        return len(self.starts)

    def span(self, line: int) -> tuple[int, int]:
        """(start, length) in bytes of ``line``."""
        start = self.starts[line]
        stop = self.starts[line + 1] if line + 1 < len(self.starts) else self.end
        return start, stop - start

    def line_at(self, offset: int) -> int | None:
        """The line holding byte ``offset``; None when the window does not hold it."""
        if not self.starts or not self.start <= offset < max(self.end, self.start + 1):
            return None
        return bisect.bisect_right(self.starts, offset) - 1

    # Read in a worker thread
    def forward_chunk(self, source: ByteSource) -> LineChunk:
        """The whole lines in the next block after ``end``."""
        block = source.read(self.end, self.block_size)
        at_end = len(block) < self.block_size
        starts = [self.end] if block else []
        starts += [self.end + index + 1 for index in _newlines(block)]
        if at_end:
            if starts and starts[-1] == self.end + len(block):
                starts.pop()  # the content ends with a line break: no empty line after it
            return LineChunk(starts, self.end + len(block), True)
        if len(starts) > 1:
            return LineChunk(starts[:-1], starts[-1], False)  # the last line goes on in the next block
        return LineChunk(starts, self.end + len(block), False)  # one line longer than a block: cut

    def backward_chunk(self, source: ByteSource) -> LineChunk:
        """The whole lines in the block before ``start``."""
        return _lines_before(source, self.start, self.block_size)

    # Applied on the UI thread
    def apply_forward(self, chunk: LineChunk) -> int:
        """Append; the number of lines added (none when the window moved since the chunk was read)."""
        if chunk.starts and chunk.starts[0] != self.end:
            return 0
        self.starts.extend(chunk.starts)
        self.end, self.at_end = chunk.end, chunk.at_end
        return len(chunk.starts)

    def apply_backward(self, chunk: LineChunk) -> int:
        """Prepend; the number of lines added (the view scrolls down by as many to stay put); none when the window
        moved since the chunk was read."""
        if chunk.end != self.start:
            return 0
        self.starts[:0] = chunk.starts
        return len(chunk.starts)

    def replace(self, chunk: LineChunk) -> None:
        self.starts, self.end, self.at_end = list(chunk.starts), chunk.end, chunk.at_end


def _newlines(block: bytes) -> list[int]:
    found, index = [], block.find(b"\n")
    while index != -1:
        found.append(index)
        index = block.find(b"\n", index + 1)
    return found


def _lines_before(source: ByteSource, end: int, block_size: int) -> LineChunk:
    """The whole lines of the block that ends at ``end`` (a line start); the first, cut, line is left out unless
    the block starts the content or holds no line break at all."""
    begin = max(0, end - block_size)
    block = source.read(begin, end - begin)
    starts = [begin + index + 1 for index in _newlines(block) if begin + index + 1 < end]
    if begin == 0 or not starts:
        starts.insert(0, begin)
    return LineChunk(starts, end, False)


def tail_chunk(source: ByteSource, size: int, tail: int = TAIL_BYTES) -> LineChunk:
    """The last whole lines within ``tail`` bytes of the end: what ``G`` shows, reading nothing else."""
    chunk = _lines_before(source, size, tail)
    starts = chunk.starts
    if len(starts) > 1 and starts[-1] == size:
        starts = starts[:-1]
    return LineChunk(starts, size, True)


def chunk_around(source: ByteSource, offset: int, block_size: int = BLOCK_SIZE) -> LineChunk:
    """A window that starts at the line holding ``offset`` (a search hit far from the current window)."""
    before = _lines_before(source, offset + 1, block_size) if offset else LineChunk([0], 0, False)
    start = before.starts[-1]
    window = LineWindow([], start, False, block_size)
    return window.forward_chunk(source)


def search(
    source: ByteSource, text: str, start: int, *, backward: bool = False, limit: int = SEARCH_LIMIT
) -> int | None:
    """The offset of the next match of ``text`` (case-insensitive for ASCII) from ``start``: at or after it, or,
    ``backward``, before it. None when not found within ``limit`` bytes."""
    needle = text.encode("utf-8").lower()
    if not needle:
        return None
    overlap = len(needle) - 1
    step = BLOCK_SIZE
    scanned = 0
    if not backward:
        position = start
        while scanned < limit:
            block = source.read(position, step + overlap).lower()
            found = block.find(needle)
            if found != -1:
                return position + found
            if len(block) < step + overlap:
                return None
            position += step
            scanned += step
        return None
    position = start
    while position > 0 and scanned < limit:
        begin = max(0, position - step)
        block = source.read(begin, position - begin + overlap).lower()
        found = block.rfind(needle, 0, position - begin + overlap)
        while found != -1 and begin + found >= start:
            found = block.rfind(needle, 0, found)
        if found != -1:
            return begin + found
        position = begin
        scanned += step
    return None
