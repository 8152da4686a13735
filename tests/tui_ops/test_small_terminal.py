"""Every dialog works in an 80x24 terminal: its buttons are on screen, and Tab reaches every field and button
with the focused one scrolled into view (not hidden below the dialog's edge or behind its buttons)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button

from objstore_tui.object_store import Folder, ObjectMetadata, ObjectStore
from objstore_tui.services.jobs.copy import CopyPair, CopyPlan
from objstore_tui.services.location import Location
from objstore_tui.tui.dialogs.buckets import CreateBucketDialog, DeleteBucketDialog
from objstore_tui.tui.dialogs.delete import DeleteDialog
from objstore_tui.tui.dialogs.destination import DestinationDialog
from objstore_tui.tui.dialogs.download import DownloadDialog
from objstore_tui.tui.dialogs.job import JobScreen
from objstore_tui.tui.dialogs.jobs import copy_conflict_question
from objstore_tui.tui.dialogs.presign import PresignDialog
from objstore_tui.tui.dialogs.rename import RenameDialog
from objstore_tui.tui.dialogs.upload import UploadDialog
from tests.tui.conftest import SMALL

from .conftest import DialogApp, wait_for
from .examples import finished_move, upload_job_in_progress

WHEN = datetime(2025, 3, 14, 9, 26, 53, tzinfo=UTC)

PAIRS = tuple(CopyPair(f"logs/{n}.log", f"old/{n}.log", 1) for n in range(12))

type MakeDialog = Callable[[ObjectStore, Any, Path], Screen[Any]]


def fill(raw_s3) -> None:
    raw_s3.create_bucket(Bucket="ops-data")
    for number in range(12):
        raw_s3.put_object(Bucket="ops-data", Key=f"logs/2024/app-{number}.log", Body=b"x" * 100)


DIALOGS: dict[str, MakeDialog] = {
    "upload": lambda store, raw_s3, folder: UploadDialog("ops-data", "incoming/", start_folder=folder),
    "download": lambda store, raw_s3, folder: DownloadDialog("folder 2024/ from ops-data/logs/", folder),
    "copy-move": lambda store, raw_s3, folder: DestinationDialog(
        store, "Move", "3 items from ops-data/logs/", Location("ops-data", "logs/")
    ),
    "rename": lambda store, raw_s3, folder: RenameDialog("ops-data", ObjectMetadata("logs/app.log", WHEN, 1234)),
    "delete": lambda store, raw_s3, folder: DeleteDialog(store, "ops-data", [Folder("logs/2024/", "ops-data")]),
    "presign": lambda store, raw_s3, folder: PresignDialog(store, "ops-data", "logs/2024/app-1.log"),
    "create-bucket": lambda store, raw_s3, folder: CreateBucketDialog(["ops-data"]),
    "delete-bucket": lambda store, raw_s3, folder: DeleteBucketDialog(store, "ops-data"),
    "overwrite": lambda store, raw_s3, folder: copy_conflict_question(
        CopyPlan("ops-data", "ops-archive", PAIRS, existing=frozenset(pair.dst_key for pair in PAIRS))
    ),
    "job-result": lambda store, raw_s3, folder: JobScreen(finished_move(failures=30)),
    "job-progress": lambda store, raw_s3, folder: JobScreen(upload_job_in_progress()[0]),
}


def shown_buttons(screen: Screen[Any]) -> list[Button]:
    return [button for button in screen.query(Button) if button.display and button.parent.display]


def assert_in_view(screen: Screen[Any], widget: Widget) -> None:
    """On screen and inside the dialog's box as drawn, not scrolled out of it or cut off at its edge."""
    box = screen.query_one("#dialog").region
    assert screen.region.contains_region(widget.region), f"{widget} at {widget.region} is off the screen"
    assert box.contains_region(widget.region), f"{widget} at {widget.region} is outside the dialog at {box}"


@pytest.mark.parametrize("name", list(DIALOGS))
async def test_every_dialog_fits_an_80x24_terminal(store: ObjectStore, raw_s3, tmp_path: Path, name: str) -> None:
    fill(raw_s3)
    dialog = DIALOGS[name](store, raw_s3, tmp_path)
    app = DialogApp(dialog)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: app.screen is dialog and dialog.is_mounted)
        await pilot.pause()
        buttons = shown_buttons(dialog)
        assert buttons, "a dialog without buttons"
        for button in buttons:
            assert_in_view(dialog, button)
        await tab_through(pilot, dialog, buttons)


async def tab_through(pilot: Pilot[None], dialog: Screen[Any], buttons: list[Button]) -> None:
    """Tab round the dialog once: every enabled button gets the focus, and whatever has it is in view."""
    reached: set[Button] = set()
    for _ in range(len(dialog.focus_chain) + 1):
        await pilot.press("tab")
        await pilot.pause()
        focused = dialog.focused
        assert focused is not None
        assert_in_view(dialog, focused)
        if isinstance(focused, Button):
            reached.add(focused)
    assert reached == {button for button in buttons if not button.disabled}
