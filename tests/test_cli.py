"""The command line: flags to a store target, the demo, and refusing secrets on the command line."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from objstore_tui import __version__
from objstore_tui.__main__ import build_parser, resolve_target
from objstore_tui.object_store import ConfigurationError, Framework, InvalidBucketNameError, ObjectStore
from objstore_tui.services.location import Location


def _target(*argv: str, environ: dict[str, str] | None = None, demo: Path | None = None):
    return resolve_target(build_parser().parse_args(argv), environ or {}, demo)


def test_help_and_version_run_without_a_terminal() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "objstore_tui", "--help"], capture_output=True, text=True, timeout=60, check=True
    )
    for flag in ("--profile", "--endpoint", "--framework", "--bucket", "--read-only", "--demo", "--version"):
        assert flag in result.stdout
    result = subprocess.run(
        [sys.executable, "-m", "objstore_tui", "--version"], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == f"objstore-tui {__version__}"


def test_demo_builds_a_local_store_with_varied_data(tmp_path: Path) -> None:
    target = _target("--demo", demo=tmp_path)
    assert target.config.framework is Framework.LOCAL
    assert target.label == "demo · local · generated sample data"
    store = ObjectStore(target.config)
    assert [bucket.name for bucket in store.list_buckets()] == ["demo-archive", "demo-data", "demo-empty"]
    names = {entry.name for entry in store.list_dir("", "demo-data")}
    assert {"README.md", "config", "events", "images", "blobs", "src", "reports", "logs"} <= names
    assert sum(1 for _ in store.list_dir("events/", "demo-data")) == 3000
    assert store.stat_object("logs/2025-01-15/app.log", "demo-data").size > 64 * 1024


def test_framework_and_endpoint_take_keys_from_the_environment() -> None:
    environ = {"OBJSTORE_ACCESS_KEY": "ak", "OBJSTORE_SECRET_KEY": "sk-secret"}
    target = _target("--framework", "minio", "--endpoint", "http://127.0.0.1:9000", environ=environ)
    connection = target.config.connection
    assert target.config.framework is Framework.MINIO
    assert (connection.endpoint, connection.secure, connection.access_key) == ("127.0.0.1:9000", False, "ak")
    assert "sk-secret" not in target.label and "sk-secret" not in repr(target)


def test_endpoint_overrides_the_configured_one(tmp_path: Path) -> None:
    environ = {"OBJSTORE_FRAMEWORK": "boto3", "OBJSTORE_ENDPOINT": "old:1"}
    target = _target("--endpoint", "https://new.example:9443", environ=environ)
    assert target.config.connection.endpoint == "new.example:9443" and target.config.connection.secure


def test_credentials_in_the_endpoint_are_refused_without_echoing_them() -> None:
    with pytest.raises(ConfigurationError) as caught:
        _target("--framework", "minio", "--endpoint", "http://me:hunter22@host:9000")
    assert "hunter22" not in str(caught.value)


def test_profile_and_bucket_flags(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text(
        f'[profiles.lab]\nframework = "local"\nread_only = true\nconnection = {{ endpoint = "{tmp_path}" }}\n'
    )
    target = _target("--profile", "lab", "--bucket", "logs/2024/06", environ={"OBJSTORE_CONFIG": str(config)})
    assert target.profile == "lab" and target.config.read_only
    assert target.start == Location("logs", "2024/06/")
    with pytest.raises(ConfigurationError, match="no profile named 'nope'"):
        _target("--profile", "nope", environ={"OBJSTORE_CONFIG": str(config)})
    with pytest.raises(InvalidBucketNameError):
        _target("--profile", "lab", "--bucket", "Bad_Bucket", environ={"OBJSTORE_CONFIG": str(config)})


@pytest.mark.parametrize(
    ("endpoint", "framework", "stored"),
    [
        ("http://127.0.0.1:9000", Framework.MINIO, "127.0.0.1:9000"),
        ("localhost:9000", Framework.MINIO, "localhost:9000"),
        ("https://s3.eu-west-1.amazonaws.com", Framework.BOTO3, "s3.eu-west-1.amazonaws.com"),
    ],
)
def test_a_server_endpoint_without_framework_opens_an_s3_framework(
    endpoint: str, framework: Framework, stored: str
) -> None:
    target = _target("--endpoint", endpoint, environ={"OBJSTORE_ACCESS_KEY": "ak", "OBJSTORE_SECRET_KEY": "sk"})
    assert target.config.framework is framework
    assert target.config.connection.endpoint == stored
    assert target.config.connection.access_key == "ak"


def test_a_folder_endpoint_without_framework_opens_the_local_backend(tmp_path: Path) -> None:
    target = _target("--endpoint", str(tmp_path))
    assert target.config.framework is Framework.LOCAL
    assert target.config.connection.endpoint == str(tmp_path)


def test_an_endpoint_of_another_scheme_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="give --framework"):
        _target("--endpoint", "ftp://files.example:21")


def _run_demo_in_a_terminal(tmp_path: Path) -> tuple[subprocess.Popen[bytes], int]:
    """``python -m objstore_tui --demo`` on a pseudo-terminal, its temp folders under ``tmp_path``."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))  # 80x24 cells
    environ = {**os.environ, "TMPDIR": str(tmp_path), "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    process = subprocess.Popen(
        [sys.executable, "-m", "objstore_tui", "--demo"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=environ,
        start_new_session=True,
    )
    os.close(terminal)
    return process, controller


def _drain_until(controller: int, condition, timeout: float = 30.0, seen: bytearray | None = None) -> None:
    """Read what the app draws (so it never blocks on a full terminal; kept in ``seen``) until ``condition()``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {condition}")
        ready, _, _ = select.select([controller], [], [], 0.05)
        if ready:
            with contextlib.suppress(OSError):
                drawn = os.read(controller, 65536)
                if seen is not None:
                    seen.extend(drawn)


@pytest.mark.parametrize("hangup", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_the_demo_folder_is_removed_when_the_terminal_goes(tmp_path: Path, hangup: signal.Signals) -> None:
    process, controller = _run_demo_in_a_terminal(tmp_path)
    try:
        demo_folders = lambda: list(tmp_path.glob("objstore-tui-demo-*"))  # noqa: E731
        _drain_until(
            controller, lambda: any((folder / "demo-data" / "README.md").exists() for folder in demo_folders())
        )
        drawn = bytearray()
        _drain_until(controller, lambda: b"README" in drawn, seen=drawn)  # the app runs and shows the demo
        process.send_signal(hangup)
        _drain_until(controller, lambda: process.poll() is not None)
        assert demo_folders() == []
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(controller)
