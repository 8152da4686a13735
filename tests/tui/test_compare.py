"""The compare view (=) and the mirror from it (m), on the real app between two moto servers: every class
counted, filtered and previewed on both sides; nothing written before the plan is shown; deletes on the right only
once their count is typed; the plan saved as JSON lines; a second mirror does nothing. What the servers hold is
read back with the minio SDK (the app's stores are boto3's)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, DataTable, Input

from objstore_tui.object_store import ObjectMetadata, ObjectStore, ObjectStoreConfiguration
from objstore_tui.services.location import Location
from objstore_tui.tui.dialogs.job import JobScreen
from objstore_tui.tui.dialogs.mirror import DeleteExtraDialog, MirrorDialog
from objstore_tui.tui.screens.compare import CompareScreen
from objstore_tui.tui.screens.main import MainScreen
from objstore_tui.tui.widgets.preview import PreviewPane
from objstore_tui.tui.widgets.text_view import TextView
from tests.helpers import notified
from tests.s3_server import MotoServer

from .conftest import SIZE, SMALL, app_with_store, browser, moto_config, rendered, text_of, wait_for, wait_listed
from .split_helpers import fill, open_split, pick_profile, read_back, run_job, switch_pane, write_moto_profile

BOTH_SIZES = pytest.mark.parametrize("size", [SIZE, SMALL], ids=["wide", "80x24"])

LEFT = {
    "data/new.txt": b"only on the left",
    "data/same.txt": b"the same on both sides",
    "data/changed.txt": b"the left's version",
    "other/outside.txt": b"not under the prefix",
}
RIGHT = {
    "data/same.txt": b"the same on both sides",
    "data/changed.txt": b"the right's older version",
    "data/extra-1.txt": b"only on the right",
    "data/extra-2.txt": b"only on the right too",
}


async def split_on_two_servers(pilot: Pilot[None], profile: str = "backup") -> tuple[MainScreen, MainScreen]:
    """Left: the first server's staging/data/; right: the second server's backup/data/; the left pane active."""
    left = await open_split(pilot)
    right = await switch_pane(pilot, left)
    await pick_profile(pilot, profile)
    await wait_for(pilot, lambda: pilot.app.screen is not right and isinstance(pilot.app.screen, MainScreen))
    backup = await wait_listed(pilot)
    backup.open_location(Location("backup", "data/"))
    await wait_listed(pilot)
    assert await switch_pane(pilot, backup) is left
    return left, backup


async def compared(pilot: Pilot[None]) -> CompareScreen:
    await pilot.press("equals_sign")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CompareScreen))
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    await wait_for(pilot, lambda: screen.plan is not None)
    await pilot.pause()
    return screen


def listed_names(screen: CompareScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(row)[1]) for row in range(table.row_count)]


@pytest.fixture
def two_servers(
    s3_server: MotoServer, second_s3_server: MotoServer, profile_file: Path
) -> tuple[MotoServer, MotoServer]:
    fill(s3_server, "staging", LEFT)
    fill(second_s3_server, "backup", RIGHT)
    write_moto_profile(profile_file, "backup", second_s3_server)
    return s3_server, second_s3_server


@BOTH_SIZES
async def test_compare_counts_filters_and_previews_every_class(
    two_servers: tuple[MotoServer, MotoServer], size: tuple[int, int]
) -> None:
    first, second = two_servers
    async with browser(moto_config(first), "staging/data/").run_test(size=size) as pilot:
        await split_on_two_servers(pilot)
        screen = await compared(pilot)
        summary = rendered(screen.query_one("#compare-summary"))
        for line in ("only left      1", "only right     2", "different      1", "same           1"):
            assert " ".join(line.split()) in " ".join(summary.split()), summary
        assert "size and ETag" in text_of(screen.query_one("#compare-status"))
        assert sorted(listed_names(screen)) == ["changed.txt", "extra-1.txt", "extra-2.txt", "new.txt", "same.txt"]

        await pilot.press("r")
        assert listed_names(screen) == ["extra-1.txt", "extra-2.txt"]
        await pilot.press("d")
        assert listed_names(screen) == ["changed.txt"]
        await pilot.press("v")
        left_preview = screen.query_one("#preview-left", PreviewPane)
        right_preview = screen.query_one("#preview-right", PreviewPane)
        await wait_for(pilot, lambda: left_preview.is_settled and right_preview.is_settled)
        assert left_preview.entry is not None and left_preview.entry.key == "data/changed.txt"
        assert right_preview.entry is not None and right_preview.entry.key == "data/changed.txt"
        await wait_for(pilot, lambda: "the left's version" in rendered_text(left_preview))
        assert "the right's older version" in rendered_text(right_preview)

        await pilot.press("l")
        assert listed_names(screen) == ["new.txt"]
        await wait_for(pilot, lambda: right_preview.is_settled)
        assert right_preview.entry is None and "not there" in str(right_preview.border_title)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
    assert read_back(second, "backup") == RIGHT  # comparing wrote nothing


def rendered_text(preview: PreviewPane) -> str:
    """The first line of the object's text, as the preview draws it."""
    views = preview.query(TextView)
    return views.first().render_line(0).text if views else ""


