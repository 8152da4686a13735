"""One error hierarchy for every backend.

Bad arguments and configuration are ``ValueError`` subclasses raised before any request; failed operations
are ``RuntimeError`` subclasses under ``ObjectStoreError``, split by cause, with the SDK's exception chained
as ``__cause__``. Messages name the bucket and key and never carry a secret.
"""

from __future__ import annotations

import re

from .text import visible

_SECRET_QUERY = re.compile(
    r"(?i)(X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|Signature|AWSAccessKeyId|x-amz-security-token)"
    r"=[^&\s'\"]+"
)
_AUTH_HEADER = re.compile(r"(?i)(authorization|x-amz-security-token)(['\"]?\s*[:=]\s*b?['\"]?)[^'\"\n,]+")
_SIGNING_ELEMENTS = re.compile(
    r"(?is)<(SignatureProvided|StringToSign|StringToSignBytes|CanonicalRequest|CanonicalRequestBytes)>.*?</\1>"
)
"""What a SignatureDoesNotMatch error echoes: the signature, and what was signed (with the session token)."""
_SIGNATURE_VALUE = re.compile(r"(?i)(signature[a-z]*)([^0-9a-f]{0,8})[0-9a-f]{64}")
"""A SigV4 signature after its name, however it is written: 'Signature:\\n<hex>' (botocore's debug log),
"'X-Amz-Signature': '<hex>'", '<SignatureProvided><hex>'."""


def redact(text: str, *secrets: str | None) -> str:
    """Strip signatures, credentials and the given secret values out of a message."""
    text = _SIGNING_ELEMENTS.sub(r"<\1><redacted></\1>", text)
    text = _SECRET_QUERY.sub(r"\1=<redacted>", text)
    text = _AUTH_HEADER.sub(r"\1\2<redacted>", text)
    text = _SIGNATURE_VALUE.sub(r"\1\2<redacted>", text)
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "<redacted>")
    return text


def _where(bucket: str | None, key: str | None) -> str:
    """Names from a server or a user, with control characters shown, so a message never drives a terminal."""
    parts = []
    if bucket:
        parts.append(f"bucket '{visible(bucket)}'")
    if key:
        parts.append(f"key '{visible(key)}'")
    return " ".join(parts)


class ObjectStoreValueError(ValueError):
    """Base of every bad-argument and bad-configuration error; its message shows control characters."""

    def __init__(self, message: str = "", *args: object) -> None:
        super().__init__(visible(message), *args)


class ConfigurationError(ObjectStoreValueError):
    """The configuration is invalid; the message names the field."""


class InvalidBucketNameError(ObjectStoreValueError):
    def __init__(self, name: object, reason: str) -> None:
        self.bucket = name
        super().__init__(f"invalid bucket name {visible(repr(name))}: {reason}")


class InvalidKeyError(ObjectStoreValueError):
    def __init__(self, key: object, reason: str) -> None:
        self.key = key
        super().__init__(f"invalid object key {visible(repr(key))}: {reason}")


class InvalidExpiryError(ObjectStoreValueError):
    pass


class NoBucketError(ObjectStoreValueError):
    """No bucket was given and the configuration has no root bucket."""


class UnsafePathError(ObjectStoreValueError):
    """A key would write outside the folder a download was asked to write into."""

    def __init__(self, key: str, folder: object, reason: str = "it would write outside") -> None:
        self.key = key
        super().__init__(f"refusing key '{visible(key)}': {reason} {visible(folder)}")


class ObjectStoreError(RuntimeError):
    """Base of every failed operation. ``bucket`` and ``key`` say what it was about; ``code`` is the server's."""

    def __init__(
        self, message: str, *, bucket: str | None = None, key: str | None = None, code: str | None = None
    ) -> None:
        self.bucket = bucket
        self.key = key
        self.code = code
        """The server's error code (``NoSuchKey``, ``SlowDown``...) when there was one."""
        self.reason = message = visible(message)
        where = _where(bucket, key)
        super().__init__(f"{message} ({where})" if where else message)


class NotFoundError(ObjectStoreError):
    pass


class ObjectNotFoundError(NotFoundError):
    pass


class BucketNotFoundError(NotFoundError):
    pass


class AccessDeniedError(ObjectStoreError):
    """Access denied, or the credentials are wrong."""


class ConflictError(ObjectStoreError):
    """The target already exists, or is not empty."""


class BucketAlreadyExistsError(ConflictError):
    pass


class BucketNotEmptyError(ConflictError):
    pass


class StoreConnectionError(ObjectStoreError):
    """The endpoint could not be reached, or did not answer in time."""


class NotSupportedError(ObjectStoreError):
    """The backend does not offer this feature (versions or presigned URLs on the local backend)."""


class CancelledError(ObjectStoreError):
    """The caller's cancel event stopped the operation; nothing partial was left behind.

    Every call that takes ``cancel=`` raises this one class. A bulk call attaches what it finished before the
    cancel as ``result`` (``delete_objects`` and ``delete_prefix``: the ``BulkDeleteResult`` of the keys
    deleted so far), so the caller can say exactly what changed; elsewhere ``result`` is None.
    """

    def __init__(
        self, message: str, *, bucket: str | None = None, key: str | None = None, result: object = None
    ) -> None:
        super().__init__(message, bucket=bucket, key=key)
        self.result = result


TransferCancelledError = CancelledError
"""The name transfers raised before every cancellable call shared one class; kept for the public API."""


class VerificationError(ObjectStoreError):
    """A copy did not match its source, so a move kept the source."""


class LocalPathError(ObjectStoreValueError):
    """A local file or folder given to an upload or download is missing or unusable."""


class ObjectChangedError(ConflictError):
    """The object changed since it was read (its ETag differs, or the server refused If-Match), so a write
    meant for the version read was not made."""
