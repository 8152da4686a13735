"""Downloads and small uploads through obstore (Python bindings to Rust's ``object_store``), for both S3 adapters.

A GET or PUT of a small object is all per-request cost, and in the two Python SDKs that cost is client CPU: 2,000
objects of 1-64 KiB from Ceph RGW took ours-minio 1.8 ms of CPU per object, ours-boto3 2.5 ms, rclone and obstore
1.0 ms (tests/benchmarks/results/stop16-ceph-obstore.txt). On a machine whose cores the server shares, that CPU
is wall time. One long stream is the other way round: the SDK path's read loop costs half obstore's CPU (256 MiB
from moto: 0.07 s against 0.14 s), so objects known to be big are left to it.

obstore makes the downloads while ``transfer.download_streams`` is 1, the default, except of objects this client
knows to be big (``SDK_STREAM_MIN``); asked for more streams, the SDK makes them all, split into ranged GETs
(``s3_download``). It sends files of up to ``UPLOAD_MAX`` in one PUT, read first (each step a progress report and
a chance to cancel, before anything is sent); bigger ones keep the SDKs' streaming PUTs and multipart uploads. It
needs static keys: profiles and credential chains stay with the SDKs.

Anything else goes the SDK's way, and so does any failure: the adapter makes the request again through its SDK,
which names the error precisely (a missing bucket, a delete marker) and writes the temp file again from its
start, or sends the file again. After a failure other than a refusal (a missing or denied object or bucket)
obstore stays off for this client, so a TLS or proxy set-up the SDK handles and obstore does not costs one
request, not one per object. A failure a read timeout after the last bytes came is a stalled server, reported at
once: asking the SDK too would double the wait.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import obstore
from obstore.exceptions import NotFoundError, PermissionDeniedError, UnauthenticatedError
from obstore.store import S3Store

from ..configurations import ObjectStoreConfiguration
from ..errors import StoreConnectionError, TransferCancelledError
from ..models import DirEntry, ObjectMetadata, UploadResult
from ..transfer import TransferMonitor
from .s3_common import AWS_DEFAULT_REGION, POOL_CONNECTIONS, secrets_of, unquote_etag
from .s3_download import end_at, object_file, write_at

if TYPE_CHECKING:
    from obstore import Attributes, GetOptions
    from obstore.store import ClientConfig, S3Config

CHUNK_SIZE = 256 * 1024
"""Bytes obstore gathers before handing them over: each chunk is a progress report and a chance to cancel, so
they stay small enough on a slow link, and few enough on a fast one (2,048 for 512 MiB)."""
UPLOAD_MAX = 1024 * 1024
"""Files up to this size go up through obstore: whole in memory, their progress is the reading, which is over
before the PUT is sent. Above it, the SDKs' PUTs report progress as they send, and the per-request cost obstore
saves (about 1 ms of CPU) is small beside the transfer."""
SDK_STREAM_MIN = 8 * 1024 * 1024
"""Objects known to be at least this big are downloaded by the SDK path: on one long stream its read loop
(``s3_download.copy_body``) costs half obstore's CPU (moto, 256 MiB: 0.07 s against 0.14 s; 16 MiB: 0.007 s
against 0.011 s; even at 4 MiB), while below that obstore's lighter request wins. obstore's GET tells the size
only once it is sent, and a second request would cost a round trip (and on moto a second read of the object), so
the size must be known before: from what this client saw of the object last (a listing, a stat, an upload, an
earlier download)."""
KNOWN_BIG = 4096
"""How many big objects are remembered, the most recently seen kept: a few hundred KiB at most."""
TOTAL_TIMEOUT = timedelta(days=7)
"""A whole GET however big: obstore always sets one (30 s by default). A stall is caught by the read timeout."""

_STANDARD_ATTRIBUTES = frozenset(
    {"Content-Type", "Content-Encoding", "Content-Disposition", "Content-Language", "Cache-Control"}
)
"""obstore's names for the headers it reads besides user metadata (which it gives lowercase, prefix removed)."""

_REFUSALS = (FileNotFoundError, PermissionError, NotFoundError, PermissionDeniedError, UnauthenticatedError)
"""The server's no to this one request (obstore raises the built-in errors for some): the SDK's GET names why."""

_log = logging.getLogger(__name__)


class _Failed(Exception):
    """obstore failed while the body streamed (not the file being written): ``heard`` is when bytes last came."""

    def __init__(self, heard: float) -> None:
        super().__init__()
        self.heard = heard


