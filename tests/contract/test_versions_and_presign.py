"""Versions and presigned URLs: real on S3 servers, a clear NotSupportedError on the local backend."""

from __future__ import annotations

import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest

from objstore_tui.object_store import InvalidExpiryError, NotSupportedError, ObjectNotFoundError

from .conftest import Backend


def test_versions(backend: Backend) -> None:
    if not backend.is_s3:
        assert backend.store.get_bucket_versioning() is False
        with pytest.raises(NotSupportedError):
            backend.store.set_bucket_versioning(True)
        with pytest.raises(NotSupportedError):
            list(backend.store.list_object_versions())
        return
    assert backend.store.get_bucket_versioning() is False
    backend.store.set_bucket_versioning(True)
    assert backend.store.get_bucket_versioning() is True
    first = backend.store.put_bytes("v.txt", b"one")
    second = backend.store.put_bytes("v.txt", b"two")
    assert first.version_id and second.version_id and first.version_id != second.version_id

    versions = list(backend.store.list_object_versions("v.txt"))
    assert {v.version_id for v in versions} == {first.version_id, second.version_id}
    assert [v.is_latest for v in versions if v.version_id == second.version_id] == [True]
    with backend.store.get_object("v.txt", version=first.version_id) as old:
        assert old.read() == b"one"
    assert backend.store.stat_object("v.txt", version=first.version_id).size == 3

    marker = backend.store.delete_file("v.txt")
    assert marker.delete_marker
    assert backend.inspector.read(backend.bucket, "v.txt") is None
    after = list(backend.store.list_object_versions("v.txt"))
    assert sum(v.is_delete_marker for v in after) == 1 and len(after) == 3

    backend.store.delete_object("v.txt", version=first.version_id)
    remaining = {v.version_id for v in backend.store.list_object_versions("v.txt")}
    assert first.version_id not in remaining and second.version_id in remaining

    backend.store.set_bucket_versioning(False)
    assert backend.store.get_bucket_versioning() is False


def test_a_delete_marker_version_is_not_found_on_every_backend(backend: Backend) -> None:
    """AWS and moto answer a HEAD of a delete marker's version with 405, Ceph with 404: both mean 'not there'."""
    if not backend.is_s3:
        pytest.skip("the local backend has no versions")
    backend.store.set_bucket_versioning(True)
    backend.store.put_bytes("gone.txt", b"data")
    marker = backend.store.delete_file("gone.txt")
    assert marker.delete_marker and marker.version_id
    for call in (
        lambda: backend.store.stat_object("gone.txt", version=marker.version_id),
        lambda: backend.store.stat_object("gone.txt"),
    ):
        with pytest.raises(ObjectNotFoundError) as caught:
            call()
        assert caught.value.bucket == backend.bucket and caught.value.key == "gone.txt"
        assert caught.value.__cause__ is not None
    assert not backend.store.object_exists("gone.txt")


def test_presigned_get_and_put_work_with_urllib_alone(backend: Backend) -> None:
    if not backend.is_s3:
        with pytest.raises(NotSupportedError):
            backend.store.get_presigned_url("x.txt")
        return
    backend.inspector.put(backend.bucket, "share/report.txt", b"shared bytes")
    url = backend.store.get_presigned_url("share/report.txt", expires=900)
    query = parse_qs(urlparse(url).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == ["900"]
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.read() == b"shared bytes"

    upload_url = backend.store.get_presigned_upload_url("share/incoming.txt", expires=60)
    # An explicit type: urllib's default form encoding makes moto's web layer swallow the body.
    headers = {"Content-Type": "application/octet-stream"}
    request = urllib.request.Request(upload_url, data=b"uploaded by url", method="PUT", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
    assert backend.inspector.read(backend.bucket, "share/incoming.txt") == b"uploaded by url"


@pytest.mark.parametrize("expires", [0, 0.5, -1, 7 * 24 * 3600 + 1, "3600", True])
def test_presign_expiry_is_checked_before_any_request(backend: Backend, expires: object) -> None:
    with pytest.raises(InvalidExpiryError):
        backend.store.get_presigned_url("x.txt", expires=expires)  # type: ignore[arg-type]
    with pytest.raises(InvalidExpiryError):
        backend.store.get_presigned_upload_url("x.txt", expires=expires)  # type: ignore[arg-type]