@BOTH_SIZES
async def test_mirror_from_the_plan_deletes_only_once_the_count_is_typed(
    two_servers: tuple[MotoServer, MotoServer], tmp_path: Path, size: tuple[int, int]
) -> None:
    first, second = two_servers
    saved = tmp_path / "plan.jsonl"
    async with browser(moto_config(first), "staging/data/").run_test(size=size, notifications=True) as pilot:
        await split_on_two_servers(pilot)
        screen = await compared(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, MirrorDialog) and pilot.app.screen.is_mounted)
        dialog = pilot.app.screen
        outline = rendered(dialog.query_one("#mirror-outline"))
        assert "Copy 2 objects" in outline and "1 new, 1 changed" in outline and "2 objects" in outline
        assert read_back(second, "backup") == RIGHT  # the plan is shown: nothing written yet
        dialog.query_one("#mirror-delete", Checkbox).value = True
        dialog.query_one("#mirror-save", Input).value = str(saved)
        dialog.query_one("#mirror-go", Button).press()

        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DeleteExtraDialog) and pilot.app.screen.is_mounted)
        confirm = pilot.app.screen
        what = rendered(confirm.query_one("#extra-what"))
        assert "Delete 2 objects" in what and "data/extra-1.txt" in what and "data/extra-2.txt" in what
        count = confirm.query_one("#extra-count", Input)
        go = confirm.query_one("#extra-go", Button)
        count.value = "3"
        await pilot.pause()
        assert go.disabled  # a wrong count does not confirm
        count.value = "2"
        await wait_for(pilot, lambda: not go.disabled)
        go.press()

        job = await run_job(pilot)
        assert job.report is not None and job.report.ok
        await pilot.press("enter")
        assert read_back(second, "backup") == {
            "data/new.txt": LEFT["data/new.txt"],
            "data/same.txt": LEFT["data/same.txt"],
            "data/changed.txt": LEFT["data/changed.txt"],
        }
        lines = [json.loads(line) for line in saved.read_text().splitlines()]
        assert len(lines) == 1 + 5  # the header, then one line per name of the plan

        # The view compares again: everything is the same now, and a second mirror has nothing to do.
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, CompareScreen) and screen.plan is not None)
        await wait_for(pilot, lambda: screen.plan is not None and len(screen.plan.to_copy) == 0)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, MirrorDialog) and pilot.app.screen.is_mounted)
        pilot.app.screen.query_one("#mirror-go", Button).press()
        await wait_for(pilot, lambda: any("Nothing to mirror" in text for text in notified(pilot.app)))
        assert not any(isinstance(s, JobScreen) for s in pilot.app.screen_stack)


async def test_mirror_keeps_what_is_only_on_the_right_unless_asked(two_servers: tuple[MotoServer, MotoServer]) -> None:
    first, second = two_servers
    async with browser(moto_config(first), "staging/data/").run_test(size=SIZE) as pilot:
        await split_on_two_servers(pilot)
        await compared(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, MirrorDialog) and pilot.app.screen.is_mounted)
        pilot.app.screen.query_one("#mirror-go", Button).press()
        job = await run_job(pilot)
        assert job.report is not None and job.report.ok
        held = read_back(second, "backup")
        assert held["data/changed.txt"] == LEFT["data/changed.txt"] and held["data/new.txt"] == LEFT["data/new.txt"]
        assert held["data/extra-1.txt"] == RIGHT["data/extra-1.txt"]  # kept: deleting was not asked for


