"""A job's status line says what actually happened: a cancelled job counts only the files it completed."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.widgets import Static

from objstore_tui.object_store import ObjectStore, ObjectStoreConfiguration
from objstore_tui.services.transfers import FileState, TransferJob, TransferSnapshot, plan_upload
from objstore_tui.tui.dialogs.task import TaskScreen
from objstore_tui.tui.widgets.transfer_panel import job_status

from .conftest import SIZE, DialogApp, text_of, wait_for, wait_screen


def test_a_cancelled_job_reports_what_completed(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for index in range(40):
        (source / f"file-{index:02d}.txt").write_bytes(b"x" * 100)
    (tmp_path / "store" / "bucket").mkdir(parents=True)
    store = ObjectStore(ObjectStoreConfiguration(framework="local", connection={"endpoint": str(tmp_path / "store")}))
    job: TransferJob

    def cancel_after_three(snapshot: TransferSnapshot) -> None:
        if sum(1 for file in snapshot.files if file.state is FileState.DONE) >= 3:
            job.cancel()

    job = TransferJob(
        store, plan_upload([source], "bucket"), workers=1, on_progress=cancel_after_three, progress_interval=0
    )
    report = job.run()
    assert report.cancelled and 3 <= len(report.done) < 40
    status = job_status(job.snapshot())
    assert f"cancelled after {len(report.done)} of 40 files" in status, status
    assert f"{len(report.done)} files uploaded" in report.summary


async def test_a_task_counts_one_object_in_the_singular() -> None:
    release = threading.Event()

    def job(progress, cancel) -> str:
        progress(1, 1)
        release.wait(10)
        return "done"

    app = DialogApp(TaskScreen("Copy", job))
    async with app.run_test(size=SIZE) as pilot:
        status = await wait_screen(pilot, TaskScreen)
        await wait_for(pilot, lambda: text_of(status.query_one("#task-status", Static)) == "1 of 1 object")
        release.set()
        await wait_for(pilot, lambda: app.dismissed)
    assert app.result == "done"
