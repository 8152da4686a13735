"""Write the README's screenshots of the write side (SVG) into screenshots/: the upload in progress, the delete
confirmation and the presigned-URL dialog, each over the browser on the demo data.

python tests/make_operation_screenshots.py

The demo runs on the local backend, which cannot sign URLs and has nothing to transfer on its own, so the
presigned link and the upload's progress are fixed examples (tests/tui_ops/examples.py).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pyperclip  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.widgets import Static  # noqa: E402

from objstore_tui.object_store import Folder, ObjectStore  # noqa: E402
from objstore_tui.services.demo import build_demo  # noqa: E402
from objstore_tui.tui.app import ObjstoreApp  # noqa: E402
from objstore_tui.tui.dialogs.delete import DeleteDialog  # noqa: E402
from objstore_tui.tui.dialogs.job import JobScreen  # noqa: E402
from objstore_tui.tui.dialogs.presign import PresignDialog  # noqa: E402
from objstore_tui.tui.widgets.job_panel import JobPanel  # noqa: E402
from tests.tui.conftest import SIZE, browser, wait_listed, wait_tree_loaded  # noqa: E402
from tests.tui_ops.conftest import text_of, wait_for  # noqa: E402
from tests.tui_ops.examples import EXAMPLE_URL, upload_job_in_progress  # noqa: E402


class ExampleLinks(ObjectStore):
    """The demo store, signing every link with the fixed example URL."""

    @property
    def supports_presign(self) -> bool:
        return True

    def get_presigned_url(self, key: str, bucket: str | None = None, expires: object = 3600) -> str:
        return EXAMPLE_URL


async def upload(pilot: Pilot[None], app: ObjstoreApp) -> None:
    job, progress = upload_job_in_progress("demo-data", "reports/")
    screen = JobScreen(job)
    await app.push_screen(screen)
    plan = screen.query_one("#job-plan", Static)
    await wait_for(pilot, lambda: text_of(plan).startswith("Uploading"))
    screen.query_one(JobPanel).show(progress)


async def delete(pilot: Pilot[None], app: ObjstoreApp) -> None:
    await app.push_screen(DeleteDialog(app.store, "demo-data", [Folder("reports/2024/", "demo-data")]))
    summary = app.screen.query_one("#delete-summary", Static)
    await wait_for(pilot, lambda: "Delete 4 objects" in text_of(summary))


async def presign(pilot: Pilot[None], app: ObjstoreApp) -> None:
    pyperclip.copy = lambda text: None  # leave the clipboard of the machine making screenshots alone
    store = ExampleLinks(app.store.config)
    await app.push_screen(PresignDialog(store, "demo-data", "reports/2025/sales-q1.csv"))
    await pilot.press("enter")  # the focus starts on 'Create link'
    await wait_for(pilot, lambda: "copied" in text_of(app.screen.query_one("#presign-copied", Static)))
    button = app.screen.query_one("#presign-create")
    await wait_for(pilot, lambda: not button.has_class("-active"))
    app.clear_notifications()


SHOTS: tuple[tuple[str, Callable[[Pilot[None], ObjstoreApp], Awaitable[None]]], ...] = (
    ("upload-progress", upload),
    ("delete-confirmation", delete),
    ("presigned-url", presign),
)


async def take(name: str, show: Callable[[Pilot[None], ObjstoreApp], Awaitable[None]], demo: Path) -> Path:
    app = browser(build_demo(demo), "demo-data/reports", profile="demo")
    folder = REPO / "screenshots"
    async with app.run_test(size=SIZE) as pilot:
        await wait_listed(pilot)
        await wait_tree_loaded(pilot)
        await show(pilot, app)
        await pilot.pause(0.2)
        app.save_screenshot(filename=f"{name}.svg", path=str(folder))
    return folder / f"{name}.svg"


async def main() -> None:
    os.environ["TZ"] = "UTC"  # the demo's fixed times read the same everywhere
    time.tzset()
    (REPO / "screenshots").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="objstore-tui-shots-") as demo:
        for name, show in SHOTS:
            print(await take(name, show, Path(demo)))


if __name__ == "__main__":
    asyncio.run(main())
