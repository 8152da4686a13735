"""Every use of minio's private internals, in one place, for the minio versions it is known to work with.

minio's public API drops or hides what the adapter needs in five places: the signed request of a listing page the
adapter reads itself (``Minio._execute``), the HTTP status of a non-XML answer (``InvalidResponseError._code``), the
headers of a DELETE and the verbose DeleteObjects (``Minio._execute``, ``Minio._delete_objects``), the steps of a
multipart upload the adapter runs itself with bounded memory (``Minio._create_multipart_upload``, ``_upload_part``,
``_complete_multipart_upload``, ``_abort_multipart_upload``), and the body of a 200 answer whose body is an error (a
local ``response`` of the frame that failed to parse it).

KNOWN_TO_WORK is the range declared for minio in pyproject.toml: the minio contract suite passes on both ends
of it as released so far, 7.2.7 and 7.2.20. tests/contract/test_minio_internals.py checks each internal on the
installed minio and says which one moved when an upgrade changes it.
"""

from __future__ import annotations

from types import TracebackType
from typing import cast

from minio import Minio
from minio.datatypes import CompleteMultipartUploadResult, Part
from minio.deleteobjects import DeleteObject
from minio.deleteobjects import DeleteResult as MinioDeleteResult
from minio.error import InvalidResponseError
from minio.helpers import ObjectWriteResult, ThreadPool
from urllib3 import BaseHTTPResponse

from .s3_errors import error_document

KNOWN_TO_WORK = ">=7.2.7,<7.3"
"""The minio versions these internals are known to hold in; keep it equal to pyproject.toml's dependency."""


def http_status(exc: InvalidResponseError) -> int:
    """The HTTP status of an answer without an S3 error document (a proxy's, a load balancer's)."""
    status: int = exc._code
    return status


def delete(minio: Minio, bucket: str, key: str, version: str | None) -> BaseHTTPResponse:
    """One DELETE, answered with its headers (which version went, whether it is a delete marker), which
    ``remove_object`` drops."""
    return minio._execute("DELETE", bucket, key, query_params={"versionId": version} if version else None)


def delete_verbose(minio: Minio, bucket: str, keys: list[str]) -> MinioDeleteResult:
    """One DeleteObjects in verbose mode, so the answer lists what the server deleted (``remove_objects``
    asks for quiet mode, which lists only the failures)."""
    return minio._delete_objects(bucket, [DeleteObject(key) for key in keys], quiet=False)


def put_with_headers(
    minio: Minio, bucket: str, key: str, headers: dict[str, str], body: bytes | None = None
) -> BaseHTTPResponse:
    """One PUT (an upload, or a copy with ``x-amz-copy-source``) sending exactly ``headers``: ``put_object``
    and ``copy_object`` turn any header they do not know (If-Match, Expires) into user metadata."""
    sent: dict[str, str | list[str] | tuple[str]] = dict(headers)
    return minio._execute("PUT", bucket, key, body=body, headers=sent)


def stop_upload_threads(exc: BaseException) -> None:
    """End the part-upload threads minio's put_object abandons when it fails in the reading thread.

    On a cancel (or a read error) put_object aborts the multipart upload but never stops its pool: each
    worker then blocks forever on the task queue still holding its last part, about 8 threads and 130 MiB
    per cancelled upload with the defaults. The pool is reachable only as a local of the failed call's frame,
    in the traceback of the error or, once translated, of its cause; a None task ends a worker, and is
    harmless if the workers are already gone.
    """
    for error in (exc, exc.__cause__):
        for frame_locals in _frames(error.__traceback__ if error is not None else None):
            pool = frame_locals.get("pool")
            if isinstance(pool, ThreadPool):
                for _ in range(pool._num_threads):
                    pool._tasks_queue.put(None)
                return


def error_document_behind(exc: BaseException) -> tuple[str, str | None] | None:
    """The S3 error document in the answer minio was reading when it failed, if it was one.

    S3 may answer CopyObject, UploadPartCopy and CompleteMultipartUpload with 200 and an ``<Error>`` body; minio
    then fails parsing it as a result (a ValueError) with the answer still a local, ``response``, of the
    failing frame. Reading it back gives the server's code, so the error is classified like any other.
    """
    for frame_locals in _frames(exc.__traceback__):
        data = getattr(frame_locals.get("response"), "data", None)
        if isinstance(data, bytes) and (document := error_document(data)) is not None:
            return document
    return None


def _frames(traceback: TracebackType | None) -> list[dict[str, object]]:
    """The local variables of each frame of a traceback, outermost first."""
    found = []
    while traceback is not None:
        found.append(traceback.tb_frame.f_locals)
        traceback = traceback.tb_next
    return found


def list_objects_v2(minio: Minio, bucket: str, query: dict[str, str]) -> bytes:
    """The body of one signed ListObjectsV2 request, read by ``s3_listing``."""
    params: dict[str, str | list[str] | tuple[str]] = dict(query)
    data: bytes = minio._execute("GET", bucket, query_params=params).data
    return data


def start_multipart(minio: Minio, bucket: str, key: str, headers: dict[str, str]) -> str:
    """CreateMultipartUpload with exactly these headers (the public API only uploads from a stream it reads)."""
    return minio._create_multipart_upload(bucket, key, dict(headers))


def upload_part(minio: Minio, bucket: str, key: str, upload_id: str, part_number: int, data: bytes | bytearray) -> str:
    """One UploadPart; returns the part's bare ETag."""
    body = cast(bytes, data)  # minio hashes and sends any bytes-like body as it is
    return minio._upload_part(bucket, key, body, None, upload_id, part_number)


def complete_multipart(
    minio: Minio, bucket: str, key: str, upload_id: str, part_etags: list[str]
) -> CompleteMultipartUploadResult:
    parts = [Part(number, etag) for number, etag in enumerate(part_etags, start=1)]
    return minio._complete_multipart_upload(bucket, key, upload_id, parts)


def abort_multipart(minio: Minio, bucket: str, key: str, upload_id: str) -> None:
    minio._abort_multipart_upload(bucket, key, upload_id)


def put_object(minio: Minio, bucket: str, key: str, data: bytes, headers: dict[str, str]) -> ObjectWriteResult:
    """One PUT of bytes already in memory with exactly these headers (``put_object`` wants a stream to read)."""
    return minio._put_object(bucket, key, data, dict(headers))
