"""Where "go to" (g) and ``--bucket`` take the browser: ``s3://bucket/prefix/key``, ``bucket/prefix/``, the
endpoint's ``https://host/bucket/key`` URL (path or virtual-host style, a presigned link's query ignored), or a
path in the current bucket. Parsed here, before any request; the browser opens ``location`` and highlights ``name``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from objstore_tui.object_store import InvalidBucketNameError, ObjectStoreValueError
from objstore_tui.object_store.validation import validate_bucket_name
from objstore_tui.services.location import Location

AWS_SUFFIX = ".amazonaws.com"


class GoToError(ObjectStoreValueError):
    """The text names no place the browser can open; the message says what was expected."""


@dataclass(frozen=True, slots=True)
class Destination:
    """Open ``location``; highlight the entry called ``name`` there (an object, or a folder), if any."""

    location: Location
    name: str = ""

    @property
    def key(self) -> str:
        return self.location.prefix + self.name


def parse_destination(
    text: str, *, current_bucket: str | None, buckets: Collection[str] = (), endpoint: str = ""
) -> Destination:
    """A path ending in '/' is a folder to open; otherwise its last segment is highlighted in the folder above.

    Without a scheme, a first segment naming a known bucket is that bucket, anything else (and a leading '/') is
    a path in ``current_bucket``. A URL must be on ``endpoint``'s host (or on AWS S3 when there is no endpoint).
    """
    text = text.strip()
    if not text:
        raise GoToError("type where to go: s3://bucket/key, bucket/prefix/, a URL, or a path in this bucket")
    if text.lower().startswith("s3://"):
        bucket, _, path = text[5:].partition("/")
        return _destination(bucket, path)
    if text.lower().startswith(("http://", "https://")):
        return _from_url(text, endpoint)
    if text.startswith("/"):
        return _in_current(current_bucket, text.lstrip("/"))
    first, _, rest = text.partition("/")
    if first in buckets:
        return _destination(first, rest)
    return _in_current(current_bucket, text)


def _in_current(bucket: str | None, path: str) -> Destination:
    if bucket is None:
        raise GoToError("no bucket is open: give one, as s3://bucket/key or bucket/key")
    return _destination(bucket, path)


def _destination(bucket: str, path: str) -> Destination:
    try:
        validate_bucket_name(bucket)
    except InvalidBucketNameError as exc:
        raise GoToError(str(exc)) from None
    folder, slash, name = path.rpartition("/")
    return Destination(Location(bucket, folder + slash), name)


def _from_url(text: str, endpoint: str) -> Destination:
    url = urlsplit(text)
    host = (url.hostname or "").lower()
    path = unquote(url.path).removeprefix("/")
    server = _endpoint_host(endpoint)
    if (server and host == server) or (not server and _is_aws_path_style(host)):
        bucket, _, key = path.partition("/")
        return _destination(bucket, key)
    if server and host.endswith("." + server):
        return _destination(host.removesuffix("." + server), path)
    if not server and host.endswith(AWS_SUFFIX) and ".s3" in host:
        return _destination(host.partition(".s3")[0], path)
    where = f"the endpoint {server}" if server else "AWS S3"
    raise GoToError(f"the URL's host {host or '(none)'} is not {where}: this store cannot open it")


def _endpoint_host(endpoint: str) -> str:
    """'minio.lab:9000', 'https://minio.lab:9000/' -> 'minio.lab'; '' for AWS (boto3 with no endpoint)."""
    if not endpoint:
        return ""
    return (urlsplit(endpoint if "://" in endpoint else f"//{endpoint}").hostname or "").lower()


def _is_aws_path_style(host: str) -> bool:
    """'s3.amazonaws.com', 's3.eu-west-1.amazonaws.com', 's3-eu-west-1.amazonaws.com'."""
    return host.endswith(AWS_SUFFIX) and host.startswith(("s3.", "s3-"))
