"""S3 error codes to the project's errors; shared by the SDK adapters, which only extract the code."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from typing import Any
from xml.etree import ElementTree

from ..errors import (
    AccessDeniedError,
    BucketAlreadyExistsError,
    BucketNotEmptyError,
    BucketNotFoundError,
    ConflictError,
    NotSupportedError,
    ObjectChangedError,
    ObjectNotFoundError,
    ObjectStoreError,
    StoreConnectionError,
    redact,
)

_BY_CODE: dict[str, type[ObjectStoreError]] = {
    "NoSuchKey": ObjectNotFoundError,
    "NoSuchVersion": ObjectNotFoundError,
    "NoSuchObject": ObjectNotFoundError,
    "NoSuchBucket": BucketNotFoundError,
    "AccessDenied": AccessDeniedError,
    "AllAccessDisabled": AccessDeniedError,
    "InvalidAccessKeyId": AccessDeniedError,
    "SignatureDoesNotMatch": AccessDeniedError,
    "ExpiredToken": AccessDeniedError,
    "InvalidToken": AccessDeniedError,
    "Forbidden": AccessDeniedError,
    "403": AccessDeniedError,
    "BucketAlreadyExists": BucketAlreadyExistsError,
    "BucketAlreadyOwnedByYou": BucketAlreadyExistsError,
    "BucketNotEmpty": BucketNotEmptyError,
    "OperationAborted": ConflictError,
    "PreconditionFailed": ObjectChangedError,
    "NotImplemented": NotSupportedError,
    "MethodNotAllowed": NotSupportedError,
    "RequestTimeout": StoreConnectionError,
    "SlowDown": StoreConnectionError,
    "ServiceUnavailable": StoreConnectionError,
}

_MEANING: dict[str, str] = {
    "NoSuchKey": "the object does not exist",
    "NoSuchVersion": "the version does not exist",
    "NoSuchBucket": "the bucket does not exist",
    "NoSuchUpload": "the multipart upload does not exist (it was completed or aborted)",
    "404": "not found",
    "NotFound": "not found",
    "AccessDenied": "access denied",
    "403": "access denied",
    "AllAccessDisabled": "all access to this resource has been disabled",
    "InvalidAccessKeyId": "the access key is not known to the server",
    "SignatureDoesNotMatch": "the signature does not match: check the secret key and the server's clock",
    "ExpiredToken": "the session token has expired",
    "InvalidToken": "the session token is malformed or invalid",
    "RequestTimeTooSkewed": "the clock of this machine differs too much from the server's",
    "BucketAlreadyExists": "the bucket name is already taken",
    "BucketAlreadyOwnedByYou": "the bucket already exists and is yours",
    "BucketNotEmpty": "the bucket is not empty",
    "InvalidBucketName": "the bucket name is not valid",
    "KeyTooLongError": "the key is too long",
    "EntityTooLarge": "the object is larger than the server accepts",
    "EntityTooSmall": "a part is smaller than the server accepts",
    "InvalidRange": "the requested range is outside the object",
    "InvalidPart": "a part of the multipart upload is missing or does not match",
    "InvalidArgument": "the server refused an argument of the request",
    "InvalidRequest": "the server refused the request",
    "MalformedXML": "the server could not read the request's XML",
    "PreconditionFailed": "a precondition of the request failed",
    "QuotaExceeded": "a quota of the account or bucket is exceeded",
    "OperationAborted": "a conflicting operation is in progress on this resource",
    "MethodNotAllowed": "the method is not allowed on this resource",
    "405": "the method is not allowed on this resource",
    "NotImplemented": "the server does not implement this feature",
    "RequestTimeout": "the server timed out waiting for the request",
    "SlowDown": "the server asks to slow down (too many requests)",
    "ServiceUnavailable": "the service is unavailable",
    "InternalError": "the server had an internal error",
    "500": "the server had an internal error",
    "502": "bad gateway",
    "503": "the service is unavailable",
    "504": "the gateway timed out",
}


def is_delete_marker(headers: Mapping[str, str]) -> bool:
    """Whether an answer is about a delete marker (``x-amz-delete-marker: true``), whatever its status."""
    return any(name.lower() == "x-amz-delete-marker" and value == "true" for name, value in headers.items())


def error_document(body: bytes) -> tuple[str, str | None] | None:
    """The code and message of an S3 ``<Error>`` document, which some answers carry under a 200 status."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return None
    if root.tag.rsplit("}", 1)[-1] != "Error":
        return None
    return root.findtext("Code") or "", root.findtext("Message")


def meaning(code: str | None) -> str:
    """What an S3 error code means, in words, for when the server sends no message of its own."""
    return _MEANING.get(code or "", "the server gave no reason")


def _said(message: str | None) -> str | None:
    """The server's own message, or None when it said nothing (Ceph sends empty <Message/> elements)."""
    if message is None:
        return None
    message = message.strip()
    return None if message in ("", "None") else message


def error_from_s3(
    code: str | None,
    message: str | None,
    *,
    bucket: str | None,
    key: str | None,
    operation: str,
    secrets: tuple[str | None, ...] = (),
    delete_marker: bool = False,
) -> ObjectStoreError:
    """Build the project error for an S3 error code.

    A 404 with no code means the key (or the bucket, when no key was involved) is missing, as HEAD responses
    carry no body. An answer flagged ``x-amz-delete-marker: true`` (``delete_marker``) is about a deleted
    object: AWS and moto answer a HEAD of a delete marker's version with 405, Ceph with 404, and both mean the
    object is not there, so both are ObjectNotFoundError.
    """
    code = code or ""
    if delete_marker:
        error_class: type[ObjectStoreError] = ObjectNotFoundError
        words = "the object is deleted: the version asked for (else the latest) is a delete marker"
    else:
        if code in ("404", "NotFound", "ResourceNotFound"):
            error_class = ObjectNotFoundError if key else BucketNotFoundError
        else:
            error_class = _BY_CODE.get(code, ObjectStoreError)
        words = _said(message) or meaning(code)
    detail = redact(f"{operation} failed: {code + ': ' if code else ''}{words}", *secrets)
    return error_class(detail, bucket=bucket, key=key, code=code or None)


class GuardedBody:
    """An SDK's response stream whose read errors (a connection dropped mid-body, a read timeout) become the
    project's errors through the adapter's wrapper, like the errors of every other SDK call."""

    def __init__(self, raw: Any, guard: Callable[[], AbstractContextManager[None]]) -> None:
        self._raw = raw
        self._guard = guard

    def read(self, amount: int | None = None) -> bytes:
        with self._guard():
            data: bytes = self._raw.read() if amount is None else self._raw.read(amount)
        return data

    def close(self) -> None:
        self._raw.close()

    def release_conn(self) -> None:
        release = getattr(self._raw, "release_conn", None)
        if release is not None:
            release()
