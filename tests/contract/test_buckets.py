"""Bucket lifecycle, the same on every backend."""

from __future__ import annotations

import pytest

from objstore_tui.object_store import (
    BucketAlreadyExistsError,
    BucketNotEmptyError,
    BucketNotFoundError,
)

from .conftest import Backend


def test_create_list_and_delete_bucket(backend: Backend) -> None:
    name = backend.new_bucket()
    assert backend.store.bucket_exists(name)
    listed = {bucket.name: bucket for bucket in backend.store.list_buckets()}
    assert {name, backend.bucket} <= listed.keys()
    assert listed[name].created_time is not None
    assert listed[name].created_time.tzinfo is not None

    backend.store.delete_bucket(name)
    assert not backend.store.bucket_exists(name)
    assert name not in {bucket.name for bucket in backend.store.list_buckets()}


def test_create_existing_bucket_is_a_conflict(backend: Backend) -> None:
    with pytest.raises(BucketAlreadyExistsError) as caught:
        backend.store.create_bucket(backend.bucket)
    assert backend.bucket in str(caught.value)


def test_delete_non_empty_bucket_is_refused_and_keeps_objects(backend: Backend) -> None:
    backend.inspector.put(backend.bucket, "keep/me.txt", b"still here")
    with pytest.raises(BucketNotEmptyError) as caught:
        backend.store.delete_bucket(backend.bucket)
    assert backend.bucket in str(caught.value)
    assert backend.inspector.read(backend.bucket, "keep/me.txt") == b"still here"


def test_delete_missing_bucket(backend: Backend) -> None:
    with pytest.raises(BucketNotFoundError) as caught:
        backend.store.delete_bucket("no-such-bucket-here")
    assert "no-such-bucket-here" in str(caught.value)


def test_missing_bucket_is_named_in_listing_errors(backend: Backend) -> None:
    with pytest.raises(BucketNotFoundError) as caught:
        list(backend.store.list_dir("", bucket="no-such-bucket-here"))
    assert "no-such-bucket-here" in str(caught.value)
    if backend.is_s3:
        assert caught.value.__cause__ is not None
