"""What the user sees can be trusted: bucket order, the status line at 80 columns, Esc, the palette, read-only."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, OptionList

from objstore_tui.object_store import ObjectStoreConfiguration
from objstore_tui.services.formatting import shorten
from objstore_tui.tui.dialogs.destination import DestinationDialog
from objstore_tui.tui.widgets.bucket_tree import BucketTree
from objstore_tui.tui.widgets.object_table import ObjectTable
from tests.helpers import notified
from tests.s3_server import MotoServer

from .conftest import browser, highlight, moto_config, rendered, table_names, wait_for, wait_listed


async def test_buckets_have_one_order_in_the_tree_and_the_destination_list(s3_server: MotoServer, raw_s3) -> None:
    for bucket in ("zeta", "alpha", "mid"):  # created out of order: the server may list them so
        raw_s3.create_bucket(Bucket=bucket)
    raw_s3.put_object(Bucket="zeta", Key="a.txt", Body=b"a")
    async with browser(moto_config(s3_server), "zeta").run_test(notifications=True, size=(80, 24)) as pilot:
        screen = await wait_listed(pilot)
        tree_order = screen.query_one(BucketTree).bucket_names()
        await pilot.press("C")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DestinationDialog))
        options = pilot.app.screen.query_one(OptionList)
        await wait_for(pilot, lambda: options.option_count == 3)
        dialog_order = [options.get_option_at_index(index).id for index in range(options.option_count)]
        assert tree_order == dialog_order == ["alpha", "mid", "zeta"]


def status_line(screen) -> str:
    """The status line as drawn: its one row of cells."""
    status = screen.query_one("#listing-status")
    strip = status.render_line(0)
    return "".join(segment.text for segment in strip).strip()


def full_status(screen) -> str:
    status = screen.query_one("#listing-status")
    return getattr(status, "text", None) or rendered(status)


async def test_status_line_at_80_columns_is_shortened_at_a_word(demo_config: ObjectStoreConfiguration) -> None:
    async with browser(demo_config, "demo-data/events").run_test(notifications=True, size=(80, 24)) as pilot:
        screen = await wait_listed(pilot)
        await pilot.press("slash", *"event-0001", "enter")
        await pilot.press("space", "space", "space")
        await wait_for(pilot, lambda: "3 marked" in full_status(screen))
        await pilot.pause()
        full, shown = full_status(screen), status_line(screen)
        assert len(full) > 78 and shown.endswith("…"), shown
        kept = shown[:-1]
        assert full.startswith(kept) and not full[len(kept)].isalnum(), (shown, full)
        assert "3 marked" in full


def test_shorten_cuts_at_a_word_boundary() -> None:
    assert shorten("short", 10) == "short"
    assert shorten("one two three", 9) == "one two…"
    assert shorten("one two · three", 10) == "one two…"
    assert shorten("abcdefghij", 5) == "abcd…"


async def test_escape_clears_the_filter_first_then_the_marks(demo_config: ObjectStoreConfiguration) -> None:
    async with browser(demo_config, "demo-data").run_test(notifications=True, size=(80, 24)) as pilot:
        screen = await wait_listed(pilot)
        table = screen.query_one(ObjectTable)
        await highlight(pilot, "config")
        await pilot.press("space", "space")
        assert table.rows.marked_count == 2
        await pilot.press("slash", *"rep", "enter")
        await wait_for(pilot, lambda: table.rows.filter_text == "rep")
        await pilot.press("escape")
        await wait_for(pilot, lambda: table.rows.filter_text == "")
        assert table.rows.marked_count == 2
        await pilot.press("escape")
        await wait_for(pilot, lambda: table.rows.marked_count == 0)
        assert "marked" not in full_status(screen)


async def test_keys_typed_right_after_slash_land_in_the_filter(demo_config: ObjectStoreConfiguration) -> None:
    async with browser(demo_config, "demo-data").run_test(notifications=True, size=(80, 24)) as pilot:
        screen = await wait_listed(pilot)
        table = screen.query_one(ObjectTable)
        await pilot.press("slash", "r", "e", "p", "o")
        await wait_for(pilot, lambda: table.rows.filter_text == "repo")
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: table.rows.filter_text == "")
        for key, character in (("slash", "/"), ("c", "c"), ("o", "o"), ("n", "n")):  # one burst, as a terminal sends
            pilot.app.post_message(events.Key(key, character))
        await wait_for(pilot, lambda: screen.query_one("#filter", Input).value == "con")
        await wait_for(pilot, lambda: table_names(screen) == ["config"])  # once the screen has the Changed message
        await pilot.press("slash")  # in the filter, '/' is text
        await wait_for(pilot, lambda: screen.query_one("#filter", Input).value == "con/")


async def palette_offers(pilot, query: str, wanted: str) -> None:
    """ctrl+p offers a command titled with ``wanted`` for ``query`` (its search streams in: wait for it)."""
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await pilot.press(*query)
    commands = pilot.app.screen.query_one(CommandList)

    def titles() -> list[str]:
        return [str(commands.get_option_at_index(index).prompt) for index in range(commands.option_count)]

    await wait_for(pilot, lambda: any(wanted in title for title in titles()))
    await pilot.press("escape")
    await wait_for(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette))


async def test_the_palette_finds_every_key_action(demo_config: ObjectStoreConfiguration) -> None:
    async with browser(demo_config, "demo-data").run_test(notifications=True, size=(160, 45)) as pilot:
        await wait_listed(pilot)
        await pilot.press("space")  # a mark to clear
        for query, wanted in (
            ("help", "Help"),
            ("profiles", "Profiles"),
            ("mark or", "Mark or unmark the row"),
            ("mark every", "Mark every row shown"),
            ("clear filter", "Clear filter, else marks"),
            ("upload", "Upload"),
        ):
            await palette_offers(pilot, query, wanted)


async def test_a_write_key_in_read_only_mode_says_why(demo_config: ObjectStoreConfiguration) -> None:
    async with browser(demo_config, "demo-data", read_only=True).run_test(notifications=True, size=(80, 24)) as pilot:
        screen = await wait_listed(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: notified(pilot.app) == ["Read-only\nread-only: Delete is disabled (--read-only)"])
        assert pilot.app.screen is screen


async def test_read_only_from_the_profile_names_it(tmp_path: Path, demo_root: Path) -> None:
    config = ObjectStoreConfiguration(
        framework="local", root_bucket="demo-data", read_only=True, connection={"endpoint": str(demo_root)}
    )
    async with browser(config, profile="lab").run_test(notifications=True, size=(80, 24)) as pilot:
        await wait_listed(pilot)
        await pilot.press("u")
        await wait_for(pilot, lambda: notified(pilot.app) == ["Read-only\nread-only: Upload is disabled (profile lab)"])


async def test_ctrl_c_quits_when_nothing_runs(demo_config: ObjectStoreConfiguration) -> None:
    app = browser(demo_config, "demo-data")
    async with app.run_test(notifications=True, size=(80, 24)) as pilot:
        await wait_listed(pilot)
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: not app.is_running)