async def test_an_existing_plan_file_is_never_overwritten(
    two_servers: tuple[MotoServer, MotoServer], tmp_path: Path
) -> None:
    first, second = two_servers
    existing = tmp_path / "plan.jsonl"
    existing.write_text("kept\n")
    async with browser(moto_config(first), "staging/data/").run_test(size=SMALL) as pilot:
        await split_on_two_servers(pilot)
        await compared(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, MirrorDialog) and pilot.app.screen.is_mounted)
        dialog = pilot.app.screen
        dialog.query_one("#mirror-save", Input).value = str(existing)
        dialog.query_one("#mirror-go", Button).press()
        await wait_for(pilot, lambda: "exists" in text_of(dialog.query_one("#mirror-error")))
        assert pilot.app.screen is dialog
    assert existing.read_text() == "kept\n" and read_back(second, "backup") == RIGHT


class GatedListing(ObjectStore):
    """Its recursive listing of bucket ``left`` stops after one object until ``gate`` is set: a slow server."""

    gate = threading.Event()

    def list_objects(self, prefix: str = "", bucket: str | None = None) -> Iterator[ObjectMetadata]:
        listing = super().list_objects(prefix, bucket)
        return self._gated(listing) if bucket == "left" else listing

    def _gated(self, listing: Iterator[ObjectMetadata]) -> Iterator[ObjectMetadata]:
        for count, item in enumerate(listing):
            if count == 1:
                self.gate.wait(10)
            yield item


async def split_on_buckets(pilot: Pilot[None], right_bucket: str) -> MainScreen:
    left = await open_split(pilot)
    right = await switch_pane(pilot, left)
    right.open_location(Location(right_bucket))
    await wait_listed(pilot)
    assert await switch_pane(pilot, right) is left
    return left


async def test_a_compare_is_cancelled_with_c_and_run_again_with_k(tmp_path: Path) -> None:
    for name in ("left/one.txt", "left/two.txt", "left/three.txt", "right/one.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(name)
    GatedListing.gate = threading.Event()
    config = ObjectStoreConfiguration(framework="local", connection={"endpoint": str(tmp_path)})
    async with app_with_store(GatedListing(config), "left").run_test(size=SMALL) as pilot:
        await split_on_buckets(pilot, "right")
        await pilot.press("equals_sign")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, CompareScreen))
        screen = pilot.app.screen
        assert isinstance(screen, CompareScreen)
        status = screen.query_one("#compare-status")
        await wait_for(pilot, lambda: "Comparing…" in text_of(status))
        await pilot.press("c")
        GatedListing.gate.set()
        await wait_for(pilot, lambda: "Compare cancelled: nothing was changed" in text_of(status))
        assert screen.plan is None and not screen.check_action("mirror", ())
        await pilot.press("k")
        await wait_for(pilot, lambda: screen.plan is not None)
        assert [entry.name for entry in screen.plan.entries] == ["one.txt", "three.txt", "two.txt"]


async def test_no_mirror_onto_a_read_only_pane(demo_config: ObjectStoreConfiguration) -> None:
    async with browser(demo_config, "demo-data/config/", read_only=True).run_test(size=SIZE) as pilot:
        await split_on_buckets(pilot, "demo-archive")
        screen = await compared(pilot)
        assert not screen.check_action("mirror", ())
        await pilot.press("m")
        await pilot.pause()
        assert pilot.app.screen is screen  # no mirror dialog


async def test_compare_refuses_two_panes_on_overlapping_prefixes_of_one_bucket(s3_server: MotoServer) -> None:
    fill(s3_server, "staging", LEFT)
    async with browser(moto_config(s3_server), "staging/data/").run_test(size=SIZE) as pilot:
        await open_split(pilot)  # the other pane opens on the same server and bucket
        await pilot.press("equals_sign")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, CompareScreen))
        screen = pilot.app.screen
        assert isinstance(screen, CompareScreen)
        await wait_for(pilot, lambda: "overlap" in text_of(screen.query_one("#compare-status")))
        assert screen.plan is None and "Cannot compare" in text_of(screen.query_one("#compare-status"))
    assert read_back(s3_server, "staging") == LEFT
