"""Find, measure and jump in the browser over moto: the summary (i), search (F), go to (g) and copy (y)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pyperclip
import pytest
from textual.widgets import Checkbox, Input, OptionList, Static

from objstore_tui.services.location import Location
from objstore_tui.tui.dialogs.confirm import ConfirmDialog
from objstore_tui.tui.dialogs.delete import DeleteDialog
from objstore_tui.tui.dialogs.details import DetailsScreen
from objstore_tui.tui.dialogs.download import DownloadDialog
from objstore_tui.tui.dialogs.goto import GoToDialog
from objstore_tui.tui.dialogs.job import JobScreen
from objstore_tui.tui.dialogs.search import SearchDialog
from objstore_tui.tui.dialogs.summary import SummaryScreen
from objstore_tui.tui.widgets.bucket_tree import BucketTree
from objstore_tui.tui.widgets.object_table import ObjectTable
from tests.helpers import notified, text_of
from tests.http_proxy import StallingProxy
from tests.s3_server import MotoServer
from tests.tui_ops.conftest import wait_screen

from .conftest import SIZE, SMALL, browser, highlight, moto_config, rendered, wait_for, wait_listed

OBJECTS = {
    "logs/2024/a.log": b"a" * 10,
    "logs/2024/b.log": b"b" * 20,
    "logs/2025/big.bin": b"x" * 5000,
    "logs/2025/deep/c.csv": b"c" * 300,
    "logs/notes.txt": b"n" * 7,
    "readme.txt": b"hello\n",
}


def fill(raw_s3, bucket: str, objects: dict[str, bytes]) -> None:
    raw_s3.create_bucket(Bucket=bucket)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda item: raw_s3.put_object(Bucket=bucket, Key=item[0], Body=item[1]), objects.items()))


def folder_rows(screen: SummaryScreen) -> list[str]:
    options = screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def names_in(rows: list[str]) -> list[str]:
    names = ("2025/", "2024/", "deep/", "(objects here)")
    return [next(name for name in names if name in row) for row in rows]


async def open_summary(pilot, name: str | None) -> SummaryScreen:
    if name is not None:
        await highlight(pilot, name)
    await pilot.press("i")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen) and pilot.app.screen._summary)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SummaryScreen)
    return screen


@pytest.mark.parametrize("size", [SIZE, SMALL])
async def test_summary_of_a_folder_drills_in_and_out(s3_server: MotoServer, raw_s3, size) -> None:
    fill(raw_s3, "ops", OBJECTS)
    async with browser(moto_config(s3_server)).run_test(notifications=True, size=size) as pilot:
        await wait_listed(pilot)
        screen = await open_summary(pilot, "logs")
        progress = rendered(screen.query_one("#summary-progress", Static))
        assert "Done: 5 objects, 5.2 KiB" in progress
        assert "ops/logs/: 5 objects" in rendered(screen.query_one("#summary-here", Static))
        rows = folder_rows(screen)
        assert names_in(rows) == ["2025/", "2024/", "(objects here)"]  # biggest first, then the loose ones
        assert "big.bin" in rendered(screen.query_one("#summary-details", Static))

        await pilot.press("enter")  # into 2025/, from the summary in memory
        await wait_for(pilot, lambda: "ops/logs/2025/" in rendered(screen.query_one("#summary-here", Static)))
        assert names_in(folder_rows(screen)) == ["(objects here)", "deep/"]
        await pilot.press("backspace")
        await wait_for(pilot, lambda: "ops/logs/:" in rendered(screen.query_one("#summary-here", Static)))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(pilot.app.screen, SummaryScreen))


async def test_i_sums_up_the_bucket_from_the_tree_and_describes_an_object(s3_server: MotoServer, raw_s3) -> None:
    """One key, by what has the focus: an object's details, a folder's or a bucket's summary."""
    fill(raw_s3, "ops", OBJECTS)
    async with browser(moto_config(s3_server)).run_test(notifications=True, size=SIZE) as pilot:
        main = await wait_listed(pilot)
        await highlight(pilot, "readme.txt")
        await pilot.press("i")
        details = await wait_screen(pilot, DetailsScreen)
        await wait_for(pilot, lambda: any("readme.txt" in rendered(part) for part in details.query(Static)))
        await pilot.press("escape")
        await wait_for(pilot, lambda: pilot.app.screen is main)
        main.query_one("#tree").focus()
        await pilot.pause()
        screen = await open_summary(pilot, None)
        assert "ops/: 6 objects" in rendered(screen.query_one("#summary-here", Static))


def highlighted(main) -> str | None:
    entry = main.highlighted_entry
    return getattr(entry, "key", None)


async def go_to(pilot, text: str) -> None:
    await pilot.press("g")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, GoToDialog))
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")


