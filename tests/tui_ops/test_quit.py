"""Quitting while a transfer runs asks first; yes cancels it cleanly (nothing partial left) and then quits."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import Input

from objstore_tui.tui.dialogs.confirm import ConfirmDialog
from objstore_tui.tui.dialogs.download import DownloadDialog
from objstore_tui.tui.dialogs.job import JobScreen
from tests.s3_server import MotoServer
from tests.tui.conftest import app_with_store, highlight, moto_config, wait_listed

from .conftest import wait_for, wait_screen
from .test_flows import GatedDownloads, MiB, files_under, put


async def test_quitting_mid_transfer_asks_and_cancels_cleanly(s3_server: MotoServer, raw_s3, tmp_path: Path) -> None:
    put(raw_s3, "slow-bucket", {"big/one.bin": os.urandom(8 * MiB), "big/two.bin": os.urandom(8 * MiB)})
    store = GatedDownloads(moto_config(s3_server))
    app = app_with_store(store, "slow-bucket")
    out = tmp_path / "out"
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_listed(pilot)
        await highlight(pilot, "big")
        await pilot.press("d")
        dialog = await wait_screen(pilot, DownloadDialog)
        dialog.query_one("#download-folder", Input).value = str(out)
        await pilot.press("enter")
        transfer = await wait_screen(pilot, JobScreen)
        await wait_for(pilot, store.started.is_set)

        await pilot.press("q")
        await wait_screen(pilot, ConfirmDialog)
        await pilot.press("n")  # keep it running
        await wait_for(pilot, lambda: pilot.app.screen is transfer)
        assert transfer.is_working and app.is_running

        await pilot.press("ctrl+q")
        await wait_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        store.release.set()
        await wait_for(pilot, lambda: transfer.report is not None)
        assert transfer.report.cancelled and not transfer.report.done
        await wait_for(pilot, lambda: app.return_code is not None)  # it quits once the job has stopped
    assert app.return_code == 0
    store.close()
    assert files_under(tmp_path) == []
