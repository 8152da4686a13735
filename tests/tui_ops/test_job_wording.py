"""A job's wording says what actually happened: a cancelled job counts only the files it completed."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.widgets import Static

from objstore_tui.object_store import ObjectStore, ObjectStoreConfiguration
from objstore_tui.services.jobs import JobProgress, JobReport, Outcome, run_job
from objstore_tui.services.jobs.transfer import run_transfer
from objstore_tui.services.jobs.upload import plan_upload
from objstore_tui.tui.dialogs.job import Job, JobScreen
from objstore_tui.tui.widgets.job_panel import job_status

from .conftest import SIZE, DialogApp, text_of, wait_for, wait_screen


def test_a_cancelled_job_reports_what_completed(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for index in range(40):
        (source / f"file-{index:02d}.txt").write_bytes(b"x" * 100)
    (tmp_path / "store" / "bucket").mkdir(parents=True)
    store = ObjectStore(ObjectStoreConfiguration(framework="local", connection={"endpoint": str(tmp_path / "store")}))
    cancel = threading.Event()
    snapshots: list[JobProgress] = []

    def cancel_after_three(progress: JobProgress) -> None:
        snapshots.append(progress)
        if progress.items_finished >= 3:
            cancel.set()

    plan = plan_upload([source], "bucket")
    report = run_transfer(store, plan, workers=1, cancel=cancel, on_progress=cancel_after_three, interval=0)
    done = len(report.done)
    assert report.cancelled and 3 <= done < 40
    assert report.summary("uploaded", ("file", "files")).endswith(
        f": {done} of 40 files uploaded; {40 - done} not uploaded"
    )
    status = job_status(snapshots[-1])
    assert f" · cancelled after {done} of 40 files · took " in status, status


async def test_a_job_counts_one_object_in_the_singular() -> None:
    release = threading.Event()

    def run(plan: list[str], conflict, cancel: threading.Event, listener) -> JobReport[str, None]:
        def one(item: str, context) -> None:
            release.wait(10)

        return run_job(plan, one, cancel=cancel, on_progress=listener, interval=0.01)

    job = Job(
        title="Copy",
        plan=lambda cancel: ["a.txt"],
        run=run,
        describe=lambda plan: "Copying 1 object",
        summary=lambda plan, report: report.summary("copied"),
    )
    app = DialogApp(JobScreen(job))
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_screen(pilot, JobScreen)
        status = screen.query_one("#job-status", Static)
        await wait_for(pilot, lambda: text_of(status).startswith("0 of 1 object · "))
        release.set()
        await wait_for(pilot, lambda: app.dismissed)
    assert isinstance(app.result, JobReport) and [r.outcome for r in app.result.results] == [Outcome.DONE]
