"""Bad input fails before any request; a dead server fails fast and clearly; secrets never leak."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from objstore_tui.object_store import (
    InvalidBucketNameError,
    InvalidKeyError,
    NoBucketError,
    ObjectStore,
    ObjectStoreError,
    ObjectStoreValueError,
    StoreConnectionError,
)
from tests.s3_server import free_port

SECRET = "Sup3rSecretKeyValue/xyz"
TOKEN = "SessionTokenValue-0123456789"


def _dead_store(framework: str, tmp_path: Path, **extra: object) -> ObjectStore:
    """A store whose endpoint has nothing listening: any request that slips through fails loudly."""
    if framework == "local":
        return ObjectStore({"framework": "local", "connection": {"endpoint": str(tmp_path / "none")}, **extra})
    connection = {
        "endpoint": f"127.0.0.1:{free_port()}",
        "access_key": "AKIAEXAMPLE",
        "secret_key": SECRET,
        "session_token": TOKEN,
        "secure": False,
        "region": "us-east-1",
        "connect_timeout": 1,
        "read_timeout": 2,
        "max_retries": 0,
    }
    return ObjectStore({"framework": framework, "connection": connection, **extra})


FRAMEWORKS = ["minio", "boto3", "local"]
BAD_BUCKETS = ["", "ab", "a" * 64, "UpperCase", "under_score", "-start", "end-", "two..dots", "192.168.1.1", "xn--x"]


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("name", BAD_BUCKETS)
def test_bad_bucket_names_fail_before_any_request(framework: str, name: str, tmp_path: Path) -> None:
    store = _dead_store(framework, tmp_path)
    for call in (
        lambda: store.create_bucket(name),
        lambda: store.bucket_exists(name),
        lambda: list(store.list_dir("", bucket=name)),
        lambda: store.get_object("k", bucket=name),
    ):
        with pytest.raises(InvalidBucketNameError) as caught:
            call()
        assert isinstance(caught.value, ValueError)
        assert repr(name) in str(caught.value)


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("key", ["", "k" * 1025, "é" * 513, "\ud800"])
def test_bad_keys_fail_before_any_request(framework: str, key: str, tmp_path: Path) -> None:
    store = _dead_store(framework, tmp_path, root_bucket="fine-bucket")
    for call in (
        lambda: store.get_object(key),
        lambda: store.put_bytes(key, b""),
        lambda: store.delete_object(key),
        lambda: store.copy_object("ok", key),
        lambda: store.get_presigned_url(key),
        lambda: store.delete_objects(["ok", key]),
    ):
        with pytest.raises(InvalidKeyError):
            call()


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_no_bucket_and_no_root_bucket(framework: str, tmp_path: Path) -> None:
    store = _dead_store(framework, tmp_path)
    with pytest.raises(NoBucketError) as caught:
        store.get_object("key")
    assert isinstance(caught.value, ValueError)
    assert "root_bucket" in str(caught.value)


def test_a_key_of_exactly_1024_bytes_is_accepted(tmp_path: Path) -> None:
    store = ObjectStore({"framework": "local", "root_bucket": "bucket", "connection": {"endpoint": str(tmp_path)}})
    store.create_bucket("bucket")
    key = "/".join(["d" * 200] * 5) + "/" + "k" * 19
    assert len(key.encode()) == 1024
    store.put_bytes(key, b"x")
    assert store.read_range(key, 0, 10) == b"x"
    with pytest.raises(ObjectStoreValueError):
        store.put_bytes(key + "k", b"x")


@pytest.mark.parametrize("framework", ["minio", "boto3"])
def test_server_down_is_a_clear_connection_error_without_hanging(
    framework: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = _dead_store(framework, tmp_path, root_bucket="some-bucket")
    caplog.set_level(logging.DEBUG)
    started = time.monotonic()
    for call in (
        lambda: list(store.list_buckets()),
        lambda: list(store.list_dir("")),
        lambda: store.stat_object("a/key.txt"),
        lambda: store.put_bytes("a/key.txt", b"data"),
    ):
        with pytest.raises(StoreConnectionError) as caught:
            call()
        message = str(caught.value)
        assert "127.0.0.1" in message
        assert caught.value.__cause__ is not None
        assert SECRET not in message and TOKEN not in message
    assert time.monotonic() - started < 30
    assert SECRET not in caplog.text and TOKEN not in caplog.text


@pytest.mark.parametrize("framework", ["minio", "boto3"])
def test_secrets_never_appear_in_repr_or_str(framework: str, tmp_path: Path) -> None:
    store = _dead_store(framework, tmp_path, root_bucket="some-bucket")
    shown = [repr(store), str(store), repr(store.config), str(store.config), repr(store.client)]
    shown.append(store.config.model_dump_json())
    for text in shown:
        assert SECRET not in text and TOKEN not in text
    url = store.get_presigned_url("k.txt", expires=60)
    signature = url.split("X-Amz-Signature=")[1].split("&")[0]
    with pytest.raises(ObjectStoreError) as caught:
        store.get_object("k.txt")
    assert signature not in str(caught.value) and SECRET not in str(caught.value)
