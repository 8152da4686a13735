"""Configuration, its sources, validation helpers and the UI-free rule of the core library."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from types import MappingProxyType

import pytest

from objstore_tui.object_store import (
    AccessDeniedError,
    ConfigurationError,
    Framework,
    InvalidBucketNameError,
    InvalidExpiryError,
    InvalidKeyError,
    ObjectMetadata,
    ObjectNotFoundError,
    ObjectStore,
    ObjectStoreConfiguration,
    ObjectStoreValueError,
    VerificationError,
    get_config,
)
from objstore_tui.object_store.errors import UnsafePathError, redact
from objstore_tui.object_store.text import has_control_characters
from objstore_tui.object_store.utils import default_local_folder
from objstore_tui.object_store.verification import verify_copy
from tests.http_proxy import FakeS3, s3_error


def test_core_library_imports_without_textual() -> None:
    code = (
        "import sys, objstore_tui.object_store as core\n"
        "core.ObjectStore({'framework': 'local', 'connection': {'endpoint': '.'}})\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'textual_image'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_dict_config_in_the_documented_shape() -> None:
    store = ObjectStore(
        {
            "framework": "minio",
            "root_bucket": "my-bucket",
            "connection": {"endpoint": "localhost:9000", "access_key": "k", "secret_key": "s", "secure": False},
        }
    )
    assert store.config.framework is Framework.MINIO
    assert store.config.root_bucket == "my-bucket"
    assert store.config.connection.endpoint_url == "http://localhost:9000"
    assert store.config.connection.secret_key.get_secret_value() == "s"


def test_endpoint_scheme_sets_secure() -> None:
    config = ObjectStoreConfiguration.parse(
        {"framework": "boto3", "connection": {"endpoint": "https://s3.example.com/", "secure": False}}
    )
    assert (config.connection.endpoint, config.connection.secure) == ("s3.example.com", True)


@pytest.mark.parametrize(
    ("config", "field"),
    [
        ({"framework": "ftp", "connection": {"endpoint": "x"}}, "framework"),
        ({"framework": "minio", "connection": {"endpoint": "x", "secure": "maybe"}}, "connection.secure"),
        ({"framework": "minio", "connection": {}}, "connection.endpoint"),
        ({"framework": "local", "connection": {"endpoint": "x", "colour": 1}}, "connection.colour"),
        ({"framework": "local", "root_bucket": "Bad_Name", "connection": {"endpoint": "x"}}, "Bad_Name"),
    ],
)
def test_invalid_config_names_the_field(config: dict, field: str) -> None:
    with pytest.raises(ValueError, match=field.replace(".", r"\.")):
        ObjectStore(config)


def test_env_wins_over_file(tmp_path: Path) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text('[profiles.work]\ndefault = true\nframework = "local"\nconnection = { endpoint = "/w" }\n')
    env = {
        "OBJSTORE_CONFIG": str(config_file),
        "OBJSTORE_FRAMEWORK": "minio",
        "OBJSTORE_ENDPOINT": "minio.internal:9000",
        "OBJSTORE_ACCESS_KEY": "ak",
        "OBJSTORE_SECRET_KEY": "sk",
        "OBJSTORE_SECURE": "false",
        "OBJSTORE_ROOT_BUCKET": "logs",
        "OBJSTORE_REGION": "eu-west-1",
        "OBJSTORE_SESSION_TOKEN": "tok",
    }
    config = get_config(env)
    assert config.framework is Framework.MINIO
    assert (config.connection.endpoint, config.connection.secure, config.root_bucket) == (
        "minio.internal:9000",
        False,
        "logs",
    )
    assert config.connection.session_token.get_secret_value() == "tok"
    assert config.connection.region == "eu-west-1"


def test_file_profiles_default_and_named(tmp_path: Path) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text(
        'default = "prod"\n'
        '[profiles.dev]\nframework = "local"\nconnection = { endpoint = "/dev-data" }\n'
        '[profiles.prod]\nframework = "boto3"\nroot_bucket = "prod-data"\nread_only = true\n'
        '[profiles.prod.connection]\nregion = "eu-central-1"\n'
    )
    chosen = get_config({"OBJSTORE_CONFIG": str(config_file)})
    assert (chosen.framework, chosen.root_bucket, chosen.read_only) == (Framework.BOTO3, "prod-data", True)
    named = get_config({"OBJSTORE_CONFIG": str(config_file), "OBJSTORE_PROFILE": "dev"})
    assert named.connection.endpoint == "/dev-data"
    with pytest.raises(ConfigurationError, match="no profile 'nope'"):
        get_config({"OBJSTORE_CONFIG": str(config_file), "OBJSTORE_PROFILE": "nope"})


def test_bad_profile_names_file_profile_and_field(tmp_path: Path) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text('[profiles.broken]\nframework = "minio"\nconnection = { endpoint = 9000 }\n')
    with pytest.raises(ConfigurationError) as caught:
        get_config({"OBJSTORE_CONFIG": str(config_file)})
    assert "broken" in str(caught.value) and "connection.endpoint" in str(caught.value)
    config_file.write_text("not toml [")
    with pytest.raises(ConfigurationError, match="cannot read"):
        get_config({"OBJSTORE_CONFIG": str(config_file)})


def test_embedded_default_is_local(tmp_path: Path) -> None:
    config = get_config({"OBJSTORE_CONFIG": str(tmp_path / "absent.toml")})
    assert config.framework is Framework.LOCAL
    assert config.connection.endpoint == str(default_local_folder())


def test_redact_strips_signatures_and_known_secrets() -> None:
    text = (
        "GET https://h/b/k?X-Amz-Credential=AKIA%2F2024&X-Amz-Signature=abcdef0123&X-Amz-Security-Token=tok1 "
        "Authorization: AWS4-HMAC-SHA256 Credential=AKIA, Signature=ffff mysecretvalue"
    )
    cleaned = redact(text, "mysecretvalue")
    for secret in ("abcdef0123", "tok1", "AKIA%2F2024", "ffff", "mysecretvalue"):
        assert secret not in cleaned
    assert "X-Amz-Signature=<redacted>" in cleaned


def test_boto3_store_with_an_aws_profile_uses_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    credentials = tmp_path / "credentials"
    credentials.write_text("[ops]\naws_access_key_id = AKIAOPS\naws_secret_access_key = ops-secret\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    with FakeS3(lambda request: s3_error("AccessDenied", "seen", 403)) as server:
        connection = {"profile": "ops", "region": "eu-west-1", "endpoint": server.endpoint, "secure": False}
        with pytest.raises(AccessDeniedError):
            next(ObjectStore({"framework": "boto3", "connection": connection}).list_buckets())
    signed_with = [request.headers.get("Authorization", "") for request in server.requests]
    assert signed_with and all("Credential=AKIAOPS/" in header for header in signed_with)
    with pytest.raises(ConfigurationError, match=r"connection\.profile"):
        _ = ObjectStore({"framework": "boto3", "connection": {"profile": "missing"}}).client


@pytest.mark.parametrize(
    "expires",
    [float("inf"), float("-inf"), float("nan"), 10**15, -(10**15), 1e300, 10**400, timedelta.max, timedelta.min],
)
def test_absurd_expiries_are_invalid_expiry_errors(expires: object, tmp_path: Path) -> None:
    store = ObjectStore({"framework": "local", "root_bucket": "bucket", "connection": {"endpoint": str(tmp_path)}})
    for presign in (store.get_presigned_url, store.get_presigned_upload_url):
        with pytest.raises(InvalidExpiryError) as caught:
            presign("k.txt", expires=expires)  # type: ignore[arg-type]
        assert "expiry" in str(caught.value)


def _move_onto_itself(key: str) -> Exception:
    store = ObjectStore({"framework": "local", "root_bucket": "bucket", "connection": {"endpoint": "/nonexistent"}})
    try:
        store.move_object(key, key)
    except ObjectStoreValueError as exc:
        return exc
    raise AssertionError("a move onto itself was not refused")


CONTROL_NAME = "evil\x1b]2;pwned\x07\r\n\u202ename"


@pytest.mark.parametrize(
    "error",
    [
        lambda: ObjectNotFoundError("stat_object failed: gone\x1b[31m", bucket="b\x1bucket", key=CONTROL_NAME),
        lambda: InvalidKeyError(CONTROL_NAME, "bad"),
        lambda: InvalidBucketNameError(CONTROL_NAME, "bad"),
        lambda: UnsafePathError(CONTROL_NAME, Path("/tmp/x\x1by")),
        lambda: _move_onto_itself(CONTROL_NAME),
    ],
)
def test_error_messages_never_carry_control_characters(error: Callable[[], Exception]) -> None:
    message = str(error())
    assert not has_control_characters(message)
    assert "pwned" in message


def _stat(key: str, etag: str, checksums: dict[str, str]) -> ObjectMetadata:
    return ObjectMetadata(key, None, 10, "bucket", etag, checksums=MappingProxyType(checksums))


@pytest.mark.parametrize(
    ("source_sums", "copy_sums", "error"),
    [
        ({"CRC32": "AAAAAA=="}, {"CRC32": "AAAAAA==", "SHA256": "x"}, None),  # same full-object checksum: no read
        ({"CRC32": "AAAAAA=="}, {"CRC32": "BBBBBB=="}, "checksum differs"),
        ({"CRC32": "AAAAAA==-2"}, {"CRC32": "BBBBBB==-3"}, "verify_max_bytes"),  # composite: parts differ
        ({"SHA1": "AAAAAA=="}, {"CRC32": "AAAAAA=="}, "verify_max_bytes"),  # no common algorithm
        ({}, {}, "verify_max_bytes"),
    ],
)
def test_a_copy_with_multipart_etags_is_verified_by_server_checksums_or_not_at_all(
    source_sums: dict[str, str], copy_sums: dict[str, str], error: str | None
) -> None:
    """With max_bytes 0 nothing may be read: only a checksum both sides computed can let a move go on."""
    source, copy = _stat("src", "a" * 32 + "-2", source_sums), _stat("dst", "b" * 32 + "-3", copy_sums)
    if error is None:
        verify_copy(None, source, copy, max_bytes=0)  # type: ignore[arg-type]  # a client is only used to read
        return
    with pytest.raises(VerificationError, match=error):
        verify_copy(None, source, copy, max_bytes=0)  # type: ignore[arg-type]


def test_plain_md5_etags_decide_a_copy_without_reading() -> None:
    verify_copy(None, _stat("src", "a" * 32, {}), _stat("dst", "A" * 32, {}), max_bytes=0)  # type: ignore[arg-type]
    with pytest.raises(VerificationError, match="MD5"):
        verify_copy(None, _stat("src", "a" * 32, {}), _stat("dst", "b" * 32, {}), max_bytes=10**9)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("framework", "endpoint"),
    [("minio", "localhost:9000/path"), ("minio", "host:notaport"), ("boto3", "bad host:99"), ("boto3", "http://[::1")],
)
def test_an_endpoint_the_sdk_refuses_is_a_configuration_error(framework: str, endpoint: str) -> None:
    store = ObjectStore(
        {"framework": framework, "connection": {"endpoint": endpoint, "access_key": "a", "secret_key": "b"}}
    )
    with pytest.raises(ConfigurationError, match=r"connection\.endpoint") as caught:
        _ = store.client
    assert caught.value.__cause__ is not None
