"""Fixtures for the write actions' tests: a store on the moto server, and a bare app to push one dialog on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from objstore_tui.object_store import DirEntry, ObjectStore
from objstore_tui.services.location import Location
from objstore_tui.services.target import Target
from objstore_tui.tui.screens.operations import BrowserOperations
from tests.helpers import notified, text_of, wait_for
from tests.s3_server import MotoServer
from tests.tui.conftest import moto_config

__all__ = ["notified", "text_of", "wait_for"]  # the shared helpers, for the tests that import them from here

SIZE = (120, 40)
NOT_DISMISSED = object()


@pytest.fixture
def store(s3_server: MotoServer) -> Iterator[ObjectStore]:
    with ObjectStore(moto_config(s3_server)) as opened:
        yield opened


class DialogApp(App[None]):
    """Pushes ``dialog`` over a plain screen and keeps what it was dismissed with in ``result``."""

    def __init__(self, dialog: Screen[Any]) -> None:
        super().__init__()
        self.dialog = dialog
        self.result: Any = NOT_DISMISSED

    def compose(self) -> ComposeResult:
        yield Static("the browser would be here")

    def on_mount(self) -> None:
        self.push_screen(self.dialog, callback=self._keep)

    def _keep(self, result: Any) -> None:
        self.result = result

    @property
    def dismissed(self) -> bool:
        return self.result is not NOT_DISMISSED


class HostScreen(Screen[None]):
    """The flows over a fixed location and selection: this screen is the ``BrowserContext`` they act on, standing in
    for the browser. Tests start a flow by calling it (``host.operations.upload()``); its keys are the browser's,
    tested on the real one."""

    read_only = False
    read_only_reason = "--read-only"

    def __init__(
        self,
        store: ObjectStore,
        location: Location | None,
        entries: list[DirEntry] | None = None,
        *,
        buckets: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.operations = BrowserOperations(self, self)
        self._here = location
        self.entries = entries or []
        self.buckets = buckets or ([location.bucket] if location else [])
        self.tree_bucket: str | None = None
        self.reloads = 0
        self.bucket_reloads = 0

    def compose(self) -> ComposeResult:
        yield Static("the browser would be here")

    def target(self) -> Target | None:
        if self._here is None:
            return None
        if self.tree_bucket is not None:
            return Target.from_tree_node(Location(self.tree_bucket))
        return Target.from_table(self._here, self.entries)

    def bucket_names(self) -> list[str]:
        return self.buckets

    def reload(self) -> None:
        self.reloads += 1

    def reload_buckets(self) -> None:
        self.bucket_reloads += 1


class HostApp(App[None]):
    def __init__(self, host: HostScreen) -> None:
        super().__init__()
        self.host = host

    def on_mount(self) -> None:
        self.push_screen(self.host)


async def wait_screen[ScreenType: Screen[Any]](pilot: Pilot[object], kind: type[ScreenType]) -> ScreenType:
    """Wait until the top screen is a ``kind`` and its first worker results are in."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, kind))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen
