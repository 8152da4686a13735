"""Copy an object from one store to another: the source's GET streamed into the destination's upload.

Between two stores nothing can be copied server-side, so the bytes pass through this process, but never all at
once: the source is read one part at a time, a few parts are uploaded in parallel, and memory stays within
(part workers + 1) x part size whatever the object's size. Nothing is written to disk. Each part's MD5 is
computed as it is read, so the destination's ETag can be checked against the bytes really sent: a plain MD5 for
a single PUT, 'md5(part md5s)-N' for a multipart upload. A source cut mid-stream, a cancel or a failed check
aborts the multipart upload (nothing pending is left, no partial object is made); a move deletes the source
only once the destination is shown to hold the same bytes.

Within one store (the same object, or the same endpoint and credentials), a copy stays server-side.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from .client import ObjectStoreClient
from .cross_check import COMPOSITE, PLAIN_MD5, Sent, verify_sent
from .errors import NotSupportedError, ObjectStoreError, ObjectStoreValueError
from .models import Object, UploadResult
from .store import ObjectStore
from .transfer import ProgressCallback, TransferMonitor
from .validation import validate_key
from .verification import composite_etag

log = logging.getLogger(__name__)

MiB = 1024 * 1024
READ_CHUNK = MiB
"""Bytes read from the source at a time: the cancel is checked between reads."""
MIN_PART = 5 * MiB
"""S3's smallest part but the last."""
MAX_PARTS = 10_000
MAX_MATCHED_PART = 64 * MiB
"""The largest source part size a copy adopts to keep the source's ETag: memory holds (workers + 1) parts."""
DEFAULT_PART_WORKERS = 4
"""Parts uploaded at once per object: memory is (workers + 1) x part size, and against moto more are no faster."""


@dataclass(frozen=True, slots=True)
class CrossCopyResult:
    """What a copy between stores made, and how the destination was shown to hold the source's bytes."""

    src_bucket: str
    src_key: str
    dst_bucket: str
    dst_key: str
    size: int
    etag: str | None
    version_id: str | None
    verified_by: str
    """How the copy was checked: 'MD5 ETag', 'multipart ETag (N parts)', 'server-side copy'..."""
    server_side: bool
    """True when both stores are one server and the copy never left it."""
    moved: bool
    """True when the source was deleted after the check (``move=True``)."""


def same_store(first: ObjectStore, second: ObjectStore) -> bool:
    """Whether a copy from ``first`` to ``second`` can stay on the server: one store object, or two configured
    with the same backend, endpoint and credentials."""
    if first is second:
        return True
    return (first.config.framework, first.config.connection) == (second.config.framework, second.config.connection)


def copy_between(
    src_store: ObjectStore,
    src_key: str,
    dst_store: ObjectStore,
    dst_key: str,
    *,
    src_bucket: str | None = None,
    dst_bucket: str | None = None,
    src_version: str | None = None,
    move: bool = False,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    part_size: int | None = None,
    part_workers: int | None = None,
) -> CrossCopyResult:
    """Copy ``src_key`` of ``src_store`` to ``dst_key`` of ``dst_store``, with its content type, user metadata
    and tags (where both backends keep tags), and check the copy; ``move=True`` then deletes the source.

    ``progress`` gets (bytes sent, object size); ``cancel`` stops the copy at its next read and aborts the
    upload, raising ``TransferCancelledError``. ``part_size`` (default: the destination's
    ``transfer.part_size``, or the source's own part size when its ETag shows one) and ``part_workers``
    (default: 4, at most the destination's ``transfer.max_concurrency``) bound memory to about
    (part_workers + 1) x part_size. Raises ``VerificationError`` (the source kept) when the destination cannot
    be shown to hold the bytes read. Within one store (``same_store``) this is the server-side ``copy_object``
    / ``move_object``.
    """
    src_bucket, dst_bucket = src_store._bucket(src_bucket), dst_store._bucket(dst_bucket)
    validate_key(src_key)
    validate_key(dst_key)
    if part_size is not None and part_size < MIN_PART:
        raise ObjectStoreValueError(f"part_size must be at least {MIN_PART} bytes, got {part_size}")
    if part_workers is not None and part_workers < 1:
        raise ObjectStoreValueError(f"part_workers must be at least 1, got {part_workers}")
    if same_store(src_store, dst_store):
        return _server_side(src_store, src_bucket, src_key, dst_bucket, dst_key, src_version, move)
    monitor = TransferMonitor(0, progress, cancel, bucket=src_bucket, key=src_key)
    monitor.check()
    transfer = dst_store.config.transfer
    workers = part_workers or min(DEFAULT_PART_WORKERS, transfer.max_concurrency)
    with src_store._missing_bucket_named(src_bucket, src_key):
        source = src_store.client.get_object(src_bucket, src_key, src_version)
    with source:
        monitor.set_total(source.size)
        tags = _source_tags(src_store.client, src_bucket, src_key, src_version) if source.tag_count else {}
        parts = part_size or _part_size(source.size, source.etag, transfer.part_size)
        writer = _Writer(dst_store.client, dst_bucket, dst_key, source, tags, monitor)
        sent = writer.single_put() if source.size <= parts else writer.multipart(parts, workers)
    verified_by = verify_sent(dst_store, sent, transfer.verify_max_bytes, source)
    if move:
        src_store.client.delete_object(src_bucket, src_key, src_version)
    upload = sent.upload
    return CrossCopyResult(
        src_bucket, src_key, dst_bucket, dst_key, sent.size, upload.etag, upload.version_id, verified_by, False, move
    )


