"""Server text is data: keys, metadata, content types, errors and file contents with control characters must never
reach the terminal as they are, on any screen, dialog or notification, nor the clipboard.

The app is driven over the moto server (and the local backend for what S3 refuses, such as a newline in a key);
after each step the whole screen, as the terminal would get it, is searched for control characters.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pyperclip
import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button, Input

from objstore_tui.object_store import ObjectStoreConfiguration, visible
from objstore_tui.services.location import Location
from objstore_tui.tui.clipboard import copy_text
from objstore_tui.tui.dialogs.delete import DeleteDialog
from objstore_tui.tui.dialogs.destination import DestinationDialog
from objstore_tui.tui.dialogs.download import DownloadDialog
from objstore_tui.tui.dialogs.job import JobScreen
from objstore_tui.tui.dialogs.paths import PathSuggester
from objstore_tui.tui.dialogs.presign import PresignDialog
from objstore_tui.tui.dialogs.rename import RenameDialog
from objstore_tui.tui.dialogs.upload import LocalFolderTree, UploadDialog
from objstore_tui.tui.dialogs.versions import VersionsScreen
from objstore_tui.tui.widgets.bucket_tree import BucketTree
from objstore_tui.tui.widgets.preview import PreviewPane
from tests.s3_server import MotoServer

from .conftest import SIZE, browser, highlight, main_screen, moto_config, table_names, wait_for, wait_listed

TITLE = "\x1b]2;PWNED\x07"
RED = "\x1b[31m"
NASTY_KEYS = [
    f"title{TITLE}.txt",
    f"red{RED}.txt",
    "csi\x9bx.txt",
    "bidi\u202etxt.exe",
    "cr\rx.txt",
    "del\x7fx.txt",
]
NASTY_FOLDER = f"folder{RED}/"
NASTY_BODY = f"line one\n{RED}red{TITLE}\n\ttabbed \x9b csi \u202e bidi\r\n".encode()
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def control_characters_on_screen(pilot: Pilot[object]) -> list[str]:
    """The control characters in what the terminal would be sent for the whole screen, notifications included."""
    svg = pilot.app.export_screenshot()
    return sorted({repr(match.group()) for match in UNSAFE.finditer(svg)})


async def assert_screen_clean(pilot: Pilot[object], where: str) -> None:
    await pilot.pause()
    found = control_characters_on_screen(pilot)
    assert not found, f"{where}: control characters reached the screen: {found}"


def fill_bucket(raw_s3) -> None:
    raw_s3.create_bucket(Bucket="evil")
    raw_s3.put_bucket_versioning(Bucket="evil", VersioningConfiguration={"Status": "Enabled"})
    for key in NASTY_KEYS:
        raw_s3.put_object(
            Bucket="evil",
            Key=key,
            Body=NASTY_BODY,
            ContentType=f"text/plain{RED}",
            Metadata={"note": f"meta{TITLE}{RED}\x7f"},
        )
    raw_s3.put_object(Bucket="evil", Key=f"{NASTY_FOLDER}inner{RED}.txt", Body=NASTY_BODY)


async def open_dialog(pilot: Pilot[object], key: str, kind: type) -> None:
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, kind))
    await pilot.pause()


@pytest.mark.parametrize("size", [SIZE, (80, 24)])
async def test_no_control_character_from_the_server_reaches_the_screen(
    s3_server: MotoServer, raw_s3, size: tuple[int, int], tmp_path: Path
) -> None:
    fill_bucket(raw_s3)
    app = browser(moto_config(s3_server), "evil")
    async with app.run_test(size=size, notifications=True) as pilot:
        screen = await wait_listed(pilot)
        await assert_screen_clean(pilot, "table, tree and breadcrumb")
        tree = screen.query_one(BucketTree)
        bucket_node = tree.node_for(Location("evil"))
        assert bucket_node is not None
        bucket_node.expand()
        await wait_for(pilot, lambda: tree.node_for(Location("evil", NASTY_FOLDER)) is not None)
        await assert_screen_clean(pilot, "the tree's folders")
        preview = screen.query_one(PreviewPane)
        for name in table_names(screen):
            await highlight(pilot, name)
            await wait_for(pilot, lambda: preview.entry is screen.highlighted_entry and preview.is_settled)
            await assert_screen_clean(pilot, f"preview of {name!r}")

        await highlight(pilot, NASTY_KEYS[0])
        for key, dialog in [("x", DeleteDialog), ("R", RenameDialog), ("C", DestinationDialog), ("V", VersionsScreen)]:
            await open_dialog(pilot, key, dialog)
            if dialog is DeleteDialog:
                await wait_for(pilot, lambda: not pilot.app.screen.query_one("#delete").disabled)
            if dialog is VersionsScreen:
                await wait_for(
                    pilot, lambda: "listing" not in str(pilot.app.screen.query_one("#versions-note").render())
                )
            await assert_screen_clean(pilot, f"the {dialog.__name__}")
            await pilot.press("escape")
            await wait_for(pilot, lambda: pilot.app.screen is screen)

        await open_dialog(pilot, "s", PresignDialog)
        await assert_screen_clean(pilot, "the presign dialog")
        pilot.app.screen.query_one("#presign-create").press()
        await wait_for(pilot, lambda: not pilot.app.screen.query_one("#presign-url").has_class("-empty"))
        await wait_for(pilot, lambda: bool(pilot.app.screen.query("Toast")))
        await assert_screen_clean(pilot, "the presigned link and its notification")
        assert not UNSAFE.search(pilot.app.clipboard), "the clipboard got control characters"
        await pilot.press("escape")

        await open_dialog(pilot, "d", DownloadDialog)
        await assert_screen_clean(pilot, "the download dialog")
        pilot.app.screen.query_one("#download-folder", Input).value = str(tmp_path)
        pilot.app.screen.query_one("#download", Button).press()
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, JobScreen) and pilot.app.screen.report is not None)
        assert (tmp_path / NASTY_KEYS[0]).read_bytes() == NASTY_BODY
        await assert_screen_clean(pilot, "the transfer's progress and result")
        await pilot.press("escape")
        await wait_for(pilot, lambda: pilot.app.screen is screen)

        raw_s3.delete_object(Bucket="evil", Key=NASTY_KEYS[1])  # gone from under the browser: an error names it
        await highlight(pilot, NASTY_KEYS[0])
        await highlight(pilot, NASTY_KEYS[1])
        await wait_for(pilot, lambda: preview.entry is screen.highlighted_entry and preview.is_settled)
        await assert_screen_clean(pilot, "the preview's error")

        await highlight(pilot, NASTY_FOLDER.rstrip("/"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.location is not None and screen.location.prefix == NASTY_FOLDER)
        await wait_listed(pilot)
        await assert_screen_clean(pilot, "the breadcrumb and table inside a folder")


async def test_a_listing_error_naming_the_folder_shows_it_visibly(s3_server: MotoServer) -> None:
    """The error notification's title and message, and the status line, name the folder that failed."""
    async with browser(moto_config(s3_server), f"gone/{NASTY_FOLDER}").run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(
            pilot, lambda: any("Cannot list" in str(toast.render()) for toast in pilot.app.screen.query("Toast"))
        )
        await assert_screen_clean(pilot, "the listing error")


