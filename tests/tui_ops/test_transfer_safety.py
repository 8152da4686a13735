"""Transfers that must not lose or half-do anything: a folder listing that fails part-way, uploads onto keys
that exist. Driven through the dialogs against moto; the server is read back with plain boto3."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from minio import Minio
from textual.widgets import Button, Input, Static

from objstore_tui.object_store import Folder, ObjectStore
from objstore_tui.services.jobs import Conflict, Outcome
from objstore_tui.services.jobs.transfer_plan import Direction, TransferItem, TransferPlan
from objstore_tui.services.location import Location
from objstore_tui.tui.dialogs.confirm import ConfirmDialog
from objstore_tui.tui.dialogs.download import DownloadDialog
from objstore_tui.tui.dialogs.job import JobScreen
from objstore_tui.tui.dialogs.jobs import upload_conflict_question
from objstore_tui.tui.dialogs.upload import UploadDialog
from tests.helpers import notified
from tests.http_proxy import failing
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY, MotoServer
from tests.tui.conftest import moto_config

from .conftest import SIZE, DialogApp, HostApp, HostScreen, text_of, wait_for, wait_screen

PAGE = 1000
"""Keys in one ListObjectsV2 page, the SDKs' default and moto's."""


def _second_page(method: str, path: str) -> bool:
    query = parse_qs(urlsplit(path).query)
    return method == "GET" and "list-type" in query and "continuation-token" in query


def _notified(app) -> list[str]:
    return [text.partition("\n")[2] or text for text in notified(app)]  # the message, below its title


async def test_folder_download_whose_listing_fails_part_way_downloads_nothing(
    s3_server: MotoServer, raw_s3, tmp_path: Path
) -> None:
    raw_s3.create_bucket(Bucket="paged")
    keys = [f"logs/{n:04}.txt" for n in range(PAGE + 5)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda key: raw_s3.put_object(Bucket="paged", Key=key, Body=b"x"), keys))
    out = tmp_path / "out"
    with failing(_second_page, s3_server.endpoint) as proxy:
        port = int(proxy.endpoint.rpartition(":")[2])
        through_proxy = MotoServer(tmp_path / "unused.log", port=port)  # only its endpoint is used
        store = ObjectStore(moto_config(through_proxy, max_retries=0))
        host = HostScreen(store, Location("paged"), [Folder("logs/", "paged")])
        async with HostApp(host).run_test(notifications=True, size=SIZE) as pilot:
            host.operations.download()
            dialog = await wait_screen(pilot, DownloadDialog)
            dialog.query_one("#download-folder", Input).value = str(out)
            await pilot.press("enter")
            screen = await wait_screen(pilot, JobScreen)
            await wait_for(pilot, lambda: screen.has_class("-finished"))
            told = text_of(screen.query_one("#job-plan", Static))
            assert "Cannot start" in told and f"after {PAGE:,} objects" in told and "injected failure" in told
            # the toast mounts a frame or more after the job screen shows the failure
            await wait_for(pilot, lambda: any("nothing was downloaded" in message for message in _notified(pilot.app)))
            assert screen.report is None
        store.close()
    assert any(_second_page(r.method, r.target) for r in proxy.requests), "the second page was never asked for"
    assert not out.exists() or list(out.rglob("*")) == []


def _read_back(server: MotoServer, bucket: str) -> dict[str, bytes]:
    """Every object and its bytes, through the minio SDK (the store under test is boto3's)."""
    client = Minio(server.endpoint, ACCESS_KEY, SECRET_KEY, secure=False, region=REGION)
    found = {}
    for item in client.list_objects(bucket, recursive=True):
        response = client.get_object(bucket, item.object_name)
        try:
            found[item.object_name] = response.read()
        finally:
            response.close()
            response.release_conn()
    return found


async def _upload_onto_existing(pilot, path: Path, answer: str) -> JobScreen:
    pilot.app.host.operations.upload()
    dialog = await wait_screen(pilot, UploadDialog)
    dialog.query_one("#upload-path", Input).value = str(path)
    await pilot.pause()
    await pilot.click("#upload")
    question = await wait_screen(pilot, ConfirmDialog)
    asked = text_of(question.query_one("#confirm-body", Static))
    assert "1 of the 1 files would replace an object" in asked and "drop/a.txt" in asked
    await pilot.press(answer)
    screen = await wait_screen(pilot, JobScreen)
    await wait_for(pilot, lambda: screen.report is not None)
    await pilot.press("enter")
    return screen


async def test_upload_onto_an_existing_key_asks_then_skips_keeps_both_or_overwrites(
    store: ObjectStore, s3_server: MotoServer, raw_s3, tmp_path: Path
) -> None:
    raw_s3.create_bucket(Bucket="up-safe")
    raw_s3.put_object(Bucket="up-safe", Key="drop/a.txt", Body=b"on the server")
    local = tmp_path / "a.txt"
    local.write_bytes(b"from the disk")
    host = HostScreen(store, Location("up-safe", "drop/"))
    async with HostApp(host).run_test(size=SIZE) as pilot:
        skipped = await _upload_onto_existing(pilot, local, "s")
        skips = skipped.report.having(Outcome.SKIPPED)
        assert [r.item.key for r in skips] == ["drop/a.txt"] and not skipped.report.done
        assert _read_back(s3_server, "up-safe") == {"drop/a.txt": b"on the server"}

        kept = await _upload_onto_existing(pilot, local, "k")
        assert [result.value for result in kept.report.done] == ["drop/a (1).txt"]
        assert _read_back(s3_server, "up-safe") == {"drop/a (1).txt": b"from the disk", "drop/a.txt": b"on the server"}

        await _upload_onto_existing(pilot, local, "o")
        assert _read_back(s3_server, "up-safe") == {"drop/a (1).txt": b"from the disk", "drop/a.txt": b"from the disk"}

        host.operations.upload()  # a key that does not exist yet uploads without a question
        dialog = await wait_screen(pilot, UploadDialog)
        dialog.query_one("#upload-path", Input).value = str(local)
        await pilot.pause()
        dialog.query_one("#upload-key", Input).value = "drop/new.txt"
        await pilot.pause()
        await pilot.click("#upload")
        fresh = await wait_screen(pilot, JobScreen)
        await wait_for(pilot, lambda: fresh.report is not None)
    assert _read_back(s3_server, "up-safe")["drop/new.txt"] == b"from the disk"


def _plan_with_existing(count: int) -> TransferPlan:
    items = tuple(TransferItem(f"drop/file-{n:02}.csv", Path(f"/data/file-{n:02}.csv"), 100) for n in range(count))
    return TransferPlan(Direction.UPLOAD, "up-safe", items, existing=items[:7])


def test_upload_conflict_question_at_80x24(snap_compare) -> None:
    assert snap_compare(DialogApp(upload_conflict_question(_plan_with_existing(9))), terminal_size=(80, 24))


async def test_upload_conflict_question_fits_and_answers_by_key() -> None:
    for size in ((80, 24), (160, 48)):
        app = DialogApp(upload_conflict_question(_plan_with_existing(9)))
        async with app.run_test(notifications=True, size=size) as pilot:
            await pilot.pause()
            screen = pilot.app.screen
            for button in screen.query(Button):
                assert screen.region.contains_region(button.region), (size, button.id)
            await pilot.press("k")
            await wait_for(pilot, lambda app=app: app.dismissed)
        assert Conflict(app.result) is Conflict.KEEP_BOTH
