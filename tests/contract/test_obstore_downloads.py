"""Downloads through obstore (``transfer.obstore_downloads``, at one download stream): the same bytes, metadata,
progress and errors as through the SDK, and everything obstore cannot do exactly (a key it cannot name, a download
asked to split into ranges, a failure) left to the SDK.

The contract config asks for 4 download streams, so these tests make their stores with one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from objstore_tui.object_store import (
    AccessDeniedError,
    ObjectMetadata,
    ObjectNotFoundError,
    ObjectStore,
    TransferCancelledError,
)
from objstore_tui.object_store.adapters import s3_obstore
from tests.http_proxy import FakeS3, Reply, Request, s3_error

from .conftest import Backend, by_obstore, store_behind, with_transfer

MiB = 1024 * 1024


@pytest.fixture
def one_stream(backend: Backend) -> Iterator[ObjectStore]:
    """The backend's store with one download stream, where obstore makes the downloads."""
    if not backend.is_s3:
        pytest.skip("the local backend reads files")
    store = with_transfer(backend.store, download_streams=1)
    yield store
    store.close()


def _gets(proxy: FakeS3) -> list[str]:
    """Who made each GET of an object, in order: 'obstore' or 'sdk' (listings left out)."""
    gets = [r for r in proxy.requests if r.method == "GET" and "list-type" not in r.query]
    return ["obstore" if by_obstore(r) else "sdk" for r in gets]


def _compared(meta: ObjectMetadata) -> tuple[object, ...]:
    return (meta, dict(meta.metadata))


