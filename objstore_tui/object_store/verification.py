"""Whether a copy holds the same bytes as its source: the check a move passes before it deletes the source.

The cheapest proof that applies wins: plain (MD5) ETags on both sides; else a checksum the server computed
with the same algorithm on both sides; else the bytes themselves, read and hashed, up to a size limit.
A multipart ETag ('<md5 of part md5s>-<parts>') depends on the part layout, so it proves nothing about a copy
made with other parts, and the size alone proves nothing at all: a server that acknowledges a copy it did not
make, over a destination of the same size, would otherwise cost the source.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import NoReturn

from .client import ObjectStoreClient
from .errors import VerificationError
from .models import ObjectMetadata

_PLAIN_MD5 = re.compile(r"^[0-9a-fA-F]{32}$")
_CHUNK = 1024 * 1024


def verify_copy(client: ObjectStoreClient, source: ObjectMetadata, copy: ObjectMetadata, max_bytes: int) -> None:
    """Return if ``copy`` is shown to hold the bytes of ``source``; raise VerificationError otherwise."""
    if copy.size != source.size:
        _refuse(source, copy, f"its size is {copy.size} bytes, the source's {source.size}")
    if _is_plain_md5(source.etag) and _is_plain_md5(copy.etag):
        if (source.etag or "").lower() != (copy.etag or "").lower():
            _refuse(source, copy, f"its MD5 is {copy.etag}, the source's {source.etag}")
        return
    verdict = _checksums_agree(source, copy)
    if verdict is True:
        return
    if verdict is False:
        _refuse(source, copy, "its checksum differs from the source's")
    if source.size > max_bytes:
        _refuse(
            source,
            copy,
            f"it cannot be verified: no MD5 ETags or common server checksum, and at {source.size} bytes it is "
            f"over transfer.verify_max_bytes ({max_bytes}) to compare by reading",
        )
    if _read_hash(client, source) != _read_hash(client, copy):
        _refuse(source, copy, "its bytes differ from the source's")


def _is_plain_md5(etag: str | None) -> bool:
    return etag is not None and _PLAIN_MD5.match(etag) is not None


def _checksums_agree(source: ObjectMetadata, copy: ObjectMetadata) -> bool | None:
    """True or False when both report a full-object checksum with the same algorithm; None when they cannot
    tell (no common algorithm, or composite checksums of multipart objects, which depend on the parts)."""
    for algorithm in sorted(source.checksums.keys() & copy.checksums.keys()):
        mine, theirs = source.checksums[algorithm], copy.checksums[algorithm]
        if mine == theirs:
            return True
        if "-" not in mine and "-" not in theirs:
            return False
    return None


def _read_hash(client: ObjectStoreClient, meta: ObjectMetadata) -> str:
    digest = hashlib.sha256()
    with client.get_object(meta.bucket, meta.key) as body:
        while chunk := body.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _refuse(source: ObjectMetadata, copy: ObjectMetadata, reason: str) -> NoReturn:
    raise VerificationError(
        f"the copy to '{copy.bucket}/{copy.key}' is not shown to hold the source's bytes: {reason}; source kept",
        bucket=source.bucket,
        key=source.key,
    )


def composite_etag(part_md5s: Sequence[bytes]) -> str:
    """The ETag S3 gives a multipart object: the MD5 of the parts' binary MD5s, then '-' and the part count."""
    return f"{hashlib.md5(b''.join(part_md5s)).hexdigest()}-{len(part_md5s)}"