async def test_a_newline_in_a_local_file_name_stays_on_its_row(tmp_path: Path) -> None:
    """S3 servers refuse some characters that a local folder allows as file names."""
    bucket = tmp_path / "local-bucket"
    bucket.mkdir()
    for name in ["nl\nx.txt", f"title{TITLE}.txt", f"red{RED}.txt"]:
        (bucket / name).write_bytes(NASTY_BODY)
    config = ObjectStoreConfiguration(framework="local", connection={"endpoint": str(tmp_path)})
    async with browser(config, "local-bucket").run_test(size=SIZE, notifications=True) as pilot:
        screen = await wait_listed(pilot)
        preview = main_screen(pilot).query_one(PreviewPane)
        for name in table_names(screen):
            await highlight(pilot, name)
            await wait_for(pilot, lambda: preview.entry is screen.highlighted_entry and preview.is_settled)
            await assert_screen_clean(pilot, f"preview of {name!r}")
        pilot.app.push_screen(UploadDialog("local-bucket", start_folder=bucket))
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, UploadDialog) and pilot.app.screen.is_mounted)
        await pilot.pause()
        folder_tree = pilot.app.screen.query_one(LocalFolderTree)
        await wait_for(pilot, lambda: len(folder_tree.root.children) == 3)
        await assert_screen_clean(pilot, "the upload dialog's local files")


@pytest.mark.parametrize("system_clipboard", [True, False])
async def test_the_clipboard_never_gets_control_characters(
    monkeypatch: pytest.MonkeyPatch, system_clipboard: bool
) -> None:
    """A key pasted into a shell must not run as a command there: the copy shows its controls too."""
    copied: list[str] = []

    def copy(text: str) -> None:
        if not system_clipboard:
            raise pyperclip.PyperclipException("no clipboard mechanism")
        copied.append(text)

    monkeypatch.setattr(pyperclip, "copy", copy)
    app = App[None]()
    async with app.run_test() as pilot:
        await asyncio.to_thread(copy_text, app, f"evil/{NASTY_KEYS[0]}")
        await pilot.pause()
        on_clipboard = copied[0] if system_clipboard else app.clipboard
    assert on_clipboard == f"evil/{visible(NASTY_KEYS[0])}"
    assert not UNSAFE.search(on_clipboard)


async def test_path_completion_never_offers_a_name_with_control_characters(tmp_path: Path) -> None:
    """Textual's Input draws a suggestion as it is: such a name is left to the tree, which shows it visibly."""
    (tmp_path / f"report{TITLE}.csv").write_bytes(b"")
    (tmp_path / "report-plain.csv").write_bytes(b"")
    suggester = PathSuggester()
    assert await suggester.get_suggestion(f"{tmp_path}/report") == f"{tmp_path}/report-plain.csv"
    (tmp_path / "report-plain.csv").unlink()
    assert await suggester.get_suggestion(f"{tmp_path}/report") is None
