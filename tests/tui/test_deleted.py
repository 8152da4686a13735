"""Deleted objects in the browser on a versioned moto bucket: D shows them dimmed, U brings them back (one, marked,
a whole folder), refused in read-only mode; the server read back with boto3 while the app runs on boto3 too, but
through its own client."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from objstore_tui.tui.dialogs.confirm import ConfirmDialog
from objstore_tui.tui.dialogs.job import JobScreen
from objstore_tui.tui.dialogs.undelete import UndeleteDialog
from objstore_tui.tui.widgets.object_table import ObjectTable
from tests.helpers import notified
from tests.s3_server import MotoServer

from .conftest import SIZE, SMALL, browser, highlight, moto_config, table_names, text_of, wait_for, wait_listed


def _versioned(raw_s3, bucket: str, keys: list[str], deleted: list[str]) -> None:
    raw_s3.create_bucket(Bucket=bucket)
    raw_s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    for key in keys:
        raw_s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    for key in deleted:
        raw_s3.delete_object(Bucket=bucket, Key=key)


def _current(raw_s3, bucket: str) -> list[str]:
    return [item["Key"] for item in raw_s3.list_objects_v2(Bucket=bucket).get("Contents", [])]


@pytest.mark.parametrize("size", [SIZE, SMALL])
async def test_d_shows_deleted_objects_and_u_brings_one_back(s3_server: MotoServer, raw_s3, size) -> None:
    _versioned(
        raw_s3, "ver", ["keep.txt", "gone.txt", "old/a.txt", "old/b.txt"], ["gone.txt", "old/a.txt", "old/b.txt"]
    )
    async with browser(moto_config(s3_server), "ver").run_test(notifications=True, size=size) as pilot:
        screen = await wait_listed(pilot)
        assert "gone.txt" not in table_names(screen)
        await pilot.press("D")
        await wait_for(pilot, lambda: table_names(screen) == ["old", "gone.txt", "keep.txt"])
        table = screen.query_one(ObjectTable)
        await highlight(pilot, "gone.txt")
        row = table.render_line(table.cursor_row + 1).text
        assert "✗ gone.txt" in row and ("deleted" in row or size == SMALL)  # narrow: no type column
        await pilot.press("enter")  # a deleted object has no content to view
        await wait_for(pilot, lambda: any("U brings it back" in text for text in notified(pilot.app)))
        await pilot.press("U")
        confirm = await wait_for_screen(pilot, ConfirmDialog)
        assert "1 object come back" in text_of(confirm.query_one("#confirm-body", Static))
        await pilot.press("y")
        await wait_for(
            pilot, lambda: "gone.txt" in _current(raw_s3, "ver") and not isinstance(pilot.app.screen, JobScreen)
        )
        assert raw_s3.get_object(Bucket="ver", Key="gone.txt")["Body"].read() == b"gone.txt"
        assert "old/a.txt" not in _current(raw_s3, "ver")


async def test_u_on_a_folder_brings_back_what_was_deleted_after_a_time(s3_server: MotoServer, raw_s3) -> None:
    _versioned(raw_s3, "ver-dir", ["site/a.html", "site/b.html"], ["site/a.html", "site/b.html"])
    async with browser(moto_config(s3_server), "ver-dir").run_test(notifications=True, size=SIZE) as pilot:
        screen = await wait_listed(pilot)
        await pilot.press("D")
        await wait_for(pilot, lambda: table_names(screen) == ["site"])  # moto lists the folder either way
        await highlight(pilot, "site")
        await pilot.press("U")
        dialog = await wait_for_screen(pilot, UndeleteDialog)
        dialog.query_one(Input).value = "2999-01-01 00:00"  # nothing was deleted after that
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(pilot.app.screen, UndeleteDialog | JobScreen))
        assert _current(raw_s3, "ver-dir") == []
        await pilot.press("U")
        dialog = await wait_for_screen(pilot, UndeleteDialog)
        await pilot.press("enter")  # empty: everything deleted under site/
        confirm = await wait_for_screen(pilot, ConfirmDialog)
        assert "2 objects come back" in text_of(confirm.query_one("#confirm-body", Static))
        await pilot.press("y")
        await wait_for(pilot, lambda: _current(raw_s3, "ver-dir") == ["site/a.html", "site/b.html"])


async def test_undelete_is_refused_in_read_only_mode(s3_server: MotoServer, raw_s3) -> None:
    _versioned(raw_s3, "ver-ro", ["x.txt"], ["x.txt"])
    async with browser(moto_config(s3_server), "ver-ro", read_only=True).run_test(notifications=True) as pilot:
        screen = await wait_listed(pilot)
        await pilot.press("D")
        await wait_for(pilot, lambda: table_names(screen) == ["x.txt"])
        await highlight(pilot, "x.txt")
        await pilot.press("U")
        await wait_for(pilot, lambda: any("Undelete is disabled" in text for text in notified(pilot.app)))
        assert _current(raw_s3, "ver-ro") == []


async def wait_for_screen(pilot, kind):
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, kind))
    return pilot.app.screen


def test_the_time_is_read_as_local_time_and_a_bad_one_is_named() -> None:
    from datetime import datetime

    from objstore_tui.tui.dialogs.undelete import parse_since

    assert parse_since("2026-11-30 14:05") == datetime(2026, 11, 30, 14, 5).astimezone()
    assert parse_since(" 2026-11-30 ") == datetime(2026, 11, 30).astimezone()
    with pytest.raises(ValueError, match="not a date and time: 'yesterday\u241b'"):
        parse_since("yesterday\x1b")
