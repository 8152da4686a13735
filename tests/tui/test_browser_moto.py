"""The browser over the boto3 backend against the moto S3 server: real HTTP, real pagination, real failures."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from textual.widgets import Static

from objstore_tui.object_store import ObjectStore
from objstore_tui.services.location import Location
from objstore_tui.services.preview_content import PREVIEW_BYTES
from objstore_tui.tui.widgets.bucket_tree import BucketTree
from objstore_tui.tui.widgets.object_table import ObjectTable
from objstore_tui.tui.widgets.preview import PreviewPane
from objstore_tui.tui.widgets.text_view import TextView
from tests.s3_server import MotoServer

from .conftest import (
    SIZE,
    RecordingStore,
    app_with_store,
    browser,
    highlight,
    main_screen,
    moto_config,
    notification_titles,
    rendered,
    table_names,
    wait_for,
    wait_listed,
)
from .conftest import wait_previewed as wait_preview


def _fill(raw_s3, bucket: str, objects: dict[str, bytes]) -> None:
    raw_s3.create_bucket(Bucket=bucket)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda item: raw_s3.put_object(Bucket=bucket, Key=item[0], Body=item[1]), objects.items()))


async def test_tree_and_folders_over_s3(s3_server: MotoServer, raw_s3) -> None:
    _fill(raw_s3, "ops", {"logs/2024/a.log": b"a\n", "logs/2025/b.log": b"b\n", "readme.txt": b"hello\n"})
    _fill(raw_s3, "other", {"x.txt": b"x"})
    async with browser(moto_config(s3_server)).run_test(notifications=True, size=SIZE) as pilot:
        screen = await wait_listed(pilot)
        assert screen.location == Location("ops")
        assert table_names(screen) == ["logs", "readme.txt"]
        tree = screen.query_one(BucketTree)
        assert [str(node.label) for node in tree.root.children] == ["ops", "other"]

        other = tree.node_for(Location("other"))
        assert other is not None
        tree.focus()
        tree.move_cursor(other)
        await pilot.press("space")  # expand without opening: its own listing
        await wait_for(pilot, lambda: tree.is_loaded(Location("other")))
        assert screen.location == Location("ops")

        table = screen.query_one(ObjectTable)
        table.focus()
        await pilot.press("enter")
        await wait_listed(pilot)
        assert table_names(screen) == ["2024", "2025"]
        await pilot.press("down", "enter")
        await wait_listed(pilot)
        assert screen.location == Location("ops", "logs/2025/")
        assert table_names(screen) == ["b.log"]
        await pilot.press("backspace", "backspace")
        await wait_listed(pilot)
        assert screen.location == Location("ops")
        assert screen.highlighted_entry.name == "logs"


async def test_listing_pages_stream_into_the_table(s3_server: MotoServer, raw_s3) -> None:
    names = [f"{number:05d}" for number in range(1050)]  # two pages of list_objects_v2
    _fill(raw_s3, "many", {f"k/{name}": b"." for name in names})
    async with browser(moto_config(s3_server), "many/k").run_test(notifications=True, size=SIZE) as pilot:
        screen = await wait_listed(pilot)
        assert table_names(screen) == names
        assert "0 folders, 1,050 objects" in rendered(screen.query_one("#listing-status", Static))
        await pilot.press("slash", *"104")
        assert table_names(screen) == [name for name in names if "104" in name]


async def test_preview_of_json_text_and_binary_over_s3(s3_server: MotoServer, raw_s3) -> None:
    _fill(
        raw_s3,
        "docs",
        {
            "a.json": json.dumps({"name": "ops", "ids": [1, 2]}).encode(),
            "b.txt": b"plain words\nsecond line\n",
            "c.bin": bytes(range(256)),
        },
    )
    raw_s3.put_object(Bucket="docs", Key="d.cfg", Body=b"x=1\n", Metadata={"owner": "ops-team"})
    async with browser(moto_config(s3_server)).run_test(notifications=True, size=SIZE) as pilot:
        await wait_listed(pilot)
        preview = await wait_preview(pilot)
        assert preview.query_one(TextView).render_line(1).text.startswith('2 │   "name": "ops"')
        await pilot.press("down")
        preview = await wait_preview(pilot)
        assert preview.query_one(TextView).render_line(1).text.startswith("2 │ second line")
        await pilot.press("down")
        preview = await wait_preview(pilot)
        assert preview.query_one(TextView).render_line(0).text.startswith("00000000  00 01 02 03")
        await highlight(pilot, "d.cfg")
        preview = await wait_preview(pilot)
        header = rendered(preview.query_one("#preview-header", Static))
        assert "owner" in header and "ops-team" in header


async def test_preview_of_a_large_object_is_one_small_ranged_read(s3_server: MotoServer, raw_s3) -> None:
    _fill(raw_s3, "big", {"dump.sql": b"-- dump\n" + b"insert into t values (1);\n" * 300_000})
    size = raw_s3.head_object(Bucket="big", Key="dump.sql")["ContentLength"]
    store = RecordingStore(moto_config(s3_server))
    async with app_with_store(store).run_test(notifications=True, size=SIZE) as pilot:
        await wait_listed(pilot)
        preview = await wait_preview(pilot)
        assert store.ranges == [("dump.sql", 0, PREVIEW_BYTES)]
        assert store.bytes_read == PREVIEW_BYTES
        assert f"first 64 KiB of {size / 1024 / 1024:.1f} MiB" in rendered(preview.query_one("#preview-header", Static))


async def test_server_stopped_while_browsing_keeps_the_app_alive(tmp_path: Path) -> None:
    server = MotoServer(tmp_path / "moto.log").start()
    try:
        config = moto_config(server, max_retries=0, connect_timeout=1)
        ObjectStore(config).create_bucket("fragile")
        ObjectStore(config).put_bytes("a/one.txt", b"1", "fragile")
        async with browser(config).run_test(size=SIZE, notifications=True) as pilot:
            screen = await wait_listed(pilot)
            assert table_names(screen) == ["a"]

            server.stop()
            await pilot.press("enter")  # list a/ on a dead server
            await wait_for(pilot, lambda: not screen.is_listing)
            await pilot.pause()
            table = screen.query_one(ObjectTable)
            assert table.rows.row_count == 0
            assert "Cannot list fragile/a/" in table.notice
            assert notification_titles(pilot) == ["Cannot list the folder"]
            assert screen.query_one("#listing-status").has_class("-error")
            await pilot.press("v", "v", "backspace")  # still answering keys
            await wait_for(pilot, lambda: not screen.is_listing)

            server.start()  # same port, empty state
            ObjectStore(config).create_bucket("fragile")
            ObjectStore(config).put_bytes("b/two.txt", b"2", "fragile")
            await pilot.press("r")
            await wait_listed(pilot)
            assert table_names(screen) == ["b"]
            assert not screen.query_one("#listing-status").has_class("-error")
            assert main_screen(pilot) is screen
            assert screen.query_one(PreviewPane).is_attached
    finally:
        server.stop()
