"""A server that accepts requests and then stalls: the browser says it is waiting, and Esc stops the wait at once."""

from __future__ import annotations

import time

from textual.widgets import Static

from objstore_tui.tui.widgets.preview import PreviewPane
from tests.http_proxy import StallingProxy
from tests.s3_server import MotoServer

from .conftest import SIZE, browser, highlight, main_screen, moto_config, rendered, table_names, wait_for, wait_listed


def _stalls(method: str, path: str) -> bool:
    """The listing of 'slow/' and every read of 'held.txt' hang; everything else is answered."""
    return "prefix=slow%2F" in path or (path.startswith("/ops/held.txt") and method in ("HEAD", "GET"))


async def test_esc_stops_a_stalled_listing_and_preview_at_once(s3_server: MotoServer, raw_s3) -> None:
    raw_s3.create_bucket(Bucket="ops")
    for key in ("slow/a.txt", "held.txt", "other.txt"):
        raw_s3.put_object(Bucket="ops", Key=key, Body=b"data\n")
    with StallingProxy(s3_server.endpoint, _stalls) as proxy:
        config = moto_config(s3_server, read_timeout=2.5)  # asked again after 2.5 s: the status says so
        config = config.model_copy(
            update={"connection": config.connection.model_copy(update={"endpoint": proxy.endpoint})}
        )
        async with browser(config, "ops/slow/").run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: proxy.stalled.is_set())
            screen = main_screen(pilot)
            status = screen.query_one("#listing-status", Static)
            await wait_for(pilot, lambda: "waiting for the server" in rendered(status))
            assert "Esc stops" in rendered(status)
            await wait_for(pilot, lambda: "asking again (try 2 of 2)" in rendered(status))
            assert screen.is_listing

            pressed = time.monotonic()
            await pilot.press("escape")
            await wait_for(pilot, lambda: not screen.is_listing, timeout=1.0)
            assert time.monotonic() - pressed < 1.0
            assert "listing stopped" in rendered(status)

            await pilot.press("backspace")  # the app still answers, and the server too where it is not stalled
            await wait_listed(pilot)
            assert table_names(screen) == ["slow", "held.txt", "other.txt"]

            await highlight(pilot, "held.txt")
            preview = screen.query_one(PreviewPane)
            header = preview.query_one("#preview-header", Static)
            await wait_for(pilot, lambda: "waiting for the server" in rendered(header))
            assert preview.is_loading
            await pilot.press("escape")
            await wait_for(pilot, lambda: not preview.is_loading, timeout=1.0)
            body = preview.query_one("#preview-body").query_one(Static)
            assert "Preview stopped" in rendered(body)
            proxy.release()  # the held requests end, so the app's threads can too
