"""Downloads for both S3 adapters: bodies read into one reused buffer, and big objects as parallel ranged GETs.

Both SDKs hand over the GET's urllib3 response. Reading the ``http.client`` response beneath it (urllib3's ``_fp``)
into a reused buffer skips urllib3's per-chunk bytes objects and decoder machinery, about a fifth of a big
download's wall time; that response neither decodes (the stored bytes, as wanted) nor reports a body cut short,
so the count is checked here, and transport failures are raised as urllib3's, like its own reads. How a download
writes its file (``object_file``, ``write_at``, ``end_at``) is shared with obstore's downloads (``s3_obstore``).

``transfer.download_streams`` splits one object over that many ranged GETs, each written at its offset. On
loopback one stream is as fast as any split (Ceph RGW, 256 MiB: 0.32 s for 1, 2, 4 or 8 streams) and moto reads
the whole object for every ranged GET (512 MiB: 0.56 s in one stream, 1.46 s in 4), so the default is 1; a link
that caps each connection's throughput (S3 across regions) gains from more.
"""

from __future__ import annotations

import http.client
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from urllib3 import BaseHTTPResponse
from urllib3.exceptions import IncompleteRead, ProtocolError

from ..configurations import TransferConfiguration
from ..errors import NotSupportedError
from ..transfer import TransferMonitor

READ_SIZE = 1024 * 1024
"""Measured on a 128 MiB download from moto: 1 MiB reads beat 8 MiB ones (0.38 s against 0.65 s)."""

type RangeOpener = Callable[[int, int], BaseHTTPResponse]
"""Opens a GET of bytes [start, end) of the object the first GET answered (pinned to its ETag or version)."""


class _Stopped(Exception):
    """Another range failed or the transfer was cancelled: this one stops without an error of its own."""


def write_object(
    first: BaseHTTPResponse,
    size: int,
    file_path: Path,
    monitor: TransferMonitor,
    transfer: TransferConfiguration,
    open_range: RangeOpener,
    where: tuple[str, str],
) -> None:
    """Write the object whose GET answered ``first`` (``size`` bytes, headers read, body not) to ``file_path``,
    in ``transfer.download_streams`` ranges of at least ``transfer.part_size``; ``where`` is its bucket and key.

    In one stream the first answer's body is the whole object. Split, the first answer gives the first range,
    read in this thread while the others are fetched in parallel; the first failure stops every range and is
    raised once all have stopped. The caller finishes ``first`` (``finishing``); the ranges' answers are finished
    here.
    """
    ranges = _ranges(size, transfer.download_streams, transfer.part_size)
    with object_file(file_path) as descriptor:
        if len(ranges) == 1:
            copy_body(first, descriptor, 0, size, monitor.advance)
        else:
            _write_ranges(first, descriptor, ranges, size, monitor, open_range, where)
        end_at(descriptor, size)


@contextmanager
def object_file(file_path: Path) -> Iterator[int]:
    """The file a download writes at offsets, open for the block.

    No O_TRUNC: the store hands over a new, empty temp file, and on ext4 a truncate to zero marks a file for a
    flush at close (auto_da_alloc), 0.07 s of a 0.25 s download of 256 MiB. A longer file is cut by ``end_at``.
    """
    descriptor = os.open(file_path, os.O_WRONLY | os.O_CREAT, 0o666)
    try:
        yield descriptor
    finally:
        os.close(descriptor)


def end_at(descriptor: int, size: int) -> None:
    """Cut a file that was longer than the ``size`` bytes written (the client API writes over any file)."""
    if os.fstat(descriptor).st_size > size:
        os.ftruncate(descriptor, size)


def write_at(descriptor: int, data: bytes | memoryview, offset: int) -> int:
    """Write all of ``data`` at ``offset`` (a pwrite may write less than it was given); its length."""
    view = memoryview(data)
    while view:
        count = os.pwrite(descriptor, view, offset)
        offset += count
        view = view[count:]
    return len(data)


def _write_ranges(
    first: BaseHTTPResponse,
    descriptor: int,
    ranges: list[tuple[int, int]],
    size: int,
    monitor: TransferMonitor,
    open_range: RangeOpener,
    where: tuple[str, str],
) -> None:
    stop = threading.Event()
    failure: BaseException | None = None
    with ThreadPoolExecutor(len(ranges) - 1, thread_name_prefix="objstore-range") as pool:
        futures = [
            pool.submit(_fetch_range, open_range, descriptor, (start, end, size), monitor, stop, where)
            for start, end in ranges[1:]
        ]
        try:
            copy_body(first, descriptor, 0, ranges[0][1], monitor.advance, stop)
        except BaseException as exc:
            stop.set()
            failure = exc
    errors = [failure, *(future.exception() for future in futures)]
    for error in sorted(filter(None, errors), key=lambda error: isinstance(error, _Stopped)):
        raise error


def _ranges(size: int, streams: int, min_range: int) -> list[tuple[int, int]]:
    """At most ``streams`` ranges of at least ``min_range`` bytes each, as equal as they come."""
    count = max(1, min(streams, size // max(1, min_range)))
    step = max(1, -(-size // count))
    return [(start, min(size, start + step)) for start in range(0, size, step)] or [(0, 0)]


def _fetch_range(
    open_range: RangeOpener,
    descriptor: int,
    span: tuple[int, int, int],
    monitor: TransferMonitor,
    stop: threading.Event,
    where: tuple[str, str],
) -> None:
    start, end, size = span
    try:
        if stop.is_set():
            raise _Stopped
        with finishing(open_range(start, end)) as response:
            answered = response.headers.get("content-range")
            if response.status != 206 or answered != f"bytes {start}-{end - 1}/{size}":
                raise NotSupportedError(
                    f"the server answered a GET of bytes {start}-{end - 1} with {response.status} "
                    f"{answered or 'and no Content-Range'}: set transfer.download_streams to 1 for this server",
                    bucket=where[0],
                    key=where[1],
                )
            copy_body(response, descriptor, start, end - start, monitor.advance, stop)
    except BaseException:
        stop.set()
        raise


@contextmanager
def finishing(response: BaseHTTPResponse) -> Iterator[BaseHTTPResponse]:
    """Close ``response`` when the block ends, however it ends. After a full read its connection is already back
    in the pool; otherwise the connection is closed, for an unread body must never reach the next request."""
    try:
        yield response
    finally:
        response.close()
        response.release_conn()


def copy_body(
    response: BaseHTTPResponse,
    descriptor: int,
    offset: int,
    length: int,
    advance: Callable[[int], None],
    stop: threading.Event | None = None,
) -> None:
    """Write ``length`` bytes of ``response``'s body to ``descriptor`` from ``offset``, through one reused buffer.

    A body that stops short raises urllib3's IncompleteRead; a body longer than ``length`` is the caller's to
    drop. Once ``length`` bytes of a body of that length are read, the connection goes back to the pool: read
    past urllib3, the body's end goes unseen there, and a close() would close the connection instead.
    """
    if "content-length" not in response.headers:  # a chunked answer: its length shows only at its end
        for chunk in response.stream(READ_SIZE, decode_content=False):
            offset += write_at(descriptor, chunk, offset)
            advance(len(chunk))
        return
    body: http.client.HTTPResponse = response._fp  # type: ignore[attr-defined]
    buffer = memoryview(bytearray(READ_SIZE))
    done = 0
    while done < length:
        if stop is not None and stop.is_set():
            raise _Stopped
        try:
            count = body.readinto(buffer[: min(READ_SIZE, length - done)])
        except (http.client.HTTPException, OSError) as exc:
            raise ProtocolError(f"Connection broken: {exc!r}", exc) from exc
        if not count:
            raise IncompleteRead(done, length - done)
        write_at(descriptor, buffer[:count], offset + done)
        done += count
        advance(count)
    if int(response.headers["content-length"]) == length:
        response.release_conn()
