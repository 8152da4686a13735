"""What the split view's tests share: two moto servers filled and read back with the minio SDK (the app's stores
are boto3's), a profile file naming the second server, and the steps of opening, switching and picking panes."""

from __future__ import annotations

import io
from pathlib import Path

from minio import Minio
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from objstore_tui.tui.dialogs.destination import DestinationDialog
from objstore_tui.tui.dialogs.job import JobScreen
from objstore_tui.tui.screens.main import MainScreen
from objstore_tui.tui.screens.profiles import ProfilesScreen
from objstore_tui.tui.widgets.pane_glance import OtherLocation, PaneBadge
from tests.helpers import text_of, wait_for
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY, MotoServer

from .conftest import wait_listed


def minio_client(server: MotoServer) -> Minio:
    return Minio(server.endpoint, ACCESS_KEY, SECRET_KEY, secure=False, region=REGION)


def fill(server: MotoServer, bucket: str, objects: dict[str, bytes]) -> None:
    """Put ``objects`` on ``server`` with the minio SDK."""
    client = minio_client(server)
    if not client.bucket_exists(bucket):
        client.make_bucket(bucket)
    for key, data in objects.items():
        client.put_object(bucket, key, io.BytesIO(data), len(data))


def read_back(server: MotoServer, bucket: str) -> dict[str, bytes]:
    """Every object of ``bucket`` and its bytes, through the minio SDK."""
    client = minio_client(server)
    found = {}
    for item in client.list_objects(bucket, recursive=True):
        response = client.get_object(bucket, item.object_name)
        try:
            found[item.object_name] = response.read()
        finally:
            response.close()
            response.release_conn()
    return found


def header_other(screen: MainScreen) -> str:
    return text_of(screen.query_one(OtherLocation))


async def open_split(pilot: Pilot[None]) -> MainScreen:
    left = await wait_listed(pilot)
    await pilot.press("w")
    await wait_for(pilot, lambda: bool(left.query(PaneBadge)) and left.has_class("-split"))
    return left


async def switch_pane(pilot: Pilot[None], current: MainScreen) -> MainScreen:
    await pilot.press("ctrl+o")
    await wait_for(pilot, lambda: pilot.app.screen is not current and isinstance(pilot.app.screen, MainScreen))
    return await wait_listed(pilot)


def write_moto_profile(config: Path, name: str, server: MotoServer) -> None:
    config.write_text(
        f'[profiles.{name}]\nframework = "boto3"\nconnection = {{ endpoint = "{server.url}", '
        f'access_key = "{ACCESS_KEY}", secret_key = "{SECRET_KEY}", region = "{REGION}" }}\n'
    )


async def pick_profile(pilot: Pilot[None], name: str) -> None:
    await pilot.press("p")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ProfilesScreen))
    options = pilot.app.screen.query_one(OptionList)
    index = next(i for i in range(options.option_count) if name in str(options.get_option_at_index(i).prompt))
    options.highlighted = index
    await pilot.press("enter")


async def destination_dialog(pilot: Pilot[None], key: str) -> DestinationDialog:
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DestinationDialog))
    dialog = pilot.app.screen
    assert isinstance(dialog, DestinationDialog)
    await wait_for(pilot, lambda: not text_of(dialog.query_one("#destination-buckets-status")))
    return dialog


def chosen(dialog: DestinationDialog) -> tuple[str | None, str]:
    buckets = dialog.query_one(OptionList)
    bucket = buckets.get_option_at_index(buckets.highlighted).id if buckets.highlighted is not None else None
    return bucket, dialog.query_one("#destination-prefix", Input).value


async def run_job(pilot: Pilot[None]) -> JobScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, JobScreen))
    job = pilot.app.screen
    assert isinstance(job, JobScreen)
    await wait_for(pilot, lambda: not job.is_working)
    return job


def pending_uploads(server: MotoServer, bucket: str) -> list[str]:
    """The keys of the multipart uploads begun and neither completed nor aborted (boto3: minio has no public call)."""
    client = server.raw_client()
    return [upload["Key"] for upload in client.list_multipart_uploads(Bucket=bucket).get("Uploads", [])]