class ObstoreTransfers:
    """One adapter's downloads and small uploads through obstore: a store for its connection per bucket, made on
    first use."""

    def __init__(
        self, config: ObjectStoreConfiguration, unreachable: Callable[[str, str, str], StoreConnectionError]
    ) -> None:
        """``unreachable(reason, bucket, key)`` is the adapter's error for a server that does not answer."""
        connection = config.connection
        self._unreachable = unreachable
        self._read_timeout = connection.read_timeout
        secret, token = secrets_of(connection)
        # Every setting given, so none is taken from obstore's reading of AWS_* variables.
        s3: S3Config = {
            "region": connection.region or AWS_DEFAULT_REGION,
            "access_key_id": connection.access_key or "",
            "secret_access_key": secret or "",
            "virtual_hosted_style_request": connection.endpoint is None,  # path style, as the SDKs are set up
            "skip_signature": False,
        }
        if connection.endpoint_url is not None:
            s3["endpoint"] = connection.endpoint_url
        if token is not None:
            s3["session_token"] = token
        self._s3 = s3
        self._client: ClientConfig = {
            "allow_http": not connection.secure,
            "connect_timeout": timedelta(seconds=connection.connect_timeout),
            "read_timeout": timedelta(seconds=connection.read_timeout),
            "timeout": TOTAL_TIMEOUT,
            "pool_max_idle_per_host": str(POOL_CONNECTIONS),
        }
        self._stores: dict[str, S3Store] = {}
        self._lock = threading.Lock()
        self._big: OrderedDict[tuple[str, str], None] = OrderedDict()
        # Off where the connection needs what only the SDKs do: a profile, a credential chain, the AWS region lookup.
        static_keys = connection.access_key is not None and connection.secret_key is not None
        region_known = connection.endpoint is not None or connection.region is not None
        self._on = static_keys and region_known and not connection.profile
        transfer = config.transfer
        self._downloads = transfer.obstore_downloads and transfer.download_streams == 1
        self._uploads = transfer.obstore_uploads

    def download(
        self, bucket: str, key: str, file_path: Path, monitor: TransferMonitor, version: str | None
    ) -> ObjectMetadata | None:
        """Write the object to ``file_path`` (the store's new, empty temp file) and return its metadata; or
        None for the SDK to do it, with whatever was written to be written again and its progress taken back."""
        if not (self._on and self._downloads) or not _nameable(key) or self._known_big(bucket, key):
            return None
        options: GetOptions = {"version": version} if version is not None else {}
        heard = time.monotonic()
        try:
            result = obstore.get(self._store(bucket), key, options=options)
            meta, attributes = result.meta, result.attributes
            if meta["path"] != key:
                return None
            chunks = result.stream(min_chunk_size=CHUNK_SIZE)
        except _REFUSALS:  # a missing bucket or key, a delete marker, a denied key: obstore stays on
            return None
        except Exception as exc:  # any other failure is the SDK's to report, with its own error mapping
            self._failed(exc, heard, bucket, key)
            return None
        monitor.set_total(meta["size"])
        written = 0
        try:
            with object_file(file_path) as descriptor:  # an OSError here is the file's, raised as it is
                for chunk in _received(chunks):
                    written += write_at(descriptor, chunk, written)
                    monitor.advance(len(chunk))
                end_at(descriptor, written)
        except _Failed as failed:
            monitor.advance(-written, stoppable=False)
            self._failed(failed.__cause__, failed.heard, bucket, key)
            return None
        if written != meta["size"]:
            monitor.advance(-written, stoppable=False)
            self._turn_off(f"{written} bytes for a size of {meta['size']}")
            return None
        self.saw(bucket, key, written)
        modified = meta["last_modified"]
        return ObjectMetadata(
            key=key,
            updated_time=modified.astimezone(UTC) if modified is not None else None,
            size=written,
            bucket=bucket,
            etag=unquote_etag(meta["e_tag"]),
            content_type=_text(attributes.get("Content-Type")),
            version_id=meta["version"],
            metadata=MappingProxyType(
                {name: str(value) for name, value in attributes.items() if name not in _STANDARD_ATTRIBUTES}
            ),
        )

    def upload(
        self, bucket: str, key: str, file_path: Path, size: int, monitor: TransferMonitor, content_type: str | None
    ) -> UploadResult | None:
        """Send the file (``size`` bytes, at most ``UPLOAD_MAX``) in one PUT and return what the server said; or
        None for the SDK to send it, with the progress counted here taken back. A cancel raises before the PUT."""
        self.saw(bucket, key, size)
        if not (self._on and self._uploads) or size > UPLOAD_MAX or not _nameable(key):
            return None
        raised: list[BaseException] = []  # what the reading raised: obstore hands it back wrapped, or not at all

        def chunks() -> Iterator[bytes]:
            try:
                yield from _read(file_path, size, monitor)
            except BaseException as exc:
                raised.append(exc)
                raise

        attributes: Attributes = {"Content-Type": content_type} if content_type else {}
        counted, started = monitor.done, time.monotonic()
        try:
            result = obstore.put(self._store(bucket), key, chunks(), attributes=attributes, use_multipart=False)
        except Exception as exc:
            monitor.advance(counted - monitor.done, stoppable=False)
            if raised:  # the file or a cancel, not the server: the SDK's path meets the same and says it its way
                if isinstance(raised[0], TransferCancelledError):
                    raise raised[0] from None
                return None
            if not isinstance(exc, _REFUSALS):  # a missing bucket or a denied key: obstore stays on
                self._failed(exc, started, bucket, key)
            return None
        return UploadResult(bucket, key, unquote_etag(result["e_tag"]), result["version"], size)

    def saw(self, bucket: str, key: str, size: int) -> None:
        """What this client learned of an object's size, for the choice of its next download's path."""
        if self._on and self._downloads:
            with self._lock:
                self._remember(bucket, key, size)

    def saw_listed(self, entries: Iterable[DirEntry]) -> None:
        """``saw`` for each object of a listing page, at one lock for the page."""
        if self._on and self._downloads:
            with self._lock:
                for entry in entries:
                    if isinstance(entry, ObjectMetadata):
                        self._remember(entry.bucket, entry.key, entry.size)

    def _known_big(self, bucket: str, key: str) -> bool:
        with self._lock:
            return (bucket, key) in self._big

    def _remember(self, bucket: str, key: str, size: int) -> None:
        where = (bucket, key)
        if size >= SDK_STREAM_MIN:
            self._big[where] = None
            self._big.move_to_end(where)
            if len(self._big) > KNOWN_BIG:
                self._big.popitem(last=False)
        elif where in self._big:  # replaced by a smaller object since
            del self._big[where]

    def close(self) -> None:
        """Drop the stores and with them their pooled connections; a later download makes them again."""
        with self._lock:
            self._stores.clear()

    def _store(self, bucket: str) -> S3Store:
        with self._lock:
            store = self._stores.get(bucket)
            if store is None:
                # No retries of its own: a failed GET is made again through the SDK, with the SDK's retries.
                store = S3Store(bucket, config=self._s3, client_options=self._client, retry_config={"max_retries": 0})
                self._stores[bucket] = store
            return store

    def _failed(self, cause: BaseException | None, heard: float, bucket: str, key: str) -> None:
        """A stall (nothing heard for the read timeout) is reported; anything else is left to the SDK."""
        if time.monotonic() - heard >= self._read_timeout:
            raise self._unreachable(f"no answer within {self._read_timeout:g} s", bucket, key) from cause
        self._turn_off(type(cause).__name__)

    def _turn_off(self, reason: str) -> None:
        """``reason`` never holds obstore's message: it carries the request's URL, and this goes to a log."""
        if self._on:
            self._on = False
            _log.info("transfers go through the SDK from now on: obstore failed (%s)", reason)


