"""Snapshots of the main screen on the demo data, the help screen and the error screen.

Regenerate after an intended change with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at
the SVGs before committing them.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from objstore_tui.object_store import ObjectStoreConfiguration, StoreConnectionError
from objstore_tui.tui.app import ObjstoreApp
from objstore_tui.tui.dialogs.search import SearchDialog
from objstore_tui.tui.dialogs.summary import SummaryScreen

from .conftest import SIZE, SMALL, browser, wait_for, wait_listed, wait_previewed

BOTH_SIZES = pytest.mark.parametrize("size", [SIZE, SMALL], ids=["wide", "80x24"])


@BOTH_SIZES
def test_main_screen(snap_compare, demo_config: ObjectStoreConfiguration, size: tuple[int, int]) -> None:
    async def show_readme(pilot: Pilot[None]) -> None:
        await wait_listed(pilot)
        await pilot.press("end")
        await wait_previewed(pilot)

    app = browser(demo_config, profile="demo")
    assert snap_compare(app, terminal_size=size, run_before=show_readme)


@BOTH_SIZES
def test_help_screen(snap_compare, demo_config: ObjectStoreConfiguration, size: tuple[int, int]) -> None:
    async def open_help(pilot: Pilot[None]) -> None:
        await wait_listed(pilot)
        await wait_previewed(pilot)  # the browser behind the dialog, drawn in full
        await pilot.press("question_mark")

    assert snap_compare(browser(demo_config, profile="demo"), terminal_size=size, run_before=open_help)


@pytest.mark.parametrize("size", [(100, 24), SMALL], ids=["wide", "80x24"])
def test_error_screen(snap_compare, size: tuple[int, int]) -> None:
    error = StoreConnectionError("cannot connect to http://127.0.0.1:9000: connection refused")
    app = ObjstoreApp(None, startup_error=error)
    assert snap_compare(app, terminal_size=size)


@BOTH_SIZES
def test_summary_screen(snap_compare, demo_config: ObjectStoreConfiguration, size: tuple[int, int]) -> None:
    async def summarize_bucket(pilot: Pilot[None]) -> None:
        main = await wait_listed(pilot)
        preview = await wait_previewed(pilot)
        pilot.app.screen.query_one("#tree").focus()
        await pilot.press("i")  # on the bucket's node: the bucket's summary
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen) and pilot.app.screen.done)
        # the browser shows behind the summary: its preview must be whole too, however late it settled
        await wait_for(pilot, lambda: preview.entry is main.highlighted_entry and preview.is_settled)
        await pilot.pause()

    assert snap_compare(browser(demo_config, profile="demo"), terminal_size=size, run_before=summarize_bucket)


@BOTH_SIZES
def test_search_results(snap_compare, demo_config: ObjectStoreConfiguration, size: tuple[int, int]) -> None:
    async def search_csv(pilot: Pilot[None]) -> None:
        screen = await wait_listed(pilot)
        await pilot.press("F")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SearchDialog))
        pilot.app.screen.query_one("#search-name", Input).value = "*.csv"
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.search_view.active and not screen.is_listing)
        await pilot.press("home")  # the cursor stays on the first match to arrive, which varies: go to the first row
        await wait_for(pilot, lambda: screen.table.cursor_row == 0)
        await wait_previewed(pilot)

    assert snap_compare(browser(demo_config, profile="demo"), terminal_size=size, run_before=search_csv)


@BOTH_SIZES
def test_viewer_screen(snap_compare, demo_config: ObjectStoreConfiguration, size: tuple[int, int]) -> None:
    async def view_readme(pilot: Pilot[None]) -> None:
        from objstore_tui.tui.screens.viewer import ViewerScreen

        await wait_listed(pilot)
        await pilot.press("end")
        await wait_previewed(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ViewerScreen) and pilot.app.screen.content_view)
        view = pilot.app.screen.content_view
        await wait_for(
            pilot, lambda: view.window.at_end and "byte" in str(pilot.app.screen.query_one("#viewer-status").render())
        )

    assert snap_compare(browser(demo_config, profile="demo"), terminal_size=size, run_before=view_readme)