def test_a_download_gives_what_the_sdk_gives(
    backend: Backend, one_stream: ObjectStore, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """On a server no proxy shows, obstore is seen to have made the download by not saying it failed."""
    caplog.set_level(logging.INFO, logger=s3_obstore.__name__)
    data = bytes(range(256)) * 4099  # a little over 1 MiB: more than one chunk
    backend.inspector.put(backend.bucket, "small/è + x.bin", data, metadata={"owner": "ops", "run-id": "7"})
    reports: list[tuple[int, int]] = []
    light = one_stream.download_file(
        "small/è + x.bin", tmp_path / "light.bin", progress=lambda done, total: reports.append((done, total))
    )
    sdk_store = with_transfer(one_stream, obstore_downloads=False)
    plain = sdk_store.download_file("small/è + x.bin", tmp_path / "plain.bin")
    sdk_store.close()
    assert (tmp_path / "light.bin").read_bytes() == data == (tmp_path / "plain.bin").read_bytes()
    assert _compared(light) == _compared(plain)
    assert dict(light.metadata) == {"owner": "ops", "run-id": "7"}
    assert reports[-1] == (len(data), len(data)) and all(done <= total for done, total in reports)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["light.bin", "plain.bin"]
    assert not [record for record in caplog.records if "obstore failed" in record.getMessage()]


def test_an_older_version_and_an_empty_object(backend: Backend, one_stream: ObjectStore, tmp_path: Path) -> None:
    backend.store.set_bucket_versioning(True)
    backend.inspector.put(backend.bucket, "v.txt", b"first")
    backend.inspector.put(backend.bucket, "v.txt", b"second, longer")
    backend.inspector.put(backend.bucket, "empty", b"")
    oldest = next(v for v in backend.store.list_object_versions("v.txt") if not v.is_latest)
    meta = one_stream.download_file("v.txt", tmp_path / "v.txt", version=oldest.version_id)
    assert (tmp_path / "v.txt").read_bytes() == b"first"
    assert (meta.version_id, meta.size) == (oldest.version_id, 5)
    assert one_stream.download_file("empty", tmp_path / "empty").size == 0
    assert (tmp_path / "empty").read_bytes() == b""


def test_errors_are_the_sdks_and_leave_nothing(backend: Backend, one_stream: ObjectStore, tmp_path: Path) -> None:
    with pytest.raises(ObjectNotFoundError) as missing:
        one_stream.download_file("no/such.txt", tmp_path / "x.txt")
    assert missing.value.key == "no/such.txt" and missing.value.bucket == backend.bucket
    backend.inspector.put(backend.bucket, "here.txt", b"here")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(TransferCancelledError):
        one_stream.download_file("here.txt", tmp_path / "here.txt", cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_keys_obstore_cannot_name_are_fetched_by_the_sdk(
    backend: Backend, one_stream: ObjectStore, tmp_path: Path
) -> None:
    backend.inspector.put(backend.bucket, "a//b", b"double slash")
    backend.inspector.put(backend.bucket, "a/b", b"WRONG OBJECT")
    one_stream.download_file("a//b", tmp_path / "ab")
    assert (tmp_path / "ab").read_bytes() == b"double slash"


def test_obstore_makes_the_downloads_of_one_stream_and_the_sdk_the_rest(
    backend: Backend, one_stream: ObjectStore, proxied: tuple[ObjectStore, FakeS3 | None], tmp_path: Path
) -> None:
    split_store, proxy = proxied
    if proxy is None:
        pytest.skip("the live server is not proxied")
    store = with_transfer(split_store, download_streams=1)
    big = bytes(10 * MiB)  # two part sizes: split in two ranges where 4 streams are asked for
    backend.inspector.put(backend.bucket, "s.txt", b"small")
    backend.inspector.put(backend.bucket, "big.bin", big)
    backend.inspector.put(backend.bucket, "tab\tkey", b"tab")
    store.download_file("s.txt", tmp_path / "1")
    store.download_file("big.bin", tmp_path / "2")
    with pytest.raises(ObjectNotFoundError):  # obstore's 404, then the SDK's GET to name what is missing
        store.download_file("gone.txt", tmp_path / "3")
    store.download_file("tab\tkey", tmp_path / "4")  # a key obstore cannot name
    store.download_file("s.txt", tmp_path / "5")  # neither of the two turned obstore off
    split_store.download_file("big.bin", tmp_path / "6")
    store.close()
    assert _gets(proxy) == ["obstore", "obstore", "obstore", "sdk", "sdk", "obstore", "sdk", "sdk"]
    assert (tmp_path / "2").read_bytes() == big == (tmp_path / "6").read_bytes()
    assert (tmp_path / "4").read_bytes() == b"tab"


@pytest.mark.parametrize("framework", ["boto3", "minio"])
def test_objects_this_client_knows_to_be_big_are_downloaded_by_the_sdk(
    s3_server, framework: str, tmp_path: Path
) -> None:
    """Sizes come from what the client saw last: a listing, a stat, an upload, its own earlier download. Objects
    of ``SDK_STREAM_MIN`` bytes or more go the SDK's way, smaller or unknown ones obstore's."""
    big, under = bytes(range(256)) * (s3_obstore.SDK_STREAM_MIN // 256), b"u" * (s3_obstore.SDK_STREAM_MIN - 1)
    (tmp_path / "big.src").write_bytes(big)
    with FakeS3(lambda _: None, upstream=s3_server.endpoint) as proxy:
        store = store_behind(proxy, framework, "obstore-downloads", download_streams=1)
        peer = with_transfer(store, obstore_downloads=False)  # writes behind the first store's back
        for key, data in (("listed/big", big), ("listed/under", under), ("unseen/big", big), ("stat/big", big)):
            peer.put_bytes(key, data)
        store.upload_file(tmp_path / "big.src", "uploaded/big")
        assert len(list(store.list_objects("listed/"))) == 2
        store.stat_object("stat/big")
        downloads = ["listed/big", "listed/under", "unseen/big", "unseen/big", "stat/big", "uploaded/big"]
        proxy.requests.clear()
        for index, key in enumerate(downloads):
            store.download_file(key, tmp_path / str(index))
        assert _gets(proxy) == ["sdk", "obstore", "obstore", "sdk", "sdk", "sdk"]
        peer.put_bytes("listed/big", b"now small")  # seen as small by the next listing
        list(store.list_objects("listed/"))
        proxy.requests.clear()
        store.download_file("listed/big", tmp_path / "small")
        assert _gets(proxy) == ["obstore"]
        peer.close()
        store.close()
    for index, key in enumerate(downloads):
        assert (tmp_path / str(index)).read_bytes() == (under if key == "listed/under" else big), key
    assert (tmp_path / "small").read_bytes() == b"now small"


LOOK_ALIKE_KEYS = [
    "odd/a b",
    "odd/a%20b",
    "odd/a+b",
    "odd/a%2Bb",
    "odd/a%b",
    "odd/a%25b",
    "odd/a%2Fb",
    "odd/%",
    "odd/a#b?c=d&e",
    "odd/[1]{2}^|`<>\"'\\*~",
    "odd/caf\u00e9",  # é as one code point, and below as e + a combining accent: two keys
    "odd/cafe\u0301",
    "odd/日本語 ✓",
    "odd/...",
    "odd/.hidden",
    "odd/a.",
]
"""Keys that a URL encoding done twice, done once too few, or normalised would turn into one another."""


def test_keys_that_encode_alike_each_give_their_own_object(
    backend: Backend, one_stream: ObjectStore, proxied: tuple[ObjectStore, FakeS3 | None], tmp_path: Path
) -> None:
    """obstore names each key exactly: every one of these downloads its own bytes, never a neighbour's (on moto,
    through a recording proxy, every GET is seen to be obstore's)."""
    for key in LOOK_ALIKE_KEYS:
        backend.inspector.put(backend.bucket, key, f"the bytes of {key!r}".encode())
    recorded_store, proxy = proxied
    store = with_transfer(recorded_store, download_streams=1) if proxy is not None else one_stream
    for index, key in enumerate(LOOK_ALIKE_KEYS):
        meta = store.download_file(key, tmp_path / str(index))
        assert (tmp_path / str(index)).read_bytes() == f"the bytes of {key!r}".encode(), key
        assert meta.key == key
    if proxy is not None:
        store.close()
        assert _gets(proxy) == ["obstore"] * len(LOOK_ALIKE_KEYS)


@pytest.mark.parametrize("framework", ["boto3", "minio"])
def test_after_a_failure_that_download_and_the_next_go_through_the_sdk(
    s3_server, framework: str, tmp_path: Path
) -> None:
    """A server error to obstore's GET: that download is made again through the SDK (its retries, its error
    mapping), and obstore is not asked again by this client."""

    def refuse_obstore(request: Request) -> Reply | None:
        return s3_error("InternalError", "only for obstore", 500) if by_obstore(request) else None

    with FakeS3(refuse_obstore, upstream=s3_server.endpoint) as proxy:
        store = store_behind(proxy, framework, "obstore-downloads", download_streams=1)
        store.put_bytes("a.txt", b"aaa")
        for name in ("1", "2", "3"):
            store.download_file("a.txt", tmp_path / name)
            assert (tmp_path / name).read_bytes() == b"aaa"
        assert _gets(proxy) == ["obstore", "sdk", "sdk", "sdk"]
        store.close()


@pytest.mark.parametrize("framework", ["boto3", "minio"])
def test_a_denied_key_is_named_by_the_sdk_and_obstore_stays_on(s3_server, framework: str, tmp_path: Path) -> None:
    def deny_secret(request: Request) -> Reply | None:
        return s3_error("AccessDenied", "Access Denied", 403) if request.path.endswith("/secret.txt") else None

    with FakeS3(deny_secret, upstream=s3_server.endpoint) as proxy:
        store = store_behind(proxy, framework, "obstore-downloads", download_streams=1)
        store.put_bytes("a.txt", b"aaa")
        with pytest.raises(AccessDeniedError) as denied:
            store.download_file("secret.txt", tmp_path / "secret.txt")
        store.download_file("a.txt", tmp_path / "a.txt")
        store.close()
    assert denied.value.key == "secret.txt"
    assert _gets(proxy) == ["obstore", "sdk", "obstore"] and (tmp_path / "a.txt").read_bytes() == b"aaa"


@pytest.mark.parametrize("framework", ["boto3", "minio"])
def test_a_body_cut_short_is_fetched_again_by_the_sdk_and_progress_taken_back(
    s3_server, framework: str, tmp_path: Path
) -> None:
    data = bytes(range(256)) * 8192  # 2 MiB: the first MiB is written before the cut shows

    def cut_obstores_body(request: Request) -> Reply | None:
        if not by_obstore(request):
            return None
        whole = proxy.forward(request)
        return Reply(whole.status, whole.body[: len(whole.body) // 2 + 1000], whole.headers, len(whole.body))

    with FakeS3(cut_obstores_body, upstream=s3_server.endpoint) as proxy:
        store = store_behind(proxy, framework, "obstore-downloads", download_streams=1)
        store.put_bytes("cut.bin", data)
        reports: list[tuple[int, int]] = []
        store.download_file("cut.bin", tmp_path / "cut.bin", progress=lambda done, total: reports.append((done, total)))
        store.close()
    assert (tmp_path / "cut.bin").read_bytes() == data
    assert _gets(proxy) == ["obstore", "sdk"]
    assert reports[-1] == (len(data), len(data)) and all(0 <= done <= total for done, total in reports)
    assert any(0 < done < len(data) // 2 + 1000 for done, _ in reports[:3])  # obstore's part was counted, then not


@pytest.mark.parametrize("framework", ["boto3", "minio"])
def test_switched_off_by_configuration(s3_server, framework: str, tmp_path: Path) -> None:
    with FakeS3(lambda _: None, upstream=s3_server.endpoint) as proxy:
        store = store_behind(proxy, framework, "obstore-downloads", download_streams=1, obstore_downloads=False)
        store.put_bytes("a.txt", b"aaa")
        store.download_file("a.txt", tmp_path / "a.txt")
        assert _gets(proxy) == ["sdk"]
        store.close()