def _received(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Each chunk as it arrives; a failure to receive one is raised as ``_Failed``."""
    heard = time.monotonic()
    while True:
        try:
            chunk = next(chunks, None)
        except Exception as exc:
            raise _Failed(heard) from exc
        if chunk is None:
            return
        heard = time.monotonic()
        yield chunk


def _read(file_path: Path, size: int, monitor: TransferMonitor) -> Iterator[bytes]:
    """The file's ``size`` bytes in steps, each counted (a cancel raises there); a file that changed size since
    it was measured raises ``OSError``, so nothing else than what was measured is sent."""
    read = 0
    with file_path.open("rb") as file:
        while read < size:
            chunk = file.read(min(CHUNK_SIZE, size - read))
            if not chunk:
                break
            read += len(chunk)
            monitor.advance(len(chunk))
            yield chunk
        if read != size or file.read(1):
            raise OSError(f"'{file_path}' changed size while it was read")


def _nameable(key: str) -> bool:
    """Keys obstore sends exactly: its paths have no empty segments ('a//b', '/a', 'a/'), no '.' or '..', and no
    control characters."""
    segments_fit = all(segment not in ("", ".", "..") for segment in key.split("/"))
    return segments_fit and not any(ord(char) < 0x20 or ord(char) == 0x7F for char in key)


def _text(value: object) -> str | None:
    return str(value) if value is not None else None
