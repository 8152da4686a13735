"""The write actions from the real browser, end to end on the moto server: marking rows, the keys, the reloads.

What the server holds afterwards is read with a plain boto3 client.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input, RadioButton, Static

from objstore_tui.services.location import Location
from objstore_tui.tui.dialogs.buckets import CreateBucketDialog, DeleteBucketDialog
from objstore_tui.tui.dialogs.delete import DeleteDialog
from objstore_tui.tui.dialogs.destination import DestinationDialog
from objstore_tui.tui.dialogs.download import DownloadDialog
from objstore_tui.tui.dialogs.job import JobScreen
from objstore_tui.tui.dialogs.presign import PresignDialog
from objstore_tui.tui.dialogs.rename import RenameDialog
from objstore_tui.tui.dialogs.upload import UploadDialog
from objstore_tui.tui.dialogs.versions import VersionsScreen
from objstore_tui.tui.screens.help import HelpScreen
from objstore_tui.tui.widgets.bucket_tree import BucketTree
from objstore_tui.tui.widgets.object_table import ObjectTable
from tests.helpers import notified
from tests.s3_server import MotoServer
from tests.tui.conftest import SIZE, browser, highlight, moto_config, rendered, table_names, wait_listed

from .conftest import text_of, wait_for, wait_screen


def fill(raw_s3, bucket: str, objects: dict[str, bytes]) -> None:
    raw_s3.create_bucket(Bucket=bucket)
    for key, data in objects.items():
        raw_s3.put_object(Bucket=bucket, Key=key, Body=data)


def keys(raw_s3, bucket: str) -> list[str]:
    return sorted(item["Key"] for item in raw_s3.list_objects_v2(Bucket=bucket).get("Contents", []))


async def test_marked_rows_are_deleted_and_the_table_lists_again(s3_server: MotoServer, raw_s3) -> None:
    fill(raw_s3, "marks", {"a.txt": b"a", "b.txt": b"b", "c.txt": b"c", "logs/x.log": b"x"})
    async with browser(moto_config(s3_server), "marks").run_test(size=SIZE) as pilot:
        screen = await wait_listed(pilot)
        assert table_names(screen) == ["logs", "a.txt", "b.txt", "c.txt"]
        await highlight(pilot, "logs")
        await pilot.press("space", "down", "space")  # logs/ and b.txt
        assert [entry.name for entry in screen.query_one(ObjectTable).rows.marked_entries] == ["b.txt", "logs"]
        assert "2 marked" in rendered(screen.query_one("#listing-status", Static))
        await pilot.press("x")
        dialog = await wait_screen(pilot, DeleteDialog)
        await wait_for(pilot, lambda: "Delete 2 objects" in text_of(dialog.query_one("#delete-summary", Static)))
        await pilot.press("y")
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        await wait_listed(pilot)
        assert table_names(screen) == ["a.txt", "c.txt"]
    assert keys(raw_s3, "marks") == ["a.txt", "c.txt"]


async def test_star_marks_every_row_shown(s3_server: MotoServer, raw_s3) -> None:
    fill(raw_s3, "stars", {"keep.md": b"k", "x1.log": b"1", "x2.log": b"2"})
    async with browser(moto_config(s3_server), "stars").run_test(size=SIZE) as pilot:
        screen = await wait_listed(pilot)
        await pilot.press("slash", *"log", "enter", "asterisk")
        table = screen.query_one(ObjectTable)
        assert [entry.name for entry in table.rows.marked_entries] == ["x1.log", "x2.log"]
        await pilot.press("asterisk")
        assert table.rows.marked_entries == []


async def test_upload_from_the_browser_shows_the_new_object(s3_server: MotoServer, raw_s3, tmp_path: Path) -> None:
    fill(raw_s3, "uploads", {"docs/old.txt": b"old"})
    local = tmp_path / "new.txt"
    local.write_bytes(b"fresh bytes")
    async with browser(moto_config(s3_server), "uploads/docs").run_test(size=SIZE) as pilot:
        screen = await wait_listed(pilot)
        await pilot.press("u")
        dialog = await wait_screen(pilot, UploadDialog)
        assert dialog.query_one("#upload-prefix", Input).value == "docs/"
        dialog.query_one("#upload-path", Input).value = str(local)
        await pilot.pause()
        await pilot.press("enter")
        transfer = await wait_screen(pilot, JobScreen)
        await wait_for(pilot, lambda: transfer.report is not None)
        await pilot.press("enter")
        await wait_listed(pilot)
        assert table_names(screen) == ["new.txt", "old.txt"]
    assert raw_s3.get_object(Bucket="uploads", Key="docs/new.txt")["Body"].read() == b"fresh bytes"


async def test_create_a_bucket_then_delete_it_from_the_tree(s3_server: MotoServer, raw_s3) -> None:
    fill(raw_s3, "first", {"a.txt": b"a"})
    async with browser(moto_config(s3_server)).run_test(size=SIZE) as pilot:
        screen = await wait_listed(pilot)
        tree = screen.query_one(BucketTree)
        await pilot.press("n")
        dialog = await wait_screen(pilot, CreateBucketDialog)
        dialog.query_one(Input).value = "second"
        await pilot.press("enter")
        await wait_for(pilot, lambda: tree.bucket_names() == ["first", "second"])
        assert screen.location == Location("first")

        second = tree.node_for(Location("second"))
        assert second is not None
        tree.focus()
        tree.move_cursor(second)
        await pilot.press("x")
        dialog = await wait_screen(pilot, DeleteBucketDialog)
        await wait_for(pilot, lambda: not dialog.query_one("#delete", Button).disabled)  # an empty bucket: no typing
        await pilot.click("#delete")
        await wait_for(pilot, lambda: tree.bucket_names() == ["first"])
    assert [bucket["Name"] for bucket in raw_s3.list_buckets()["Buckets"]] == ["first"]


async def test_deleting_the_open_bucket_moves_to_another(s3_server: MotoServer, raw_s3) -> None:
    fill(raw_s3, "alpha", {"a.txt": b"a"})
    fill(raw_s3, "beta", {"b.txt": b"b"})
    async with browser(moto_config(s3_server), "beta").run_test(size=SIZE) as pilot:
        screen = await wait_listed(pilot)
        tree = screen.query_one(BucketTree)
        tree.focus()
        tree.move_cursor(tree.node_for(Location("beta")))
        await pilot.press("x")
        dialog = await wait_screen(pilot, DeleteBucketDialog)
        await wait_for(pilot, lambda: dialog.has_class("-not-empty"))
        await pilot.press(*"beta", "enter")
        await wait_for(pilot, lambda: tree.bucket_names() == ["alpha"])
        await wait_listed(pilot)
        assert screen.location == Location("alpha")


async def test_read_only_browser_hides_and_refuses_writes(s3_server: MotoServer, raw_s3) -> None:
    fill(raw_s3, "guarded", {"a.txt": b"a"})
    async with browser(moto_config(s3_server), "guarded", read_only=True).run_test(
        notifications=True, size=SIZE
    ) as pilot:
        screen = await wait_listed(pilot)
        for key in ("u", "C", "M", "R", "x", "delete", "n"):
            await pilot.press(key)
            await pilot.pause()
            assert pilot.app.screen is screen, key
        await wait_for(pilot, lambda: bool(notified(pilot.app)))
        assert notified(pilot.app)[0].endswith("read-only: Upload is disabled (--read-only)")
        shown = {active.binding.action for active in screen.active_bindings.values() if active.enabled}
        assert not shown & screen.WRITE_ACTIONS
        assert {"download", "presign", "versions"} <= shown

        await pilot.press("s")  # a GET link only reads
        dialog = await wait_screen(pilot, PresignDialog)
        assert dialog.query_one("#method-PUT", RadioButton).disabled
        await pilot.press("escape")
        await pilot.press("V")
        versions = await wait_screen(pilot, VersionsScreen)
        await wait_for(pilot, lambda: versions._versions)
        assert not versions.check_action("restore", ()) and not versions.check_action("delete_version", ())
        await pilot.press("escape")
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        await pilot.press("question_mark")
        help_screen = await wait_screen(pilot, HelpScreen)
        text = rendered(help_screen.query_one(Static))
        assert "Download" in text and "Presigned URL" in text
        assert "Upload" not in text and "Delete" not in text and "New bucket" not in text
    assert keys(raw_s3, "guarded") == ["a.txt"]


async def test_each_flow_key_of_the_browser_opens_its_first_dialog(s3_server: MotoServer, raw_s3) -> None:
    fill(raw_s3, "keyed", {"a.txt": b"a"})
    first_dialogs = {
        "u": UploadDialog,
        "d": DownloadDialog,
        "C": DestinationDialog,
        "M": DestinationDialog,
        "R": RenameDialog,
        "x": DeleteDialog,
        "s": PresignDialog,
        "n": CreateBucketDialog,
        "V": VersionsScreen,
    }
    async with browser(moto_config(s3_server), "keyed").run_test(size=SIZE) as pilot:
        screen = await wait_listed(pilot)
        await highlight(pilot, "a.txt")
        for key, dialog in first_dialogs.items():
            await pilot.press(key)
            await wait_screen(pilot, dialog)
            await pilot.press("escape")
            await wait_for(pilot, lambda: pilot.app.screen is screen)
    assert keys(raw_s3, "keyed") == ["a.txt"]
