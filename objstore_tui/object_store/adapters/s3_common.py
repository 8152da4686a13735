"""What the two S3 adapters share, written once: each adapter then only translates calls to its SDK.

The base class ``S3Client`` holds the secrets to redact, the error building, the us-east-1 bucket check and the
exact bulk delete; the functions are the small conversions both SDKs' answers need. The listings are shared too,
in ``s3_listing``.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable, Mapping
from functools import partial
from urllib.parse import quote, urlencode

from ..client import ObjectStoreClient
from ..configurations import ObjectStoreConfiguration, ObjectStoreConnectionConfiguration
from ..errors import BucketAlreadyExistsError, ObjectStoreError, StoreConnectionError, redact
from ..models import BulkDeleteResult, DeleteFailure, DirEntry, Folder, ObjectMetadata
from .s3_bulk_delete import delete_exactly
from .s3_errors import error_from_s3, meaning

AWS_DEFAULT_REGION = "us-east-1"
POOL_CONNECTIONS = 32
"""Connections an adapter keeps open per endpoint: a transfer job's small files widen up to 16 in flight, beside
a big file's parts. Beyond it connections still open, but each is closed after its request."""


def secrets_of(connection: ObjectStoreConnectionConfiguration) -> tuple[str | None, str | None]:
    """The secret key and session token in clear, for the SDK and for redacting them from every message."""
    secret = connection.secret_key.get_secret_value() if connection.secret_key else None
    token = connection.session_token.get_secret_value() if connection.session_token else None
    return secret, token


def unquote_etag(etag: str | None) -> str | None:
    """S3 sends etags in quotes; the models hold them bare, as the local adapter makes them."""
    return etag.strip('"') if etag else None


def newest_first(version: ObjectMetadata) -> tuple[str, bool, float]:
    """Sort key of a version listing: key order, the latest version first, then newest to oldest."""
    updated = version.updated_time.timestamp() if version.updated_time else 0.0
    return version.key, not version.is_latest, -updated


def entry_name(entry: DirEntry) -> str:
    """Sort key of a folder listing: the name as the server orders it."""
    return entry.prefix if isinstance(entry, Folder) else entry.key


def is_folder_marker(key: str, prefix: str) -> bool:
    """The object named exactly like a folder prefix ('a/') is the folder's own marker, not an entry in it.

    A prefix without the slash ('a') is a plain string prefix, as in S3: the object 'a' is listed with 'a-b'
    and the folder 'a/', as the local adapter lists it.
    """
    return prefix.endswith("/") and key == prefix


def delete_failure(key: str, code: str | None, message: str | None, version_id: str | None) -> DeleteFailure:
    """One key a DeleteObjects answer reports as not deleted, said in words when the server gave none."""
    return DeleteFailure(key, code or "", message or meaning(code), version_id)


class S3Client(ObjectStoreClient):
    """The part of an S3 adapter that does not depend on its SDK."""

    def __init__(self, config: ObjectStoreConfiguration, endpoint: str) -> None:
        super().__init__(config)
        self._secrets = secrets_of(config.connection)
        self._endpoint = endpoint

    def _s3_error(
        self,
        code: str | None,
        message: str | None,
        operation: str,
        bucket: str | None,
        key: str | None,
        delete_marker: bool = False,
    ) -> ObjectStoreError:
        """The project's error for an S3 error code the server sent."""
        return error_from_s3(
            code,
            message,
            bucket=bucket,
            key=key,
            operation=operation,
            secrets=self._secrets,
            delete_marker=delete_marker,
        )

    def _unreachable(self, reason: object, bucket: str | None, key: str | None) -> StoreConnectionError:
        message = self._redacted(f"cannot reach endpoint {self._endpoint}: {reason}")
        return StoreConnectionError(message, bucket=bucket, key=key)

    def _redacted(self, message: str) -> str:
        return redact(message, *self._secrets)

    def _refuse_existing_bucket(self, name: str, region: str) -> None:
        """us-east-1 answers 200 to re-creating a bucket you own (AWS and moto; MinIO does not): ask first, so
        an existing bucket is reported the same way on every backend."""
        if region == AWS_DEFAULT_REGION and self.bucket_exists(name):
            raise BucketAlreadyExistsError("create_bucket failed: the bucket already exists", bucket=name)

    def delete_objects(self, bucket: str, keys: Iterable[str]) -> BulkDeleteResult:
        """Keys XML cannot carry faithfully go one DELETE each (see s3_bulk_delete); the rest in one request."""
        return delete_exactly(
            bucket, list(keys), partial(self._delete_batch, bucket), partial(self.delete_object, bucket)
        )

    @abstractmethod
    def _delete_batch(self, bucket: str, keys: list[str]) -> BulkDeleteResult:
        """One DeleteObjects request in verbose mode, so the answer lists what the server deleted."""


def tagging_header(tags: Mapping[str, str]) -> str:
    """Tags as S3's x-amz-tagging header wants them: a URL-encoded query string."""
    return urlencode(dict(tags), quote_via=quote)
