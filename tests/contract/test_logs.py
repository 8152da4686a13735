"""No secret key, session token or signature reaches any log record, from any SDK, at DEBUG on the root logger."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator

import pytest

from objstore_tui.object_store import AccessDeniedError, ObjectStore
from tests.http_proxy import FakeS3, Reply, Request, s3_error
from tests.s3_server import MotoServer

from .conftest import raw_boto3, s3_config

ACCESS = "AKIALOGTEST0000000001"
SECRET = "LogTestSecretKey/0123456789abcdefghijklm"
TOKEN = "LogTestSessionToken+ZXhhbXBsZS10b2tlbi12YWx1ZQ=="
_SIGNATURE = re.compile(r"Signature=([0-9a-f]{64})")


class _Recorder(logging.Handler):
    """Keeps every record as a handler would write it: message, exception and stack included."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(self.format(record))


@pytest.fixture
def recorder() -> Iterator[_Recorder]:
    root = logging.getLogger()
    handler, level = _Recorder(), root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(level)


def _store(framework: str, endpoint: str, bucket: str) -> ObjectStore:
    config = s3_config(framework, endpoint, ACCESS, SECRET, False, session_token=TOKEN, max_retries=0)
    return ObjectStore({**config, "root_bucket": bucket})


def _signatures(requests: list[Request]) -> set[str]:
    found = set()
    for request in requests:
        found.update(_SIGNATURE.findall(request.headers.get("Authorization", "")))
    return found


def _signature_mismatch(request: Request) -> Reply:
    """What AWS answers a bad signature with: it echoes what it got and what it signed itself."""
    provided = _SIGNATURE.findall(request.headers.get("Authorization", "")) or ["none"]
    canonical = f"GET\n{request.path}\n\nhost:{request.headers.get('Host')}\nx-amz-security-token:{TOKEN}\n"
    return s3_error(
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided.",
        403,
        AWSAccessKeyId=ACCESS,
        StringToSign=f"AWS4-HMAC-SHA256\n20260101T000000Z\n{'ab' * 32}",
        SignatureProvided=provided[0],
        StringToSignBytes=" ".join(f"{b:02x}" for b in b"AWS4-HMAC-SHA256"),
        CanonicalRequest=canonical,
        CanonicalRequestBytes=" ".join(f"{b:02x}" for b in canonical.encode()),
    )


@pytest.mark.parametrize("framework", ["minio", "boto3"])
def test_no_secret_token_or_signature_reaches_any_log_record(
    framework: str, s3_server: MotoServer, recorder: _Recorder
) -> None:
    bucket = f"logs-{uuid.uuid4().hex[:8]}"
    raw_boto3(s3_server.url, ACCESS, SECRET).create_bucket(Bucket=bucket)
    with (
        FakeS3(lambda request: None, upstream=s3_server.endpoint) as proxy,
        _store(framework, proxy.endpoint, bucket) as store,
    ):
        store.put_bytes("dir/file.txt", b"hello")
        assert [entry.name for entry in store.list_dir("dir/")] == ["file.txt"]
        with store.get_object("dir/file.txt") as obj:
            assert obj.read() == b"hello"
        presigned = [store.get_presigned_url("dir/file.txt"), store.get_presigned_upload_url("dir/up.txt")]
        store.delete_objects(["dir/file.txt"])
    with (
        FakeS3(_signature_mismatch) as wrong_key,
        _store(framework, wrong_key.endpoint, bucket) as store,
        pytest.raises(AccessDeniedError) as caught,
    ):
        list(store.list_dir("dir/"))
    signatures = _signatures(proxy.requests) | _signatures(wrong_key.requests)
    signatures |= {re.search(r"X-Amz-Signature=([0-9a-f]{64})", url).group(1) for url in presigned}
    assert len(signatures) >= 5 and recorder.texts
    if framework == "boto3":  # botocore logs the error body: the check below is about something that was there
        assert any("SignatureDoesNotMatch" in text and "CanonicalRequest" in text for text in recorder.texts)
    token_bytes = " ".join(f"{b:02x}" for b in TOKEN.encode())
    forbidden = [SECRET, TOKEN, token_bytes, *signatures]
    leaks = [(value, text) for text in recorder.texts for value in forbidden if value in text]
    assert leaks == []
    assert not any(value in str(caught.value) for value in forbidden)
