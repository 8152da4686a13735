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

import threading
from dataclasses import dataclass

from .store import ObjectStore
from .transfer import ProgressCallback


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
    raise NotImplementedError


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

    ``progress`` gets (bytes sent, object size); ``cancel`` stops the copy at its next part and aborts the
    upload, raising ``TransferCancelledError``. ``part_size`` (default: the destination's
    ``transfer.part_size``) and ``part_workers`` (default: its ``transfer.max_concurrency``) bound memory.
    Raises ``VerificationError`` (the source kept) when the destination cannot be shown to hold the bytes read.
    Within one store (``same_store``) this is the server-side ``copy_object`` / ``move_object``.
    """
    raise NotImplementedError
