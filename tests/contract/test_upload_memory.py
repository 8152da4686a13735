"""A big minio upload holds a bounded number of parts in memory, however slow the server takes them.

minio's put_object read every part ahead into an unbounded queue: with the server slower than the disk, the
whole file ended up in memory. Parts are held at a real proxy here, and what the adapter has read (its
progress counts the bytes read into parts) may not run ahead of the parts in flight.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from objstore_tui.object_store import ObjectStore
from tests.helpers import POLL_SECONDS
from tests.http_proxy import HoldingProxy
from tests.s3_server import ACCESS_KEY, SECRET_KEY, MotoServer

from .conftest import raw_boto3, s3_config

MiB = 1024 * 1024


def _is_part(method: str, target: str) -> bool:
    return method == "PUT" and "partNumber=" in target


def test_a_big_minio_upload_reads_no_further_ahead_than_its_parts_in_flight(
    s3_server: MotoServer, tmp_path: Path
) -> None:
    data = os.urandom(60 * MiB)  # twelve 5 MiB parts, four in flight (the contract backends' settings)
    (tmp_path / "big.bin").write_bytes(data)
    checker = raw_boto3(s3_server.url, ACCESS_KEY, SECRET_KEY)
    checker.create_bucket(Bucket="memory")
    read: list[int] = []
    with HoldingProxy(s3_server.endpoint, _is_part) as proxy:
        config = s3_config("minio", proxy.endpoint, ACCESS_KEY, SECRET_KEY, False)
        store = ObjectStore({**config, "root_bucket": "memory"})
        upload = threading.Thread(
            target=store.upload_file,
            args=(tmp_path / "big.bin", "big.bin"),
            kwargs={"progress": lambda d, _: read.append(d)},
        )
        upload.start()
        parts_held = threading.Event()
        while not parts_held.wait(POLL_SECONDS):
            if sum(1 for r in proxy.requests if _is_part(r.method, r.target)) == 4:
                parts_held.set()
        assert max(read) <= 4 * 5 * MiB  # four parts in flight, none read beyond them
        proxy.release()
        upload.join(timeout=120)
    assert not upload.is_alive()
    assert checker.get_object(Bucket="memory", Key="big.bin")["Body"].read() == data
    assert checker.list_multipart_uploads(Bucket="memory").get("Uploads", []) == []
    store.close()
