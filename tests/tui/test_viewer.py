"""The full-content viewer over moto: Enter opens it, G reads only the tail, search, wrap, hex, gzip, Parquet."""

from __future__ import annotations

import gzip
import io

import pytest
from textual.widgets import Static

from objstore_tui.services.viewer_content import BLOCK_SIZE, TAIL_BYTES
from objstore_tui.tui.screens.viewer import ViewerScreen
from objstore_tui.tui.widgets.content_view import ContentView
from objstore_tui.tui.widgets.text_view import TextView
from tests.s3_server import MotoServer

from .conftest import (
    SIZE,
    SMALL,
    RecordingStore,
    app_with_store,
    highlight,
    moto_config,
    rendered,
    wait_for,
    wait_listed,
    wait_previewed,
)


def _log(lines: int) -> bytes:
    return b"".join(f"{n:07d} request served\x1b[31m\n".encode() for n in range(lines))


def _shown(view: ContentView) -> list[str]:
    return [view.render_line(y).text.rstrip() for y in range(view.scrollable_content_region.height)]


async def _open_viewer(pilot, name: str) -> tuple[ViewerScreen, ContentView]:
    await wait_listed(pilot)
    await highlight(pilot, name)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ViewerScreen) and pilot.app.screen.content_view)
    screen = pilot.app.screen
    assert isinstance(screen, ViewerScreen)
    view = screen.content_view
    assert view is not None
    await wait_for(pilot, lambda: len(view.window) > 0 or view.is_hex)
    await pilot.pause()
    return screen, view


@pytest.mark.parametrize("size", [SIZE, SMALL])
async def test_enter_opens_the_viewer_and_g_reads_only_the_tail(s3_server: MotoServer, raw_s3, size) -> None:
    data = _log(400_000)  # 12 MB
    raw_s3.create_bucket(Bucket="logs")
    raw_s3.put_object(Bucket="logs", Key="big.log", Body=data)
    store = RecordingStore(moto_config(s3_server))
    async with app_with_store(store, "logs").run_test(size=size) as pilot:
        screen, view = await _open_viewer(pilot, "big.log")
        assert _shown(view)[0] == "0000000 request served␛[31m"  # the escape shown, not sent
        store.bytes_read = 0
        await pilot.press("G")
        await wait_for(pilot, lambda: view.window.at_end and view.window.start > 0)
        await pilot.pause()
        assert [line for line in _shown(view) if line][-2:] == ["0399999 request served␛[31m", "(end)"]
        assert store.bytes_read <= TAIL_BYTES + BLOCK_SIZE  # the tail, and at most the block before it
        assert "%" in rendered(screen.query_one("#viewer-status", Static))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(pilot.app.screen, ViewerScreen))


async def test_search_next_previous_and_wrap(s3_server: MotoServer, raw_s3) -> None:
    body = _log(50_000) + b"the NEEDLE here\n" + _log(50_000) + b"another needle\n"
    raw_s3.create_bucket(Bucket="find")
    raw_s3.put_object(Bucket="find", Key="app.log", Body=body)
    async with app_with_store(RecordingStore(moto_config(s3_server)), "find").run_test(size=SIZE) as pilot:
        screen, view = await _open_viewer(pilot, "app.log")
        await pilot.press("slash", *"needle", "enter")
        await wait_for(pilot, lambda: "“needle” found" in rendered(screen.query_one("#viewer-status", Static)))
        assert any(line == "the NEEDLE here" for line in _shown(view))
        await pilot.press("n")
        await wait_for(pilot, lambda: any(line == "another needle" for line in _shown(view)))
        await pilot.press("N")
        await wait_for(pilot, lambda: any(line == "the NEEDLE here" for line in _shown(view)))
        await pilot.press("n", "n")
        await wait_for(pilot, lambda: "not found" in rendered(screen.query_one("#viewer-status", Static)))
        width = view.scrollable_content_region.width
        assert view.virtual_size.width > width or view.wrap is False
        await pilot.press("w")
        assert view.wrap and view.virtual_size.width == width


async def test_gzip_log_and_binary_and_parquet(s3_server: MotoServer, raw_s3) -> None:
    pa = pytest.importorskip("pyarrow", reason="pyarrow (the [data] extra) is not installed")
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(pa.table({"city": ["Oslo", "Lima"], "people": [700_000, 10_000_000]}), buffer)
    raw_s3.create_bucket(Bucket="mixed")
    raw_s3.put_object(Bucket="mixed", Key="a.log.gz", Body=gzip.compress(b"first\nsecond\n"))
    raw_s3.put_object(Bucket="mixed", Key="b.bin", Body=bytes(range(64)))
    raw_s3.put_object(Bucket="mixed", Key="c.parquet", Body=buffer.getvalue())
    async with app_with_store(RecordingStore(moto_config(s3_server)), "mixed").run_test(size=SMALL) as pilot:
        screen, view = await _open_viewer(pilot, "a.log.gz")
        await wait_for(pilot, lambda: _shown(view)[:2] == ["first", "second"])
        assert "gzip-compressed text" in rendered(screen.query_one("#viewer-title", Static))
        await pilot.press("escape")
        screen, view = await _open_viewer(pilot, "b.bin")
        await wait_for(pilot, lambda: _shown(view)[0].startswith("0000000000  00 01 02"))
        await pilot.press("escape")
        await highlight(pilot, "c.parquet")
        preview = await wait_previewed(pilot)  # the preview pane shows the summary too
        assert "  city: string" in [line.plain for line in preview.query_one(TextView)._lines]
        await pilot.press("o")
        await wait_for(pilot, lambda: bool(pilot.app.screen.query(TextView)))
        lines = [line.plain for line in pilot.app.screen.query_one(TextView)._lines]
        assert "  city: string" in lines and "  Lima | 10000000" in lines
