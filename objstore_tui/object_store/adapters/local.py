"""The local-folder backend: the embedded default that needs no server.

The endpoint is a folder; each subfolder with a valid bucket name is a bucket and each file below it an
object whose key is its relative path with '/' separators. Writes go to a temp file and are renamed into
place, so a reader never sees half an object. The temp files live in a hidden folder beside the buckets
(never a bucket: its name is not a valid one), so no key can meet them. Keys the file system cannot hold
as they are (an empty segment as in 'a//b', '.', '..', a backslash, a segment too long) are refused, never
stored under another name. Versions and presigned URLs do not exist here.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
import shutil
import stat
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, ClassVar, Literal

from ..client import ObjectStoreClient
from ..configurations import ObjectStoreConfiguration
from ..details import ContentHeaders, ObjectDetails, WriteGuarantee
from ..errors import (
    AccessDeniedError,
    BucketAlreadyExistsError,
    BucketNotEmptyError,
    BucketNotFoundError,
    ConflictError,
    InvalidKeyError,
    NotSupportedError,
    ObjectChangedError,
    ObjectNotFoundError,
    ObjectStoreError,
    ObjectStoreValueError,
    UnsafePathError,
)
from ..models import (
    Bucket,
    BulkDeleteResult,
    CopyResult,
    DeleteFailure,
    DeleteResult,
    DirEntry,
    Folder,
    Object,
    ObjectMetadata,
    UploadResult,
)
from ..transfer import TransferMonitor
from ..validation import safe_destination, validate_bucket_name
from ..verification import composite_etag

CHUNK = 1024 * 1024
ETAG_LIMIT = 64 * CHUNK
"""Files up to this size get an MD5 etag like S3's; hashing bigger ones on every stat would cost too much."""
TEMP_FOLDER = ".objstore-tmp"
TEMP_PREFIX = ".objstore-tmp-"
NAME_MAX = 255
"""Bytes in one path segment on the common file systems; a longer key segment is refused up front."""
PLACE_ATTEMPTS = 100
"""Tries to rename a written object into place while concurrent deletes prune the folders it needs."""


