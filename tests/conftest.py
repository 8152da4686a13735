"""Session-wide fixtures: the moto S3 server and plain SDK clients to check what it holds."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.s3_server import MotoServer


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local times on screen are UTC, so times and snapshots are the same on every machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MotoServer]:
    server = MotoServer(tmp_path_factory.mktemp("moto") / "moto_server.log").start()
    yield server
    server.stop()


@pytest.fixture
def s3_server(moto_server: MotoServer) -> MotoServer:
    """The moto server with its state reset before the test."""
    moto_server.reset()
    return moto_server


@pytest.fixture
def raw_s3(s3_server: MotoServer):
    """A plain boto3 client on the test server, to check server state independently of the adapters."""
    return s3_server.raw_client()


@pytest.fixture(scope="session")
def second_moto_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MotoServer]:
    """Another moto server, for copies and mirrors between two stores."""
    server = MotoServer(tmp_path_factory.mktemp("moto-second") / "moto_server.log").start()
    yield server
    server.stop()


@pytest.fixture
def second_s3_server(second_moto_server: MotoServer) -> MotoServer:
    """The second moto server with its state reset before the test."""
    second_moto_server.reset()
    return second_moto_server
