"""Snapshots of the split view on the demo data: the active browser with the other pane at a glance (wide), or
with the other pane's location in the header (80x24); and of the compare view with both previews. Regenerate with
``--snapshot-update`` and look at them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.pilot import Pilot

from objstore_tui.object_store import ObjectStoreConfiguration
from objstore_tui.services.location import Location
from objstore_tui.tui.screens.compare import CompareScreen
from objstore_tui.tui.widgets.pane_glance import PaneGlance
from objstore_tui.tui.widgets.preview import PreviewPane

from .conftest import SIZE, SMALL, browser, highlight, text_of, wait_for, wait_listed, wait_previewed

BOTH_SIZES = pytest.mark.parametrize("size", [SIZE, SMALL], ids=["wide", "80x24"])


@BOTH_SIZES
def test_split_view(snap_compare, demo_config: ObjectStoreConfiguration, size: tuple[int, int]) -> None:
    async def split_on_logs(pilot: Pilot[None]) -> None:
        left = await wait_listed(pilot)
        await pilot.press("w")
        await wait_for(pilot, lambda: bool(left.query(PaneGlance)))
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: pilot.app.screen is not left)
        right = await wait_listed(pilot)
        await highlight(pilot, "logs")
        await pilot.press("enter")
        await wait_for(pilot, lambda: right.location is not None and right.location.prefix == "logs/")
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: pilot.app.screen is left)
        await highlight(pilot, "README.md")
        glance = left.query_one(PaneGlance)
        await wait_for(pilot, lambda: "entr" in text_of(glance.query_one("#glance-status")))
        if size == SMALL:
            await wait_previewed(pilot)
        await pilot.pause()

    assert snap_compare(browser(demo_config, profile="demo"), terminal_size=size, run_before=split_on_logs)


def compare_folders(root: Path) -> ObjectStoreConfiguration:
    """Two buckets of the local backend with one name of each class, their times fixed (the view shows sizes)."""
    files = {
        "left/new.txt": b"only on the left\n",
        "left/same.txt": b"the same on both sides\n",
        "left/changed.txt": b"the left's version\n",
        "right/same.txt": b"the same on both sides\n",
        "right/changed.txt": b"the right's older version\n",
        "right/extra.txt": b"only on the right\n",
    }
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, (1_736_932_140, 1_736_932_140))
    return ObjectStoreConfiguration(framework="local", root_bucket="left", connection={"endpoint": str(root)})


@BOTH_SIZES
def test_compare_view(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def compare_and_preview(pilot: Pilot[None]) -> None:
        left = await wait_listed(pilot)
        await pilot.press("w")
        await wait_for(pilot, lambda: bool(left.query(PaneGlance)))
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: pilot.app.screen is not left)
        right = await wait_listed(pilot)
        right.open_location(Location("right"))
        await wait_listed(pilot)
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: pilot.app.screen is left)
        await pilot.press("equals_sign")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, CompareScreen))
        screen = pilot.app.screen
        assert isinstance(screen, CompareScreen)
        await wait_for(pilot, lambda: screen.plan is not None)
        await pilot.press("down", "v")
        previews = list(screen.query(PreviewPane))
        await wait_for(pilot, lambda: all(preview.is_settled for preview in previews))
        await pilot.pause()

    app = browser(compare_folders(tmp_path), profile="demo")
    assert snap_compare(app, terminal_size=size, run_before=compare_and_preview)
