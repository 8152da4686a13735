"""S3 error codes to the project's errors; shared by the SDK adapters, which only extract the code."""

from __future__ import annotations

from ..errors import (
    AccessDeniedError,
    BucketAlreadyExistsError,
    BucketNotEmptyError,
    BucketNotFoundError,
    ConflictError,
    NotSupportedError,
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
    "NotImplemented": NotSupportedError,
    "MethodNotAllowed": NotSupportedError,
    "RequestTimeout": StoreConnectionError,
    "SlowDown": StoreConnectionError,
    "ServiceUnavailable": StoreConnectionError,
}


def error_from_s3(
    code: str | None,
    message: str,
    *,
    bucket: str | None,
    key: str | None,
    operation: str,
    secrets: tuple[str | None, ...] = (),
) -> ObjectStoreError:
    """Build the project error for an S3 error code. A 404 with no code means the key (or the bucket,
    when no key was involved) is missing, as HEAD responses carry no body."""
    code = code or ""
    if code in ("404", "NotFound", "ResourceNotFound"):
        error_class: type[ObjectStoreError] = ObjectNotFoundError if key else BucketNotFoundError
    else:
        error_class = _BY_CODE.get(code, ObjectStoreError)
    detail = redact(f"{operation} failed: {code + ': ' if code else ''}{message}".rstrip(": "), *secrets)
    return error_class(detail, bucket=bucket, key=key)