@pytest.mark.parametrize("size", [SIZE, SMALL])
async def test_go_to_opens_the_folder_highlights_the_object_and_expands_the_tree(
    s3_server: MotoServer, raw_s3, size
) -> None:
    fill(raw_s3, "ops", OBJECTS)
    fill(raw_s3, "other", {"x.txt": b"x"})
    async with browser(moto_config(s3_server), start="other").run_test(notifications=True, size=size) as pilot:
        main = await wait_listed(pilot)
        tree = main.query_one(BucketTree)
        await go_to(pilot, "s3://ops/logs/2025/deep/c.csv")
        deep = Location("ops", "logs/2025/deep/")
        await wait_for(pilot, lambda: main.location == deep and not main.is_listing)
        await wait_for(pilot, lambda: highlighted(main) == "logs/2025/deep/c.csv")
        await wait_for(pilot, lambda: tree.cursor_node is not None and tree.cursor_node.data == deep)

        await go_to(pilot, f"http://{s3_server.endpoint}/ops/readme.txt?X-Amz-Signature=0")  # the endpoint's URL
        await wait_for(pilot, lambda: main.location == Location("ops") and not main.is_listing)
        await wait_for(pilot, lambda: highlighted(main) == "readme.txt")

        await go_to(pilot, "logs/2024/")  # a path in the current bucket
        await wait_for(pilot, lambda: main.location == Location("ops", "logs/2024/") and not main.is_listing)

        await go_to(pilot, "s3://Not_A_Bucket/x")
        dialog = pilot.app.screen
        assert isinstance(dialog, GoToDialog)
        await wait_for(pilot, lambda: "invalid bucket name" in rendered(dialog.query_one("#goto-error", Static)))
        await pilot.press("escape")
        await go_to(pilot, "s3://ops/logs/missing.txt")
        await wait_for(pilot, lambda: any("No object or folder missing.txt" in n for n in notified(pilot.app)))


async def test_start_deep_in_a_bucket_expands_the_tree_to_it(s3_server: MotoServer, raw_s3) -> None:
    fill(raw_s3, "ops", OBJECTS)
    async with browser(moto_config(s3_server), start="ops/logs/2025/deep").run_test(size=SIZE) as pilot:
        main = await wait_listed(pilot)
        tree = main.query_one(BucketTree)
        deep = Location("ops", "logs/2025/deep/")
        await wait_for(pilot, lambda: tree.cursor_node is not None and tree.cursor_node.data == deep)
        assert tree.node_for(Location("ops", "logs/")).is_expanded


@pytest.mark.parametrize(("choice", "copied"), [("k", "logs/notes.txt"), ("u", "s3://ops/logs/notes.txt"), ("l", None)])
async def test_copy_the_key_uri_or_url(s3_server: MotoServer, raw_s3, choice: str, copied: str | None) -> None:
    fill(raw_s3, "ops", OBJECTS)
    copied = copied or f"http://{s3_server.endpoint}/ops/logs/notes.txt"
    async with browser(moto_config(s3_server), start="ops/logs").run_test(notifications=True, size=SMALL) as pilot:
        await wait_listed(pilot)
        await highlight(pilot, "notes.txt")
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog))
        await pilot.press(choice)
        await wait_for(pilot, lambda: any(f"{copied} to" in note for note in notified(pilot.app)))
        note = next(note for note in notified(pilot.app) if "Copied the" in note)
        if "OSC 52" in note:
            assert pilot.app.clipboard == copied
        else:
            assert pyperclip.paste() == copied


def result_keys(main) -> list[str]:
    table = main.query_one(ObjectTable)
    return sorted(table.rows.row_entry(row).key for row in range(table.rows.row_count))


async def search(pilot, name: str, *, whole_bucket: bool = False, larger: str = "") -> None:
    await pilot.press("F")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SearchDialog))
    dialog = pilot.app.screen
    dialog.query_one("#search-name", Input).value = name
    dialog.query_one("#search-larger", Input).value = larger
    dialog.query_one("#search-bucket", Checkbox).value = whole_bucket
    await pilot.press("enter")


@pytest.mark.parametrize("size", [SIZE, SMALL])
async def test_search_streams_results_that_every_action_works_on(s3_server: MotoServer, raw_s3, size) -> None:
    fill(raw_s3, "ops", OBJECTS)
    async with browser(moto_config(s3_server), start="ops/logs").run_test(notifications=True, size=size) as pilot:
        main = await wait_listed(pilot)
        await search(pilot, "*.log")
        await wait_for(pilot, lambda: main.search_view.active and not main.is_listing)
        assert result_keys(main) == ["logs/2024/a.log", "logs/2024/b.log"]
        status = rendered(main.query_one("#listing-status", Static))
        assert "2 objects · " in status and "looked at" in status
        assert "Search “*.log” under ops/logs/" in rendered(main.query_one("#breadcrumb", Static))
        assert "logs/2024/a.log" in str(main.query_one(ObjectTable).render_line(1).text)  # full keys shown

        await highlight_key(pilot, main, "logs/2024/b.log")
        await pilot.press("x")  # delete a result: the search runs again afterwards
        dialog = await wait_screen(pilot, DeleteDialog)
        await wait_for(pilot, lambda: "b.log" in text_of(dialog.query_one("#delete-summary", Static)))
        await pilot.press("y")
        await wait_for(pilot, lambda: pilot.app.screen is main)
        await wait_for(pilot, lambda: not main.is_listing and result_keys(main) == ["logs/2024/a.log"])
        assert "logs/2024/b.log" not in keys(raw_s3, "ops")

        await pilot.press("backspace")  # back to the folder the search started from
        await wait_for(pilot, lambda: not main.search_view.active and main.location == Location("ops", "logs/"))
        await wait_listed(pilot)

        await search(pilot, "*", whole_bucket=True, larger="1k")  # whole bucket, size bound
        await wait_for(pilot, lambda: main.search_view.active and not main.is_listing)
        assert result_keys(main) == ["logs/2025/big.bin"]
        await search(pilot, "nothing-here-*")
        await wait_for(pilot, lambda: not main.is_listing and "Nothing matches" in main.query_one(ObjectTable).notice)


