"""How a copy between stores is shown to hold the bytes it read: the ETag the destination computed for what it
received, against the digests computed while reading (see ``cross_copy``); else the destination read back."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import NoReturn

from .errors import VerificationError
from .models import Object, UploadResult
from .store import ObjectStore
from .verification import composite_etag

READ_CHUNK = 1024 * 1024
COMPOSITE = re.compile(r"^[0-9a-fA-F]{32}-(\d+)$")
PLAIN_MD5 = re.compile(r"^[0-9a-fA-F]{32}$")


@dataclass(frozen=True, slots=True)
class Sent:
    """What was read from the source and sent: the digests the destination's ETag is checked against."""

    upload: UploadResult
    size: int
    whole_md5: str | None
    """The MD5 of all the bytes; only computed where something compares to it (a single PUT, a plain MD5 source
    ETag): a multipart copy is checked by its parts, and hashing 256 MiB twice costs a second of CPU."""
    part_size: int
    part_md5s: tuple[bytes, ...]
    """One per part for a multipart upload; empty for a single PUT."""

    @property
    def composite(self) -> str | None:
        if not self.part_md5s:
            return None
        return composite_etag(self.part_md5s)


def verify_sent(dst_store: ObjectStore, sent: Sent, max_bytes: int, source: Object) -> str:
    """How the destination is shown to hold the bytes read: the ETag the server computed for what it received,
    against the digests computed while reading; else the destination read back and hashed."""
    _check_source(sent, source)
    etag = (sent.upload.etag or "").lower()
    if not etag:  # Ceph answers a completed multipart upload with an empty ETag; its HEAD has the real one
        etag = (dst_store.stat_object(sent.upload.key, sent.upload.bucket).etag or "").lower()
    if sent.composite is not None and etag == sent.composite:
        return f"multipart ETag ({len(sent.part_md5s)} parts)"
    if etag == sent.whole_md5:
        return "MD5 ETag"
    if PLAIN_MD5.match(etag) or COMPOSITE.match(etag):
        _refuse(source, sent, f"the destination's ETag {etag} does not match the bytes sent")
    if sent.size > max_bytes:
        _refuse(source, sent, f"its ETag is not an MD5 and at {sent.size} bytes it is over verify_max_bytes")
    if _read_back(dst_store, sent) != (sent.whole_md5 or sent.composite):
        _refuse(source, sent, "the bytes read back differ from the bytes sent")
    return "read back and hashed"


def _read_back(dst_store: ObjectStore, sent: Sent) -> str | None:
    """The destination's bytes hashed the way ``sent`` was: whole, or part by part for a composite."""
    whole, parts, part = hashlib.md5(), [], hashlib.md5()
    in_part = 0
    upload = sent.upload
    with dst_store.client.get_object(upload.bucket, upload.key, upload.version_id) as copy:
        while chunk := copy.read(min(READ_CHUNK, sent.part_size - in_part)):
            whole.update(chunk)
            part.update(chunk)
            in_part += len(chunk)
            if in_part == sent.part_size:
                parts.append(part.digest())
                part, in_part = hashlib.md5(), 0
    if in_part:
        parts.append(part.digest())
    if sent.whole_md5 is not None:
        return whole.hexdigest()
    return composite_etag(parts)


def _check_source(sent: Sent, source: Object) -> None:
    """Where the source's ETag is an MD5 (whole, or of parts laid out as ours), the bytes read must match it."""
    etag = (source.etag or "").lower()
    if PLAIN_MD5.match(etag) and etag != sent.whole_md5:
        _refuse(source, sent, "the bytes read differ from the source's MD5 ETag")
    same_layout = sent.composite is not None and etag.endswith(f"-{len(sent.part_md5s)}")
    if COMPOSITE.match(etag) and same_layout and etag != sent.composite:
        _refuse(source, sent, "the bytes read differ from the source's multipart ETag")


def _refuse(source: Object, sent: Sent, reason: str) -> NoReturn:
    raise VerificationError(
        f"the copy to '{sent.upload.bucket}/{sent.upload.key}' is not shown to hold the source's bytes: "
        f"{reason}; source kept",
        bucket=source.bucket,
        key=source.key,
    )
