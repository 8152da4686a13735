"""A server that fails: every kind of background request says so once, in a notification and where the user looks.

The failures are real: a small HTTP server in front of moto answers the requests the test picks with a 500.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from objstore_tui.services.location import Location
from objstore_tui.tui.dialogs.buckets import DeleteBucketDialog
from objstore_tui.tui.dialogs.delete import DeleteDialog
from objstore_tui.tui.dialogs.destination import DestinationDialog
from objstore_tui.tui.widgets.bucket_tree import BucketTree
from objstore_tui.tui.widgets.object_table import ObjectTable
from objstore_tui.tui.widgets.preview import PreviewPane
from tests.http_proxy import FakeS3, Reply, Request, s3_error
from tests.s3_server import MotoServer

from .conftest import (
    SIZE,
    browser,
    highlight,
    moto_config,
    notification_titles,
    rendered,
    table_names,
    wait_for,
    wait_listed,
)


class Outage:
    """Answers the requests ``failing`` picks with a 500 (the rest go to moto); the test changes it as it goes."""

    def __init__(self) -> None:
        self.failing: Callable[[Request], bool] = lambda request: False

    def __call__(self, request: Request) -> Reply | None:
        return s3_error("InternalError", "injected failure", 500) if self.failing(request) else None


def _lists(prefix: str) -> Callable[[Request], bool]:
    return lambda request: request.method == "GET" and request.query.get("prefix") == [prefix]


def _lists_buckets(request: Request) -> bool:
    return request.method == "GET" and request.path == "/"


async def _told_once(pilot: Pilot[object], title: str) -> None:
    await wait_for(pilot, lambda: notification_titles(pilot).count(title) >= 1)
    await pilot.pause()
    assert notification_titles(pilot).count(title) == 1


async def _dialog_says(
    pilot: Pilot[object], key: str, dialog: type[Screen[object]], title: str, field: str, words: str
) -> None:
    """``key`` opens ``dialog``: the failure is told once, and its ``field`` says ``words``; Esc closes it."""
    base = pilot.app.screen
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, dialog))
    await _told_once(pilot, title)
    assert words in rendered(pilot.app.screen.query_one(field, Static))
    await pilot.press("escape")
    await wait_for(pilot, lambda: pilot.app.screen is base)
    pilot.app.clear_notifications()


async def test_each_kind_of_worker_failure_reaches_the_user_once(s3_server: MotoServer, raw_s3) -> None:
    raw_s3.create_bucket(Bucket="ops")
    for key in ("logs/a.log", "readme.txt"):
        raw_s3.put_object(Bucket="ops", Key=key, Body=b"data\n")
    outage = Outage()
    outage.failing = _lists_buckets
    with FakeS3(outage, upstream=s3_server.endpoint) as proxy:
        config = moto_config(s3_server, max_retries=0)
        config = config.model_copy(
            update={"connection": config.connection.model_copy(update={"endpoint": proxy.endpoint})}
        )
        async with browser(config, "ops").run_test(size=SIZE, notifications=True) as pilot:
            # buckets: the bucket it was given is still browsed
            screen = await wait_listed(pilot)
            await _told_once(pilot, "Cannot list buckets")
            assert table_names(screen) == ["logs", "readme.txt"]
            pilot.app.clear_notifications()

            # listing: the table says why
            outage.failing = _lists("logs/")
            await highlight(pilot, "logs")
            await pilot.press("enter")
            await wait_for(pilot, lambda: not screen.is_listing)
            await _told_once(pilot, "Cannot list the folder")
            assert "Cannot list ops/logs/" in screen.query_one(ObjectTable).notice
            assert "InternalError" in rendered(screen.query_one("#listing-status", Static))
            pilot.app.clear_notifications()

            # tree: the node stops loading
            tree = screen.query_one(BucketTree)
            node = tree.node_for(Location("ops", "logs/"))
            assert node is not None
            tree.focus()
            tree.move_cursor(node)
            await pilot.press("space")
            await _told_once(pilot, "Cannot expand the folder")
            assert "loading" not in str(node.label) and not node.is_expanded
            pilot.app.clear_notifications()

            # preview: the pane says why
            outage.failing = lambda request: request.method == "HEAD" and request.path == "/ops/readme.txt"
            await pilot.press("backspace")
            await wait_listed(pilot)
            preview = screen.query_one(PreviewPane)
            assert preview.display
            await highlight(pilot, "readme.txt")
            await _told_once(pilot, "Cannot preview")
            await wait_for(pilot, lambda: preview.is_settled)
            assert "Cannot preview" in rendered(preview.query_one("#preview-body").query_one(Static))
            pilot.app.clear_notifications()

            # planning a delete: the dialog says why, and deletes nothing
            outage.failing = _lists("logs/")
            await highlight(pilot, "logs")
            await _dialog_says(pilot, "x", DeleteDialog, "Cannot list what to delete", "#delete-summary", "Cannot list")

            # the copy destination: only this bucket is offered
            outage.failing = _lists_buckets
            title, status = "Cannot list buckets", "#destination-buckets-status"
            await _dialog_says(pilot, "C", DestinationDialog, title, status, "only this one is offered")

            # deleting a bucket: what it holds cannot be looked at
            outage.failing = lambda request: request.method == "GET" and request.path == "/ops"
            bucket = tree.node_for(Location("ops"))
            assert bucket is not None
            tree.focus()
            tree.move_cursor(bucket)
            title, contents = "Cannot look into the bucket", "#bucket-contents"
            await _dialog_says(pilot, "x", DeleteBucketDialog, title, contents, "Cannot look into bucket ops")
    assert raw_s3.list_objects_v2(Bucket="ops")["KeyCount"] == 2
