"""Snapshots of the split view on the demo data: the active browser with the other pane at a glance (wide), or
with the other pane's location in the header (80x24). Regenerate with ``--snapshot-update`` and look at them."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from objstore_tui.object_store import ObjectStoreConfiguration
from objstore_tui.tui.widgets.pane_glance import PaneGlance

from .conftest import SIZE, SMALL, browser, highlight, text_of, wait_for, wait_listed, wait_previewed

BOTH_SIZES = pytest.mark.parametrize("size", [SIZE, SMALL], ids=["wide", "80x24"])


@BOTH_SIZES
def test_split_view(snap_compare, demo_config: ObjectStoreConfiguration, size: tuple[int, int]) -> None:
    async def split_on_logs(pilot: Pilot[None]) -> None:
        left = await wait_listed(pilot)
        await pilot.press("w")
        await wait_for(pilot, lambda: bool(left.query(PaneGlance)))
        await pilot.press("o")
        await wait_for(pilot, lambda: pilot.app.screen is not left)
        right = await wait_listed(pilot)
        await highlight(pilot, "logs")
        await pilot.press("enter")
        await wait_for(pilot, lambda: right.location is not None and right.location.prefix == "logs/")
        await pilot.press("o")
        await wait_for(pilot, lambda: pilot.app.screen is left)
        await highlight(pilot, "README.md")
        glance = left.query_one(PaneGlance)
        await wait_for(pilot, lambda: "entr" in text_of(glance.query_one("#glance-status")))
        if size == SMALL:
            await wait_previewed(pilot)
        await pilot.pause()

    assert snap_compare(browser(demo_config, profile="demo"), terminal_size=size, run_before=split_on_logs)
