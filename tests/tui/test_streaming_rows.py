"""Rows streaming into the browser: End follows the newest rows, as ``tail -f`` does, and moving quickly
through rows fetches only the preview of the row the cursor rests on. Real app, moto behind a real proxy."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from objstore_tui.tui.widgets.object_table import ObjectTable
from objstore_tui.tui.widgets.preview import PreviewPane
from tests.http_proxy import HoldingProxy
from tests.s3_server import MotoServer

from .conftest import SIZE, browser, main_screen, moto_config, wait_for, wait_listed

KEYS = [f"many/{number:05d}.log" for number in range(1500)]
"""Two listing pages: the second is held at the proxy until the test lets it through."""


def _second_page(method: str, target: str) -> bool:
    return method == "GET" and "continuation-token" in target


def _fill(raw_s3, keys: list[str]) -> None:
    raw_s3.create_bucket(Bucket="ops")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda key: raw_s3.put_object(Bucket="ops", Key=key, Body=b"line\n"), keys))


def _through(proxy: HoldingProxy, server: MotoServer):
    config = moto_config(server)
    return config.model_copy(update={"connection": config.connection.model_copy(update={"endpoint": proxy.endpoint})})


async def _first_page_shown(pilot, proxy: HoldingProxy) -> ObjectTable:
    table = main_screen(pilot).query_one(ObjectTable)
    await wait_for(pilot, lambda: proxy.holding.is_set() and table.rows.row_count == 1000)
    return table


async def test_end_keeps_the_cursor_on_the_last_row_while_rows_stream_in(s3_server: MotoServer, raw_s3) -> None:
    _fill(raw_s3, KEYS)
    with HoldingProxy(s3_server.endpoint, _second_page) as proxy:
        async with browser(_through(proxy, s3_server), "ops/many/").run_test(size=SIZE) as pilot:
            table = await _first_page_shown(pilot, proxy)
            await pilot.press("end")
            assert table.cursor_row == 999
            await pilot.press("down")  # at the end already: still following
            proxy.release()
            await wait_listed(pilot)
            assert table.rows.row_count == 1500
            assert table.highlighted_entry is not None and table.highlighted_entry.key == KEYS[-1]
            assert round(table.scroll_y) == table.max_scroll_y  # the last row is on screen


async def test_moving_up_after_end_stops_following(s3_server: MotoServer, raw_s3) -> None:
    _fill(raw_s3, KEYS)
    with HoldingProxy(s3_server.endpoint, _second_page) as proxy:
        async with browser(_through(proxy, s3_server), "ops/many/").run_test(size=SIZE) as pilot:
            table = await _first_page_shown(pilot, proxy)
            await pilot.press("end", "up")
            proxy.release()
            await wait_listed(pilot)
            assert table.rows.row_count == 1500
            assert table.highlighted_entry is not None and table.highlighted_entry.key == KEYS[998]


async def test_moving_quickly_through_rows_fetches_only_the_row_it_rests_on(s3_server: MotoServer, raw_s3) -> None:
    keys = [f"logs/{number:02d}.txt" for number in range(30)]
    _fill(raw_s3, keys)
    with HoldingProxy(s3_server.endpoint, lambda method, target: False) as proxy:
        async with browser(_through(proxy, s3_server), "ops/logs/").run_test(size=SIZE) as pilot:
            screen = await wait_listed(pilot)
            table, preview = screen.query_one(ObjectTable), screen.query_one(PreviewPane)
            await wait_for(pilot, lambda: preview.entry is table.highlighted_entry and preview.is_settled)
            before = len(proxy.requests)
            for _ in range(20):  # a held-down arrow key: twenty moves before the app draws again
                table.action_cursor_down()
            await wait_for(pilot, lambda: preview.entry is table.highlighted_entry and preview.is_settled)
            object_reads = [r for r in proxy.requests[before:] if r.path.startswith("/ops/logs/")]
            assert sorted(r.method for r in object_reads) == ["GET", "HEAD"]
            assert {r.path for r in object_reads} == {"/ops/logs/20.txt"}
