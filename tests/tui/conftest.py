"""Fixtures for the browser's tests: demo data, apps on local and moto stores, and a way to wait for workers."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._toast import Toast

from objstore_tui.object_store import DirEntry, ObjectStore, ObjectStoreConfiguration, StoreConnectionError
from objstore_tui.services.demo import build_demo
from objstore_tui.services.location import Location
from objstore_tui.tui.app import ObjstoreApp, StoreTarget
from objstore_tui.tui.screens.error import ErrorScreen
from objstore_tui.tui.screens.main import MainScreen
from objstore_tui.tui.widgets.bucket_tree import BucketTree
from objstore_tui.tui.widgets.object_table import ObjectTable
from objstore_tui.tui.widgets.preview import PreviewPane
from tests.helpers import notified, text_of, wait_for
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY, MotoServer

__all__ = ["notified", "text_of", "wait_for"]  # the shared helpers, for the tests that import them from here

SIZE = (160, 45)
SMALL = (80, 24)
"""The smallest terminal every screen and dialog must work in."""


@pytest.fixture(scope="session")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Demo data shared by the tests that only read it."""
    root = tmp_path_factory.mktemp("demo")
    build_demo(root)
    return root


@pytest.fixture
def demo_config(demo_root: Path) -> ObjectStoreConfiguration:
    return ObjectStoreConfiguration(framework="local", root_bucket="demo-data", connection={"endpoint": str(demo_root)})


def moto_config(server: MotoServer, **connection: object) -> ObjectStoreConfiguration:
    return ObjectStoreConfiguration.parse(
        {
            "framework": "boto3",
            "connection": {
                "endpoint": server.endpoint,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "secure": False,
                "region": REGION,
                **connection,
            },
        }
    )


def browser(
    config: ObjectStoreConfiguration, start: str | None = None, *, read_only: bool = False, profile: str = "test"
) -> ObjstoreApp:
    """The app on ``config``; the header names the framework only, as temp paths differ between runs."""
    location = Location.parse(start) if start else None
    target = StoreTarget(config, profile, location, description=config.framework.value)
    return ObjstoreApp(target, read_only=read_only)


def notification_titles(pilot: Pilot[object]) -> list[str]:
    """The titles of the notifications on screen (the app runs with ``run_test(notifications=True)``)."""
    return [toast.render().plain.partition("\n")[0] for toast in pilot.app.screen.query(Toast)]


async def error_title(pilot: Pilot[object]) -> str:
    """The title of the error screen's box, once the error screen shows it."""

    def shown() -> bool:
        return isinstance(pilot.app.screen, ErrorScreen) and bool(pilot.app.screen.query("#error-box"))

    await wait_for(pilot, shown)
    return str(pilot.app.screen.query_one("#error-box").border_title)


def main_screen(pilot: Pilot[object]) -> MainScreen:
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen), f"expected the browser, got {screen!r}"
    return screen


async def wait_listed(pilot: Pilot[object]) -> MainScreen:
    """Wait until the browser shows a location whose listing has finished."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MainScreen) and pilot.app.screen.location is not None)
    screen = main_screen(pilot)
    await wait_for(pilot, lambda: not screen.is_listing)
    await pilot.pause()
    return screen


async def wait_tree_loaded(pilot: Pilot[object]) -> None:
    """Wait until the tree knows the open folder's sub-folders (from its own listing or the table's): until then
    it draws an expand arrow that may not stay."""
    screen = main_screen(pilot)
    tree, location = screen.query_one(BucketTree), screen.location
    await wait_for(pilot, lambda: location is not None and tree.is_loaded(location))


async def wait_previewed(pilot: Pilot[object]) -> PreviewPane:
    """Wait until the preview shows the highlighted row in full."""
    screen = main_screen(pilot)
    preview = screen.query_one(PreviewPane)
    await wait_for(pilot, lambda: preview.entry is screen.highlighted_entry and preview.is_settled)
    # The content widget is mounted by then, and laid out a refresh later: a busy machine can take longer.
    body = preview.query_one("#preview-body")
    await wait_for(pilot, lambda: all(child.size.width > 0 for child in body.children))
    await pilot.pause()
    return preview


def table_names(screen: MainScreen) -> list[str]:
    table = screen.query_one(ObjectTable)
    return [table.rows.row_entry(row).name for row in range(table.rows.row_count)]


async def highlight(pilot: Pilot[object], name: str) -> None:
    """Move the table's cursor to the row called ``name``."""
    screen = main_screen(pilot)
    names = table_names(screen)
    table = screen.query_one(ObjectTable)
    table.focus()
    table.action_first_row()
    for _ in range(names.index(name)):
        table.action_cursor_down()
    await pilot.pause()


def rendered(widget: Static) -> str:
    """The text a Static shows."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


class RecordingStore(ObjectStore):
    """Records every ranged read the preview makes."""

    def __init__(self, config: ObjectStoreConfiguration) -> None:
        super().__init__(config)
        self.ranges: list[tuple[str, int, int]] = []
        self.bytes_read = 0

    def read_range(self, key: str, start: int, length: int, bucket: str | None = None, version: str | None = None):
        self.ranges.append((key, start, length))
        data = super().read_range(key, start, length, bucket, version)
        self.bytes_read += len(data)
        return data


class FailingStore(ObjectStore):
    """Its first list_buckets fails as an unreachable server would; later ones work."""

    failures = 1

    def list_buckets(self):
        if self.failures:
            self.failures -= 1
            raise StoreConnectionError("cannot connect to http://127.0.0.1:1 (connection refused)")
        return super().list_buckets()


def gated_store(gate: threading.Event, *, prefix: str, after: int = 0) -> type[ObjectStore]:
    """A store whose listing of ``prefix`` stops after ``after`` entries until ``gate`` is set."""

    class GatedStore(ObjectStore):
        stopped_early = threading.Event()

        def list_dir(self, prefix_: str = "", bucket: str | None = None) -> Iterator[DirEntry]:
            entries = super().list_dir(prefix_, bucket)
            if prefix_ != prefix:
                return entries
            return self._gated(entries)

        def _gated(self, entries: Iterator[DirEntry]) -> Iterator[DirEntry]:
            try:
                for count, entry in enumerate(entries):
                    if count == after:
                        gate.wait(10)
                    yield entry
            except GeneratorExit:
                GatedStore.stopped_early.set()
                raise

    GatedStore.stopped_early = threading.Event()
    return GatedStore


def app_with_store(store: ObjectStore, start: str | None = None) -> ObjstoreApp:
    """An app that opens ``store`` itself (a test double) rather than one built from its configuration."""

    class StoreApp(ObjstoreApp):
        def open_store(self, target: StoreTarget) -> None:
            self._target = target
            self._store = store
            self._show_screen(
                MainScreen(store, store_label="test", read_only=False, start=Location.parse(start) if start else None)
            )

    return StoreApp(StoreTarget(store.config, "test"))


@pytest.fixture
def profile_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty profile file the app reads (``OBJSTORE_CONFIG``), with no mc aliases or AWS profiles around."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_PROFILE", "MC_CONFIG_DIR"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "objstore.toml"
    monkeypatch.setenv("OBJSTORE_CONFIG", str(config))
    return config