class LocalClient(ObjectStoreClient):
    supports_versioning: ClassVar[bool] = False
    supports_presign: ClassVar[bool] = False

    def __init__(self, config: ObjectStoreConfiguration) -> None:
        super().__init__(config)
        self.root = Path(config.connection.endpoint or ".").expanduser()

    # Paths
    def _bucket_path(self, bucket: str) -> Path:
        path = self.root / bucket
        if not path.is_dir():
            raise BucketNotFoundError("bucket does not exist", bucket=bucket)
        return path

    def _object_path(self, bucket: str, key: str) -> Path:
        """The file holding ``key``; keys that would land on another key's file, or outside, are refused."""
        _check_representable(key)
        try:
            return safe_destination(self._bucket_path(bucket), key)
        except UnsafePathError as exc:
            raise InvalidKeyError(key, "the local backend cannot store this key as a file") from exc

    def _existing_file(self, bucket: str, key: str, version: str | None = None) -> Path:
        if version is not None:
            raise NotSupportedError("the local backend has no object versions", bucket=bucket, key=key)
        path = self._object_path(bucket, key)
        if not path.is_file():
            raise ObjectNotFoundError("object does not exist", bucket=bucket, key=key)
        return path

    def _metadata(self, bucket: str, key: str, path: Path, *, with_etag: bool = False) -> ObjectMetadata:
        info = path.stat()
        etag = _md5_file(path) if with_etag and info.st_size <= ETAG_LIMIT else None
        return ObjectMetadata(
            key=key,
            updated_time=datetime.fromtimestamp(info.st_mtime, UTC),
            size=info.st_size,
            bucket=bucket,
            etag=etag,
            content_type=mimetypes.guess_type(key)[0] or "application/octet-stream",
        )

    # Buckets
    def list_buckets(self) -> Iterator[Bucket]:
        if not self.root.is_dir():
            return
        for entry in sorted(os.scandir(self.root), key=lambda e: e.name):
            if entry.is_dir() and _is_bucket_name(entry.name):
                created = datetime.fromtimestamp(entry.stat().st_ctime, UTC)
                yield Bucket(entry.name, created)

    def bucket_exists(self, name: str) -> bool:
        return (self.root / name).is_dir()

    def create_bucket(self, name: str) -> None:
        with _os_errors(bucket=name):
            self.root.mkdir(parents=True, exist_ok=True)
            try:
                (self.root / name).mkdir()
            except FileExistsError:
                raise BucketAlreadyExistsError("bucket already exists", bucket=name) from None

    def delete_bucket(self, name: str) -> None:
        path = self._bucket_path(name)
        with _os_errors(bucket=name):
            try:
                path.rmdir()
            except OSError as exc:
                if any(path.iterdir()):
                    raise BucketNotEmptyError("bucket is not empty", bucket=name) from exc
                raise

    def get_bucket_versioning(self, bucket: str) -> bool:
        self._bucket_path(bucket)
        return False

    def set_bucket_versioning(self, bucket: str, enabled: bool) -> None:
        raise NotSupportedError("the local backend has no object versions", bucket=bucket)

    # Listing
    def list_dir(self, bucket: str, prefix: str) -> Iterator[DirEntry]:
        directory, name_prefix = self._split_prefix(bucket, prefix)
        folder_key = prefix[: len(prefix) - len(name_prefix)]
        for entry in _sorted_entries(directory, name_prefix):
            key = folder_key + entry.name
            if entry.is_dir():
                yield Folder(key + "/", bucket)
            else:
                yield self._metadata(bucket, key, Path(entry.path))

    def list_objects(self, bucket: str, prefix: str) -> Iterator[ObjectMetadata]:
        directory, name_prefix = self._split_prefix(bucket, prefix)
        yield from self._walk(bucket, directory, prefix[: len(prefix) - len(name_prefix)], name_prefix)

    def _walk(self, bucket: str, directory: Path | None, key_prefix: str, name_prefix: str) -> Iterator[ObjectMetadata]:
        for entry in _sorted_entries(directory, name_prefix):
            if entry.is_dir():
                yield from self._walk(bucket, Path(entry.path), f"{key_prefix}{entry.name}/", "")
            else:
                yield self._metadata(bucket, key_prefix + entry.name, Path(entry.path))

    def _split_prefix(self, bucket: str, prefix: str) -> tuple[Path | None, str]:
        """The folder a prefix lists, and the part of the prefix that filters names inside it."""
        bucket_path = self._bucket_path(bucket)
        folder, _, name_prefix = prefix.rpartition("/")
        if not folder:
            return bucket_path, name_prefix
        if "" in folder.split("/"):
            return None, name_prefix  # 'a//' holds no key here: such keys are refused
        try:
            directory = safe_destination(bucket_path, folder)
        except UnsafePathError:
            return None, name_prefix
        return (directory if directory.is_dir() else None), name_prefix

    def list_object_versions(self, bucket: str, prefix: str) -> Iterator[ObjectMetadata]:
        raise NotSupportedError("the local backend has no object versions", bucket=bucket)

    # Objects
    def stat_object(self, bucket: str, key: str, version: str | None = None) -> ObjectMetadata:
        path = self._existing_file(bucket, key, version)
        with _os_errors(bucket=bucket, key=key):
            return self._metadata(bucket, key, path, with_etag=True)

    def get_object(self, bucket: str, key: str, version: str | None = None) -> Object:
        path = self._existing_file(bucket, key, version)
        with _os_errors(bucket=bucket, key=key):
            meta = self._metadata(bucket, key, path)
            return Object(
                key=key,
                bucket=bucket,
                body=path.open("rb"),
                size=meta.size,
                updated_time=meta.updated_time,
                content_type=meta.content_type,
            )

    def read_range(self, bucket: str, key: str, start: int, length: int, version: str | None = None) -> bytes:
        path = self._existing_file(bucket, key, version)
        with _os_errors(bucket=bucket, key=key), path.open("rb") as handle:
            handle.seek(start)
            return handle.read(length)

    def put_bytes(self, bucket: str, key: str, data: bytes, content_type: str | None = None) -> UploadResult:
        target = self._object_path(bucket, key)
        with _os_errors(bucket=bucket, key=key), self._atomic_write(bucket, key, target) as handle:
            handle.write(data)
        return UploadResult(bucket, key, hashlib.md5(data).hexdigest(), None, len(data))

    def upload_file(
        self,
        bucket: str,
        key: str,
        file_path: Path,
        monitor: TransferMonitor,
        content_type: str | None = None,
    ) -> UploadResult:
        target = self._object_path(bucket, key)
        digest = hashlib.md5()
        with (
            _os_errors(bucket=bucket, key=key),
            file_path.open("rb") as source,
            self._atomic_write(bucket, key, target) as handle,
        ):
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                handle.write(chunk)
                monitor.advance(len(chunk))
        return UploadResult(bucket, key, digest.hexdigest(), None, monitor.done)

    def download_file(
        self, bucket: str, key: str, file_path: Path, monitor: TransferMonitor, version: str | None = None
    ) -> ObjectMetadata:
        source = self._existing_file(bucket, key, version)
        with _os_errors(bucket=bucket, key=key):
            meta = self._metadata(bucket, key, source)
            monitor.set_total(meta.size)
            with source.open("rb") as reader, file_path.open("wb") as writer:
                while chunk := reader.read(CHUNK):
                    writer.write(chunk)
                    monitor.advance(len(chunk))
        return meta

    def copy_object(
        self,
        src_bucket: str,
        src_key: str,
        dst_bucket: str,
        dst_key: str,
        src_version: str | None = None,
    ) -> CopyResult:
        source = self._existing_file(src_bucket, src_key, src_version)
        target = self._object_path(dst_bucket, dst_key)
        with _os_errors(bucket=dst_bucket, key=dst_key):
            if source != target:
                with self._atomic_write(dst_bucket, dst_key, target) as handle, source.open("rb") as reader:
                    shutil.copyfileobj(reader, handle, CHUNK)
            etag = self._metadata(dst_bucket, dst_key, target, with_etag=True).etag
        return CopyResult(dst_bucket, dst_key, etag, None, src_bucket, src_key)

    def delete_object(self, bucket: str, key: str, version: str | None = None) -> DeleteResult:
        """Like S3, deleting a key that does not exist succeeds."""
        if version is not None:
            raise NotSupportedError("the local backend has no object versions", bucket=bucket, key=key)
        path = self._object_path(bucket, key)
        with _os_errors(bucket=bucket, key=key):
            if path.is_file():
                path.unlink(missing_ok=True)
                self._prune_empty_folders(bucket, path.parent)
        return DeleteResult(bucket, key)

    def delete_objects(self, bucket: str, keys: Iterable[str]) -> BulkDeleteResult:
        self._bucket_path(bucket)
        deleted: list[str] = []
        failed: list[DeleteFailure] = []
        for key in keys:
            try:
                self.delete_object(bucket, key)
            except (ObjectStoreError, ValueError) as exc:
                failed.append(DeleteFailure(key, type(exc).__name__, str(exc)))
            else:
                deleted.append(key)
        return BulkDeleteResult(bucket, tuple(deleted), tuple(failed))

    def presigned_url(self, bucket: str, key: str, method: Literal["GET", "PUT"], expires: timedelta) -> str:
        raise NotSupportedError("the local backend cannot make presigned URLs", bucket=bucket, key=key)

    # Helpers
    @contextlib.contextmanager
    def _atomic_write(self, bucket: str, key: str, target: Path) -> Iterator[IO[bytes]]:
        """Write to a temp file in the hidden temp folder, then rename it onto ``target``."""
        temp_folder = self.root / TEMP_FOLDER
        temp_folder.mkdir(exist_ok=True)
        temp = temp_folder / f"{TEMP_PREFIX}{uuid.uuid4().hex}"
        try:
            with temp.open("wb") as handle:
                yield handle
            self._place(bucket, key, temp, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
            raise

    def _place(self, bucket: str, key: str, temp: Path, target: Path) -> None:
        """Make the folders and rename into them; a concurrent delete may prune a folder in between, so retry."""
        for _ in range(PLACE_ATTEMPTS):
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                if any(_is_file(parent) for parent in target.parents):
                    raise ConflictError(
                        "a parent of this key is an object, so the local backend cannot store it",
                        bucket=bucket,
                        key=key,
                    ) from None
                continue  # the folder was there, then pruned before mkdir could see it
            except FileNotFoundError:
                continue
            if target.is_dir():
                raise ConflictError("a folder of that name exists on the local backend", bucket=bucket, key=key)
            try:
                os.replace(temp, target)
            except FileNotFoundError:
                if not temp.exists():
                    raise
                continue
            return
        raise ConflictError("the folder kept disappearing under concurrent deletes", bucket=bucket, key=key)

    def _prune_empty_folders(self, bucket: str, folder: Path) -> None:
        """S3 has no empty folders: once the last object under a prefix goes, the prefix goes too."""
        bucket_path = self.root / bucket
        while folder != bucket_path and folder.is_relative_to(bucket_path):
            try:
                folder.rmdir()
            except OSError:
                return
            folder = folder.parent

    # Details and conditional writes; no tags or metadata here (the client's defaults say so)
    conditional_writes: ClassVar[WriteGuarantee] = WriteGuarantee.HEAD_CHECK

    def object_details(self, bucket: str, key: str, version: str | None = None) -> ObjectDetails:
        meta = self.stat_object(bucket, key, version)
        headers = ContentHeaders(content_type=meta.content_type)
        return ObjectDetails(key, bucket, meta.size, meta.updated_time, meta.etag, headers)

    def put_if_match(
        self, details: ObjectDetails, data: bytes, headers: ContentHeaders, metadata: Mapping[str, str]
    ) -> UploadResult:
        """The file's MD5 compared just before the rename: a file system has no conditional write."""
        current = self.stat_object(details.bucket, details.key).etag
        if current != details.etag:
            raise ObjectChangedError(
                "the object changed since it was read",
                bucket=details.bucket,
                key=details.key,
                code="PreconditionFailed",
            )
        return self.put_bytes(details.bucket, details.key, data, headers.content_type)

    # Streaming writes (copies between stores). Parts wait in the hidden temp folder, one folder per upload,
    # and are joined into place on completion; content type is guessed from the name and metadata is not kept.
    supports_tags: ClassVar[bool] = False

    def put_object_bytes(
        self,
        bucket: str,
        key: str,
        data: bytes,
        *,
        content_type: str | None,
        metadata: Mapping[str, str],
        tags: Mapping[str, str],
    ) -> UploadResult:
        return self.put_bytes(bucket, key, data, content_type)

    def start_multipart_upload(
        self,
        bucket: str,
        key: str,
        *,
        content_type: str | None,
        metadata: Mapping[str, str],
        tags: Mapping[str, str],
    ) -> str:
        self._object_path(bucket, key)  # refuses a missing bucket or a key it cannot store, before any part
        upload_id = uuid.uuid4().hex
        with _os_errors(bucket=bucket, key=key):
            self._upload_folder(upload_id).mkdir(parents=True)
        return upload_id

    def upload_part(self, bucket: str, key: str, upload_id: str, part_number: int, data: bytes) -> str:
        with _os_errors(bucket=bucket, key=key):
            (self._upload_folder(upload_id) / str(part_number)).write_bytes(data)
        return hashlib.md5(data).hexdigest()

    def complete_multipart_upload(
        self, bucket: str, key: str, upload_id: str, part_etags: Sequence[str], size: int
    ) -> UploadResult:
        """Joins the parts into place; the ETag is S3's for a multipart object, from the parts as written."""
        folder = self._upload_folder(upload_id)
        target = self._object_path(bucket, key)
        part_md5s = []
        with _os_errors(bucket=bucket, key=key), self._atomic_write(bucket, key, target) as handle:
            for number in range(1, len(part_etags) + 1):
                digest = hashlib.md5()
                with (folder / str(number)).open("rb") as part:
                    while chunk := part.read(CHUNK):
                        digest.update(chunk)
                        handle.write(chunk)
                part_md5s.append(digest.digest())
        shutil.rmtree(folder, ignore_errors=True)
        return UploadResult(bucket, key, composite_etag(part_md5s), None, size)

    def abort_multipart_upload(self, bucket: str, key: str, upload_id: str) -> None:
        shutil.rmtree(self._upload_folder(upload_id), ignore_errors=True)

    def _upload_folder(self, upload_id: str) -> Path:
        if not upload_id.isalnum():
            raise ObjectStoreValueError(f"not an upload id of the local backend: {upload_id!r}")
        return self.root / TEMP_FOLDER / f"{TEMP_PREFIX}upload-{upload_id}"


def _is_bucket_name(name: str) -> bool:
    try:
        validate_bucket_name(name)
    except ValueError:
        return False
    return True


def _sorted_entries(directory: Path | None, name_prefix: str) -> list[os.DirEntry[str]]:
    """A folder's entries in S3 key order: a folder sorts as its name followed by '/'."""
    if directory is None:
        return []
    try:
        with os.scandir(directory) as scan:
            entries = [e for e in scan if e.name.startswith(name_prefix)]
    except (FileNotFoundError, NotADirectoryError):
        return []  # pruned by a concurrent delete since its parent was listed: nothing is under it now
    entries.sort(key=lambda e: (e.name + "/" if e.is_dir() else e.name).encode("utf-8", "surrogateescape"))
    return entries


def _check_representable(key: str) -> None:
    """Refuse keys whose file would be another key's ('a//b' is 'a/b' on disk) or that no file can be named."""
    segments = key.split("/")
    if "" in segments:
        raise InvalidKeyError(key, "the local backend cannot store empty segments ('//', or a leading or trailing '/')")
    if any(segment in (".", "..") for segment in segments) or "\\" in key or "\x00" in key:
        raise InvalidKeyError(key, "the local backend cannot store '.', '..', '\\' or NUL in a key")
    if any(len(segment.encode("utf-8", "surrogateescape")) > NAME_MAX for segment in segments):
        raise InvalidKeyError(key, f"the local backend cannot store a key segment over {NAME_MAX} bytes")


def _md5_file(path: Path) -> str:
    digest = hashlib.md5()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@contextlib.contextmanager
def _os_errors(*, bucket: str, key: str | None = None) -> Iterator[None]:
    """File-system errors as the project's errors, with the path's bucket and key named."""
    try:
        yield
    except ObjectStoreError:
        raise
    except PermissionError as exc:
        raise AccessDeniedError(f"permission denied: {exc.strerror}", bucket=bucket, key=key) from exc
    except FileNotFoundError as exc:
        raise ObjectNotFoundError(f"not found: {exc.strerror}", bucket=bucket, key=key) from exc
    except OSError as exc:
        raise ObjectStoreError(f"local file system error: {exc.strerror or exc}", bucket=bucket, key=key) from exc


def _is_file(path: Path) -> bool:
    """Whether ``path`` is there and not a folder, read with one stat: a folder pruned between two checks (exists,
    then is_dir) would look like a file."""
    try:
        return not stat.S_ISDIR(path.stat().st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return False