def _server_side(
    store: ObjectStore,
    src_bucket: str,
    src_key: str,
    dst_bucket: str,
    dst_key: str,
    src_version: str | None,
    move: bool,
) -> CrossCopyResult:
    if move:
        copied = store.move_object(src_key, dst_key, src_bucket, dst_bucket)
        verified_by = "server-side copy, verified before the source was deleted"
    else:
        copied = store.copy_object(src_key, dst_key, src_bucket, dst_bucket, src_version=src_version)
        verified_by = "server-side copy"
    size = store.client.stat_object(dst_bucket, dst_key).size
    return CrossCopyResult(
        src_bucket, src_key, dst_bucket, dst_key, size, copied.etag, copied.version_id, verified_by, True, move
    )


def _source_tags(client: ObjectStoreClient, bucket: str, key: str, version: str | None) -> Mapping[str, str]:
    """The source's tags, to carry over (asked for only when its GET said it has some); none where the backend
    keeps none (content type and metadata still go over)."""
    if not client.supports_tags:
        return {}
    try:
        return client.get_object_tags(bucket, key, version)
    except NotSupportedError:
        return {}


def _part_size(size: int, etag: str | None, configured: int) -> int:
    """The configured part size, grown to stay within 10,000 parts; but the source's own layout when its
    multipart ETag shows one that fits (up to MAX_MATCHED_PART), so both sides' ETags compare equal (and a
    mirror stays comparable).

    An ETag gives only the part count N; the part size p is then any with (N - 1) p < size <= N p. Tried in
    turn: the configured size, the common tools' sizes (8 MiB: AWS CLI and boto3; 16 MiB: mc and this library;
    5 MiB: rclone), then whole MiBs from the smallest that fits. A wrong guess costs only the ETag equality:
    the copy is still checked against the parts it sent."""
    match = COMPOSITE.match(etag or "")
    count = int(match.group(1)) if match else 0
    if count > 1:
        smallest, largest = -(-size // count), (size - 1) // (count - 1)
        largest = min(largest, max(configured, MAX_MATCHED_PART))
        whole_mibs = range(max(-(-smallest // MiB), MIN_PART // MiB) * MiB, largest + 1, MiB)
        candidates: tuple[int, ...] = (configured, 8 * MiB, 16 * MiB, MIN_PART, *whole_mibs)
        for candidate in candidates:
            if max(smallest, MIN_PART) <= candidate <= largest:
                return candidate
    return max(configured, -(-size // MAX_PARTS))


class _Writer:
    """Reads one source object and writes it to the destination, as one PUT or as parts."""

    def __init__(
        self,
        client: ObjectStoreClient,
        bucket: str,
        key: str,
        source: Object,
        tags: Mapping[str, str],
        monitor: TransferMonitor,
    ) -> None:
        self._client = client
        self._bucket = bucket
        self._key = key
        self._source = source
        self._tags = tags if client.supports_tags else {}
        self._monitor = monitor
        self._whole = hashlib.md5() if PLAIN_MD5.match((source.etag or "").lower()) else None
        self._read = 0

    def single_put(self) -> Sent:
        self._whole = self._whole or hashlib.md5()
        data = self._read_part(self._source.size)
        self._check_complete()
        upload = self._client.put_object_bytes(
            self._bucket,
            self._key,
            data,
            content_type=self._source.content_type,
            metadata=self._source.metadata,
            tags=self._tags,
        )
        self._monitor.advance(len(data), stoppable=False)  # the object is written: a cancel now comes too late
        return Sent(upload, self._read, self._whole.hexdigest(), part_size=self._read, part_md5s=())

    def multipart(self, part_size: int, workers: int) -> Sent:
        upload_id = self._client.start_multipart_upload(
            self._bucket,
            self._key,
            content_type=self._source.content_type,
            metadata=self._source.metadata,
            tags=self._tags,
        )
        try:
            etags, md5s = self._send_parts(upload_id, part_size, workers)
            self._check_complete()
            self._monitor.check()
            upload = self._complete(upload_id, etags, composite_etag(md5s))
        except BaseException:
            self._abort(upload_id)
            raise
        if self._tags:  # Ceph keeps no tags sent with CreateMultipartUpload: set them on the object made
            self._client.set_object_tags(self._bucket, self._key, self._tags)
        whole = self._whole.hexdigest() if self._whole is not None else None
        return Sent(upload, self._read, whole, part_size=part_size, part_md5s=tuple(md5s))

    def _complete(self, upload_id: str, etags: list[str], expected: str) -> UploadResult:
        """Complete the upload. A completion can take the server longer than the read timeout; the SDK's retry
        then finds the upload gone and fails although the first request made the object. So on failure, an
        object there with exactly the ETag of the parts sent is the completed upload."""
        try:
            return self._client.complete_multipart_upload(self._bucket, self._key, upload_id, etags, self._read)
        except ObjectStoreError:
            there = self._completed_anyway(expected)
            if there is None:
                raise
            return there

    def _completed_anyway(self, expected: str) -> UploadResult | None:
        try:
            there = self._client.stat_object(self._bucket, self._key)
        except ObjectStoreError:
            return None
        if (there.etag or "").lower() != expected or there.size != self._read:
            return None
        return UploadResult(self._bucket, self._key, there.etag, there.version_id, there.size)

    def _send_parts(self, upload_id: str, part_size: int, workers: int) -> tuple[list[str], list[bytes]]:
        """Read part after part and upload ``workers`` at a time; no more than one part waits read."""
        count = max(1, -(-self._source.size // part_size))
        etags: list[str] = [""] * count
        md5s: list[bytes] = []
        in_flight: set[Future[None]] = set()

        def send(number: int, data: bytes) -> None:
            etags[number - 1] = self._client.upload_part(self._bucket, self._key, upload_id, number, data)
            self._monitor.advance(len(data))

        with ThreadPoolExecutor(workers, "cross-copy-part") as pool:
            try:
                for number in range(1, count + 1):
                    data = self._read_part(min(part_size, self._source.size - self._read))
                    md5s.append(hashlib.md5(data).digest())
                    while len(in_flight) >= workers:
                        in_flight = _settle(in_flight, FIRST_COMPLETED)
                    in_flight.add(pool.submit(send, number, data))
                    del data
                _settle(in_flight, None)
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)  # every part ended before the abort is sent
                raise
        return etags, md5s

    def _read_part(self, length: int) -> bytes:
        """Exactly ``length`` bytes of the source (fewer only at its end), checking the cancel between reads."""
        chunks: list[bytes] = []
        wanted = length
        while wanted > 0:
            self._monitor.check()
            chunk = self._source.read(min(READ_CHUNK, wanted))
            if not chunk:
                break
            chunks.append(chunk)
            if self._whole is not None:
                self._whole.update(chunk)
            wanted -= len(chunk)
        self._read += length - wanted
        return b"".join(chunks)

    def _check_complete(self) -> None:
        """A source that ended early (a cut connection some SDKs report as a short body) is not copied."""
        if self._read != self._source.size or self._source.read(1):
            raise ObjectStoreError(
                f"the source sent {self._read} bytes, not the {self._source.size} it announced; nothing was written",
                bucket=self._source.bucket,
                key=self._source.key,
            )

    def _abort(self, upload_id: str) -> None:
        try:
            self._client.abort_multipart_upload(self._bucket, self._key, upload_id)
        except Exception:
            log.warning("could not abort a multipart upload; it may stay pending on the destination", exc_info=True)


def _settle(futures: set[Future[None]], return_when: str | None) -> set[Future[None]]:
    """Wait for the first (``FIRST_COMPLETED``) or every future; raise the first failure; return those running."""
    done, running = wait(futures, return_when=return_when or "ALL_COMPLETED")
    for future in done:
        future.result()
    return running