async def test_search_refuses_bad_input_before_any_request(s3_server: MotoServer, raw_s3) -> None:
    fill(raw_s3, "ops", OBJECTS)
    async with browser(moto_config(s3_server), start="ops").run_test(size=SMALL) as pilot:
        await wait_listed(pilot)
        await search(pilot, "*.log", larger="ten")
        dialog = pilot.app.screen
        assert isinstance(dialog, SearchDialog)
        await wait_for(pilot, lambda: "larger than: a size like" in rendered(dialog.query_one("#search-error", Static)))


async def highlight_key(pilot, main, key: str) -> None:
    table = main.query_one(ObjectTable)
    row = next(row for row in range(table.rows.row_count) if table.rows.row_entry(row).key == key)
    table.focus()
    table.action_first_row()
    for _ in range(row):
        table.action_cursor_down()
    await pilot.pause()


def keys(raw_s3, bucket: str) -> list[str]:
    return [item["Key"] for item in raw_s3.list_objects_v2(Bucket=bucket).get("Contents", [])]


async def test_folder_sizes_fill_the_size_column_in_the_background(s3_server: MotoServer, raw_s3) -> None:
    fill(raw_s3, "ops", OBJECTS)
    async with browser(moto_config(s3_server), start="ops/logs").run_test(notifications=True, size=SMALL) as pilot:
        main = await wait_listed(pilot)
        table = main.query_one(ObjectTable)
        assert "B" not in line_of(table, "2024/")
        await pilot.press("S")
        await wait_for(pilot, lambda: "30 B" in line_of(table, "2024/") and "5.2 KiB" in line_of(table, "2025/"))
        await pilot.press("backspace")  # another folder: sized too
        await wait_listed(pilot)
        await wait_for(pilot, lambda: "5.2 KiB" in line_of(table, "logs/"))
        await pilot.press("S")
        await wait_for(pilot, lambda: "B" not in line_of(table, "logs/"))


def line_of(table: ObjectTable, name: str) -> str:
    """The row of ``name`` as drawn."""
    lines = [str(table.render_line(y).text) for y in range(1, table.rows.row_count + 1)]
    return next(line for line in lines if line.strip().startswith(name))


async def test_a_summary_waiting_on_a_stalled_server_stops_with_c(s3_server: MotoServer, raw_s3) -> None:
    fill(raw_s3, "ops", OBJECTS)
    with StallingProxy(s3_server.endpoint, lambda method, path: "prefix=logs%2F2025%2F" in path) as proxy:
        config = moto_config(s3_server)
        connection = config.connection.model_copy(update={"endpoint": proxy.endpoint})
        async with browser(config.model_copy(update={"connection": connection}), "ops").run_test(size=SIZE) as pilot:
            await wait_listed(pilot)
            await highlight(pilot, "logs")
            await pilot.press("i")
            await wait_for(pilot, lambda: proxy.stalled.is_set() and isinstance(pilot.app.screen, SummaryScreen))
            screen = pilot.app.screen
            progress = screen.query_one("#summary-progress", Static)
            await wait_for(pilot, lambda: "Listing…" in rendered(progress) and "c stops" in rendered(progress))
            await pilot.press("c")
            await wait_for(pilot, lambda: "Stopped: the totals above are partial" in rendered(progress))
            assert not screen.done
            proxy.release()


async def test_search_results_download_with_their_paths_below_the_searched_folder(
    s3_server: MotoServer, raw_s3, tmp_path
) -> None:
    fill(raw_s3, "ops", OBJECTS)
    async with browser(moto_config(s3_server), start="ops/logs").run_test(notifications=True, size=SIZE) as pilot:
        main = await wait_listed(pilot)
        await search(pilot, "*.log")
        await wait_for(pilot, lambda: main.search_view.active and not main.is_listing)
        await pilot.press("asterisk", "d")  # mark every result, download them
        dialog = await wait_screen(pilot, DownloadDialog)
        dialog.query_one("#download-folder", Input).value = str(tmp_path)
        await pilot.pause()
        await pilot.press("enter")
        job = await wait_screen(pilot, JobScreen)
        await wait_for(pilot, lambda: job.report is not None)
        assert job.report.ok
    found = sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*") if path.is_file())
    assert found == ["2024/a.log", "2024/b.log"]
    assert (tmp_path / "2024/b.log").read_bytes() == OBJECTS["logs/2024/b.log"]
