"""The browser in an 80x24 terminal: the table keeps the Size column next to the names, which are cut with '…'."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets import OptionList

from objstore_tui.object_store import ObjectStoreConfiguration
from objstore_tui.services.profiles import Profile
from objstore_tui.tui.screens.profiles import ProfilesScreen
from objstore_tui.tui.widgets.object_table import ObjectTable

from .conftest import SMALL, browser, main_screen, wait_listed

LONG_NAME = "quarterly-report-for-the-operations-team-2025-q1-final-v2.csv"


async def test_the_table_shows_sizes_and_cut_names_at_80x24(tmp_path: Path) -> None:
    bucket = tmp_path / "ops-data"
    bucket.mkdir()
    (bucket / LONG_NAME).write_bytes(b"x" * 2048)
    config = ObjectStoreConfiguration(framework="local", connection={"endpoint": str(tmp_path)})
    async with browser(config, "ops-data").run_test(size=SMALL) as pilot:
        await wait_listed(pilot)
        table = main_screen(pilot).query_one(ObjectTable)
        header, row = table.render_line(0).text, table.render_line(1).text
        assert header.split() == ["Name", "▲", "Size"]
        assert row.rstrip().endswith("2.0 KiB")
        name_cell = row.split("  ")[0].strip()
        assert name_cell.endswith("…") and LONG_NAME.startswith(name_cell[:-1])
        assert table.region.right <= pilot.app.screen.region.right


async def test_the_profile_list_stays_on_screen_at_80x24() -> None:
    """A long list scrolls inside the box; the box does not run off the bottom of the terminal."""
    profiles = [Profile(f"profile-{number}", "~/.aws/config", None, problem="no region") for number in range(15)]
    app = App[None]()
    async with app.run_test(size=SMALL) as pilot:
        app.push_screen(ProfilesScreen(profiles, None))
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert app.screen.region.contains_region(options.region), f"the list at {options.region} is cut off"
        assert options.max_scroll_y > 0, "the list scrolls itself"
