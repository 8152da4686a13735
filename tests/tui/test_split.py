"""The split view (w): two browsers, each with its own store, bucket and prefix; ctrl+o switches, p picks a store for
the active pane, C and M default to the other pane's location. Real app, real stores: the demo data on the local
backend, and two moto servers, what they hold read back with the minio SDK (the app's stores are boto3's)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from objstore_tui.object_store import ObjectStoreConfiguration
from objstore_tui.services.location import Location
from objstore_tui.tui.dialogs.job import JobScreen
from objstore_tui.tui.screens.main import MainScreen
from objstore_tui.tui.screens.profiles import ProfilesScreen
from objstore_tui.tui.widgets.pane_glance import PaneBadge, PaneGlance
from tests.helpers import notified
from tests.http_proxy import StallingProxy
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY, MotoServer

from .conftest import (
    SIZE,
    SMALL,
    browser,
    highlight,
    main_screen,
    moto_config,
    rendered,
    text_of,
    wait_for,
    wait_listed,
)
from .split_helpers import (
    chosen,
    destination_dialog,
    fill,
    header_other,
    open_split,
    pending_uploads,
    pick_profile,
    read_back,
    run_job,
    switch_pane,
    write_moto_profile,
)

BOTH_SIZES = pytest.mark.parametrize("size", [SIZE, SMALL], ids=["wide", "80x24"])


@BOTH_SIZES
async def test_split_opens_switches_and_closes(demo_config: ObjectStoreConfiguration, size: tuple[int, int]) -> None:
    app = browser(demo_config, profile="demo")
    async with app.run_test(size=size) as pilot:
        left = await open_split(pilot)
        assert text_of(left.query_one(PaneBadge)) == "LEFT"
        assert "right: demo · local · demo-data/" in header_other(left)
        glance = left.query_one(PaneGlance)
        if size == SIZE:
            await wait_for(pilot, lambda: "8 entries" in text_of(glance.query_one("#glance-status")))
            assert glance.region.area > 0 and glance.region.x > left.table.region.right - 1
        else:
            assert glance.region.area == 0  # the header's location stands for it on a narrow terminal

        right = await switch_pane(pilot, left)
        assert text_of(right.query_one(PaneBadge)) == "RIGHT"
        await highlight(pilot, "logs")
        await pilot.press("enter")
        await wait_for(pilot, lambda: right.location is not None and right.location.prefix == "logs/")
        assert left.location is not None and left.location.prefix == ""  # each pane has its own prefix

        assert await switch_pane(pilot, right) is left
        assert "right: demo · local · demo-data/logs/" in header_other(left)

        await pilot.press("w")
        await wait_for(pilot, lambda: not app.split.is_open and not left.query(PaneBadge))
        assert app.screen is left and not left.has_class("-split")
        await wait_for(pilot, lambda: not right.is_attached)  # the other browser went, its workers with it
        bindings = {binding.binding.action for binding in left.active_bindings.values() if binding.enabled}
        assert "split" in bindings and "other_pane" not in bindings


async def test_the_split_closes_on_the_right_pane_keeping_its_place(demo_config: ObjectStoreConfiguration) -> None:
    async with browser(demo_config, profile="demo").run_test(size=SIZE) as pilot:
        left = await open_split(pilot)
        right = await switch_pane(pilot, left)
        await highlight(pilot, "config")
        await pilot.press("enter")
        await wait_for(pilot, lambda: right.location is not None and right.location.prefix == "config/")
        await pilot.press("w")
        await wait_for(pilot, lambda: not pilot.app.split.is_open)
        assert pilot.app.screen is right and right.location is not None and right.location.prefix == "config/"
        await wait_for(pilot, lambda: not left.is_attached)
        await pilot.press("p")  # the single browser's profile picker replaces the whole screen, as before
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ProfilesScreen))


@BOTH_SIZES
async def test_p_opens_another_store_in_the_active_pane_only(
    s3_server: MotoServer, second_s3_server: MotoServer, profile_file: Path, size: tuple[int, int]
) -> None:
    fill(s3_server, "first", {"a.txt": b"first server"})
    fill(second_s3_server, "second", {"b.txt": b"second server"})
    write_moto_profile(profile_file, "backup", second_s3_server)
    app = browser(moto_config(s3_server), "first")
    async with app.run_test(size=size) as pilot:
        left = await open_split(pilot)
        right = await switch_pane(pilot, left)
        await pick_profile(pilot, "backup")
        await wait_for(pilot, lambda: pilot.app.screen is not right and isinstance(pilot.app.screen, MainScreen))
        backup = await wait_listed(pilot)
        assert backup.location is not None and backup.location.bucket == "second"
        assert text_of(backup.query_one(PaneBadge)) == "RIGHT"
        assert "left: test · boto3 · first/" in header_other(backup)
        await wait_for(pilot, lambda: not right.is_attached)
        assert left.store is not backup.store and left.is_attached  # the left pane keeps its store
        assert await switch_pane(pilot, backup) is left
        assert "right: backup · boto3" in header_other(left) and "second/" in header_other(left)


async def test_the_local_backend_is_offered_to_a_pane(
    demo_config: ObjectStoreConfiguration, profile_file: Path
) -> None:
    async with browser(demo_config, profile="demo").run_test(size=SIZE) as pilot:
        await open_split(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ProfilesScreen))
        options = pilot.app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("the local backend" in prompt for prompt in prompts)


@BOTH_SIZES
async def test_copy_within_one_store_defaults_to_the_other_pane(s3_server: MotoServer, size: tuple[int, int]) -> None:
    fill(s3_server, "source", {"report.csv": b"a,b\n1,2\n"})
    fill(s3_server, "target", {"2024/old.txt": b"old"})
    app = browser(moto_config(s3_server), "source")
    async with app.run_test(size=size) as pilot:
        left = await open_split(pilot)
        right = await switch_pane(pilot, left)
        right.open_location(Location("target", "2024/"))
        await wait_listed(pilot)
        await switch_pane(pilot, right)
        await highlight(pilot, "report.csv")
        dialog = await destination_dialog(pilot, "C")
        assert chosen(dialog) == ("target", "2024/")
        assert "on the server" in text_of(dialog.query(".dialog-note").last())
        await pilot.press("enter")  # the bucket list: on to the prefix
        await pilot.press("enter")  # the prefix: go
        await wait_for(pilot, lambda: "2024/report.csv" in read_back(s3_server, "target"))
        assert read_back(s3_server, "target")["2024/report.csv"] == b"a,b\n1,2\n"
        assert "report.csv" in read_back(s3_server, "source")  # a copy keeps its source
        await wait_for(pilot, lambda: "report.csv" in rendered(left.query_one("#glance-table", Static)))


@BOTH_SIZES
async def test_move_between_two_servers_streams_into_the_other_pane(
    s3_server: MotoServer, second_s3_server: MotoServer, profile_file: Path, size: tuple[int, int]
) -> None:
    fill(s3_server, "staging", {"data/one.bin": b"\x00\x01" * 3000, "data/two.txt": b"two"})
    fill(second_s3_server, "prod", {"keep.txt": b"keep"})
    write_moto_profile(profile_file, "prod", second_s3_server)
    app = browser(moto_config(s3_server), "staging/data/")
    async with app.run_test(size=size) as pilot:
        left = await open_split(pilot)
        right = await switch_pane(pilot, left)
        await pick_profile(pilot, "prod")
        await wait_for(pilot, lambda: pilot.app.screen is not right and isinstance(pilot.app.screen, MainScreen))
        prod = await wait_listed(pilot)
        assert await switch_pane(pilot, prod) is left
        await pilot.press("space")  # mark one.bin
        await pilot.press("down", "space")  # and two.txt
        dialog = await destination_dialog(pilot, "M")
        assert chosen(dialog) == ("prod", "")
        assert "right pane" in str(dialog.query_one("#dialog").border_title)
        assert "streamed through this machine" in text_of(dialog.query(".dialog-note").last())
        await pilot.press("enter")
        await pilot.press("enter")
        job = await run_job(pilot)
        assert job.report is not None and job.report.ok, text_of(job.query_one("#job-outcome"))
        assert read_back(second_s3_server, "prod") == {
            "keep.txt": b"keep",
            "one.bin": b"\x00\x01" * 3000,
            "two.txt": b"two",
        }
        assert read_back(s3_server, "staging") == {}  # moved: the sources went once their copies were checked


async def test_app_is_unchanged_without_the_split(demo_config: ObjectStoreConfiguration) -> None:
    """Nothing of the split is there before w: no badge, no glance, and the split's keys are not offered."""
    app = browser(demo_config, profile="demo")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_listed(pilot)
        assert not app.split.is_open and main_screen(pilot) is screen
        assert not screen.query(PaneBadge) and not screen.query(PaneGlance)
        assert not app.check_action("other_pane", ()) and not app.check_action("compare", ())


