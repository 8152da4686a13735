"""Every screen and dialog opens, with no data (no buckets, no profiles) and with full data, without a crash.

A crash inside the app fails ``run_test`` itself; each step also checks what is shown.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Static

from objstore_tui.object_store import ConfigurationError, ObjectStoreConfiguration
from objstore_tui.services.demo import build_demo
from objstore_tui.tui.app import ObjstoreApp
from objstore_tui.tui.dialogs.job import JobScreen
from objstore_tui.tui.dialogs.upload import UploadDialog
from objstore_tui.tui.dialogs.versions import VersionsScreen
from objstore_tui.tui.screens.error import ErrorScreen
from objstore_tui.tui.screens.help import HelpScreen
from objstore_tui.tui.screens.main import MainScreen
from objstore_tui.tui.screens.profiles import ProfilesScreen
from tests.helpers import notified, text_of

from .conftest import browser, highlight, wait_for, wait_listed

KEYS = ("p", "question_mark", "u", "d", "C", "M", "R", "x", "s", "n", "V")
ON_AN_OBJECT = {
    "p": "ProfilesScreen",
    "question_mark": "HelpScreen",
    "u": "UploadDialog",
    "d": "DownloadDialog",
    "C": "DestinationDialog",
    "M": "DestinationDialog",
    "R": "RenameDialog",
    "x": "DeleteDialog",
    "s": "PresignDialog",
    "n": "CreateBucketDialog",
    "V": "VersionsScreen",
}
"""What each key opens on the highlighted object (on a folder the same, but versions belong to objects)."""
WITHOUT_BUCKETS = {key: "Open a bucket first." for key in KEYS} | {
    "p": "ProfilesScreen",
    "question_mark": "HelpScreen",
    "n": "CreateBucketDialog",
}


@pytest.fixture(params=["no profiles", "profiles"])
def profiles(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The profile picker's sources: none at all (the demo, env-var configuration), or a config file with two."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_PROFILE", "MC_CONFIG_DIR"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "objstore.toml"
    if request.param == "profiles":
        folder = tmp_path / "elsewhere"
        config.write_text(
            f'[profiles.lab]\nframework = "local"\nconnection = {{ endpoint = "{folder}" }}\n'
            '[profiles.broken]\nframework = "minio"\n'
        )
    monkeypatch.setenv("OBJSTORE_CONFIG", str(config))
    return request.param


def assert_shown(screen: Screen[object]) -> None:
    """The screen is the one on top and draws itself: its widgets have room, its buttons fit the terminal, and
    it says something."""
    assert screen.is_current, screen
    shown = [widget for widget in screen.query("*") if widget.display and widget.region.area > 0]
    assert shown, f"{screen!r} draws nothing"
    cut = [
        widget for widget in shown if isinstance(widget, Button) and not screen.region.contains_region(widget.region)
    ]
    assert not cut, f"buttons {cut} are not all inside the terminal"
    assert any(text_of(widget).strip() for widget in shown if isinstance(widget, Static | Button)), screen


async def open_and_close(pilot: Pilot[object], key: str) -> str:
    """Press ``key``: a screen opens over the browser, is shown, and Esc closes it; or a notification says why
    not. Returns the screen's class name or the notification's text."""
    base = pilot.app.screen
    pilot.app.clear_notifications()
    await pilot.press(key)
    await wait_for(pilot, lambda: pilot.app.screen is not base or bool(notified(pilot.app)))
    await pilot.pause()
    opened = pilot.app.screen
    if opened is base:
        assert isinstance(base, MainScreen) and base.is_current
        return notified(pilot.app)[0]
    assert isinstance(opened, ModalScreen), (key, opened)
    assert_shown(opened)
    while (top := pilot.app.screen) is not base:
        await pilot.press("escape")
        await wait_for(pilot, lambda top=top: pilot.app.screen is not top)
    assert_shown(base)
    return type(opened).__name__


@pytest.mark.usefixtures("profiles")
async def test_every_key_on_an_empty_store(tmp_path: Path) -> None:
    config = ObjectStoreConfiguration(framework="local", connection={"endpoint": str(tmp_path / "nothing")})
    (tmp_path / "nothing").mkdir()
    async with browser(config).run_test(notifications=True, size=(80, 24)) as pilot:
        screen = pilot.app.screen
        await wait_for(
            pilot,
            lambda: (
                isinstance(pilot.app.screen, MainScreen) and "no buckets" in screen.query_one("#listing-status").text
            ),
        )
        opened = {key: await open_and_close(pilot, key) for key in KEYS}
        assert opened == WITHOUT_BUCKETS
        assert isinstance(pilot.app.screen, MainScreen)


@pytest.mark.usefixtures("profiles")
async def test_every_key_on_full_data(tmp_path: Path) -> None:
    config = build_demo(tmp_path / "demo")
    async with browser(config, "demo-data").run_test(notifications=True, size=(80, 24)) as pilot:
        await wait_listed(pilot)
        for row in ("config", "README.md"):  # a folder, then an object
            await highlight(pilot, row)
            opened = {key: await open_and_close(pilot, key) for key in KEYS}
            if row == "config":
                assert opened.pop("V").startswith("Versions belong to an object, not to folder config/")
            assert opened == {key: wanted for key, wanted in ON_AN_OBJECT.items() if key in opened}
        await pilot.press("V")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, VersionsScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, MainScreen))


async def test_the_job_screens_open_and_close(tmp_path: Path) -> None:
    config = build_demo(tmp_path / "demo")
    local = tmp_path / "new.txt"
    local.write_text("new")
    async with browser(config, "demo-data").run_test(notifications=True, size=(80, 24)) as pilot:
        await wait_listed(pilot)
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, UploadDialog))
        pilot.app.screen.query_one("#upload-path", Input).value = str(local)
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, JobScreen))
        transfer = pilot.app.screen
        await wait_for(pilot, lambda: transfer.report is not None)
        await pilot.press("enter")
        await wait_listed(pilot)
        await highlight(pilot, "new.txt")
        await pilot.press("x")
        await wait_for(pilot, lambda: pilot.app.screen.query("#delete").first().disabled is False)
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, JobScreen | MainScreen))
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
    assert not (tmp_path / "demo" / "demo-data" / "new.txt").exists()


@pytest.mark.usefixtures("profiles")
async def test_the_error_screen_offers_profiles_and_help() -> None:
    app = ObjstoreApp(None, startup_error=ConfigurationError("connection.endpoint: field required"))
    async with app.run_test(notifications=True, size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ErrorScreen))
        for key, kind in (("p", ProfilesScreen), ("question_mark", HelpScreen)):
            await pilot.press(key)
            await wait_for(pilot, lambda kind=kind: isinstance(pilot.app.screen, kind))
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, ErrorScreen))
