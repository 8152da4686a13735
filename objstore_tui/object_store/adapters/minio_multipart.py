"""Multipart uploads for the minio adapter, with the file's parts in memory bounded.

minio's ``put_object`` reads parts in the calling thread and queues them to its upload pool without limit, so
when the network is slower than the disk the whole file can end up in memory (a 512 MiB upload peaked at
205 MB RSS). Here a part is read only once a slot is free: at most ``in_flight`` parts are held, read and
not yet sent, within ``MEMORY_BUDGET``. A cancel (raised by the monitor while a part is read) or a failed part
stops the reading; the parts in flight finish, then the multipart upload is aborted on the server.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from io import BufferedReader

from minio import Minio

from ..transfer import TransferMonitor
from . import minio_internals as internals

MEMORY_BUDGET = 64 * 1024 * 1024
"""Bytes of parts read but not yet sent, at most (one part, when a part is bigger)."""
READ_STEPS = 16
"""Each part is read in this many steps: progress is reported, and a cancel met, between them."""


def upload(
    minio: Minio,
    bucket: str,
    key: str,
    file: BufferedReader,
    sizes: tuple[int, int, int],
    content_type: str,
    monitor: TransferMonitor,
) -> tuple[str | None, str | None]:
    """Upload ``file`` of ``sizes`` = (size, part size, concurrency) in parts; its (etag, version id)."""
    size, part_size, concurrency = sizes
    in_flight = max(1, min(concurrency, MEMORY_BUDGET // part_size))
    monitor.set_total(size)
    upload_id = internals.start_multipart(minio, bucket, key, {"Content-Type": content_type})
    try:
        etags = _send_parts(minio, bucket, key, upload_id, file, size, part_size, in_flight, monitor)
        result = internals.complete_multipart(minio, bucket, key, upload_id, etags)
        return result.etag, result.version_id
    except BaseException:
        with suppress(Exception):  # the error that stopped the upload is the one to report
            internals.abort_multipart(minio, bucket, key, upload_id)
        raise


def _send_parts(
    minio: Minio,
    bucket: str,
    key: str,
    upload_id: str,
    file: BufferedReader,
    size: int,
    part_size: int,
    in_flight: int,
    monitor: TransferMonitor,
) -> list[str]:
    slots = threading.BoundedSemaphore(in_flight)
    failed: list[BaseException] = []

    def send(number: int, data: bytearray) -> str:
        try:
            return internals.upload_part(minio, bucket, key, upload_id, number, data)
        except BaseException as exc:
            failed.append(exc)
            raise
        finally:
            slots.release()

    sent: list[Future[str]] = []
    with ThreadPoolExecutor(in_flight, thread_name_prefix="minio-part") as pool:
        try:
            for number, offset in enumerate(range(0, size, part_size), start=1):
                slots.acquire()
                if failed:
                    slots.release()
                    raise failed[0]
                data = _read_part(file, min(part_size, size - offset), monitor)
                sent.append(pool.submit(send, number, data))
        except BaseException:
            for future in sent:
                future.cancel()
            raise
    return [future.result() for future in sent]


def _read_part(file: BufferedReader, length: int, monitor: TransferMonitor) -> bytearray:
    """The next ``length`` bytes of ``file``, read in place: a part is held once, never also as the pieces it was
    read in (which doubled it for a moment)."""
    part = bytearray(length)
    view = memoryview(part)
    step = max(1, -(-length // READ_STEPS))
    done = 0
    while done < length:
        count = file.readinto(view[done : min(length, done + step)])
        if not count:
            raise OSError(f"the file ended {length - done} bytes early: it changed while it was uploaded")
        done += count
        monitor.advance(count)
    return part