def stalls_second_part(method: str, target: str) -> bool:
    return method == "PUT" and "partNumber=2" in target


async def test_a_cancelled_copy_between_servers_leaves_nothing_on_the_destination(
    s3_server: MotoServer, second_s3_server: MotoServer, profile_file: Path
) -> None:
    """c while a part hangs: the multipart upload is aborted, no object and no pending upload are left."""
    big = bytes(range(256)) * (11 * 4096)  # 11 MiB: three parts of 5 MiB
    fill(s3_server, "staging", {"big.bin": big})
    fill(second_s3_server, "prod", {})
    with StallingProxy(second_s3_server.endpoint, stalls_second_part) as proxy:
        profile_file.write_text(
            f'[profiles.prod]\nframework = "boto3"\nconnection = {{ endpoint = "http://{proxy.endpoint}", '
            f'access_key = "{ACCESS_KEY}", secret_key = "{SECRET_KEY}", region = "{REGION}" }}\n'
            "transfer = { multipart_threshold = 5242880, part_size = 5242880 }\n"
        )
        async with browser(moto_config(s3_server), "staging").run_test(size=SMALL) as pilot:
            left = await open_split(pilot)
            right = await switch_pane(pilot, left)
            await pick_profile(pilot, "prod")
            await wait_for(pilot, lambda: pilot.app.screen is not right and isinstance(pilot.app.screen, MainScreen))
            prod = await wait_listed(pilot)
            assert await switch_pane(pilot, prod) is left
            await highlight(pilot, "big.bin")
            await destination_dialog(pilot, "C")
            await pilot.press("enter", "enter")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, JobScreen))
            job = pilot.app.screen
            await wait_for(pilot, proxy.stalled.is_set)
            await pilot.press("c")
            proxy.release()
            await wait_for(pilot, lambda: not job.is_working, timeout=30)
    assert read_back(second_s3_server, "prod") == {}
    assert pending_uploads(second_s3_server, "prod") == []
    assert read_back(s3_server, "staging") == {"big.bin": big}


async def test_a_pane_whose_store_cannot_be_reached_leaves_the_other_pane(
    demo_config: ObjectStoreConfiguration, profile_file: Path
) -> None:
    """The error is notified and the other pane stays, alone: an error screen would have closed both."""
    profile_file.write_text(
        '[profiles.gone]\nframework = "boto3"\nconnection = { endpoint = "http://127.0.0.1:1", '
        'access_key = "a", secret_key = "b", connect_timeout = 1, max_retries = 0 }\n'
    )
    async with browser(demo_config, "demo-data/logs/", profile="demo").run_test(size=SIZE, notifications=True) as pilot:
        left = await open_split(pilot)
        await switch_pane(pilot, left)
        await pick_profile(pilot, "gone")
        await wait_for(pilot, lambda: not pilot.app.split.is_open and pilot.app.screen is left, timeout=30)
        await wait_for(pilot, lambda: any("Cannot open this store in the pane" in text for text in notified(pilot.app)))
        assert left.location == Location("demo-data", "logs/") and not left.query(PaneBadge)
