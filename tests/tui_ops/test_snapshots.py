"""Snapshots of every dialog of the write side, each pushed over a bare app with fixed data.

Nothing on screen may change between runs: sizes and names are fixed, times are UTC, the presigned URL is a
fixed string (a real one holds the date and a signature) and the transfer panel is fed a made-up snapshot.
Regenerate after an intended change with ``pytest tests/tui_ops/test_snapshots.py --snapshot-update``, and
look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyperclip
import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, DirectoryTree, Input, Static

from objstore_tui.object_store import Folder, ObjectMetadata, ObjectStore
from objstore_tui.services.jobs.copy import CopyPair, CopyPlan
from objstore_tui.services.location import Location
from objstore_tui.tui.dialogs.buckets import CreateBucketDialog, DeleteBucketDialog
from objstore_tui.tui.dialogs.delete import DeleteDialog
from objstore_tui.tui.dialogs.destination import DestinationDialog
from objstore_tui.tui.dialogs.download import DownloadDialog
from objstore_tui.tui.dialogs.job import JobScreen
from objstore_tui.tui.dialogs.jobs import copy_conflict_question
from objstore_tui.tui.dialogs.presign import PresignDialog
from objstore_tui.tui.dialogs.rename import RenameDialog
from objstore_tui.tui.dialogs.upload import UploadDialog
from objstore_tui.tui.dialogs.versions import VersionsScreen
from objstore_tui.tui.widgets.job_panel import JobPanel
from tests.s3_server import MotoServer
from tests.tui.conftest import SMALL, moto_config

from .conftest import SIZE, DialogApp, text_of, wait_for
from .examples import EXAMPLE_URL, finished_move, upload_job_in_progress

BOTH_SIZES = pytest.mark.parametrize("size", [SIZE, SMALL], ids=["wide", "80x24"])

WHEN = datetime(2025, 3, 14, 9, 26, 53, tzinfo=UTC)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A working folder with fixed contents, so the upload dialog's tree and paths read the same everywhere."""
    (tmp_path / "photos" / "2024").mkdir(parents=True)
    (tmp_path / "photos" / "2024" / "beach.jpg").write_bytes(b"jpg")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "q1.csv").write_text("a,b\n")
    (tmp_path / "notes.md").write_text("# notes\n")
    monkeypatch.chdir(tmp_path)
    yield tmp_path


@BOTH_SIZES
def test_upload_dialog(snap_compare, store: ObjectStore, workdir: Path, size: tuple[int, int]) -> None:
    async def pick_a_file(pilot: Pilot[None]) -> None:
        tree = pilot.app.screen.query_one(DirectoryTree)
        await wait_for(pilot, lambda: len(tree.root.children) == 3)
        pilot.app.screen.query_one("#upload-path", Input).value = "reports/q1.csv"
        await pilot.pause()

    dialog = UploadDialog("ops-data", "incoming/", buckets=["ops-data", "ops-archive"])
    assert snap_compare(DialogApp(dialog), terminal_size=size, run_before=pick_a_file)


@BOTH_SIZES
def test_upload_progress(snap_compare, store: ObjectStore, size: tuple[int, int]) -> None:
    """The job screen mid-upload, fed a fixed snapshot instead of the running job's."""
    job, progress = upload_job_in_progress()
    screen = JobScreen(job)

    async def show_progress(pilot: Pilot[None]) -> None:
        plan = screen.query_one("#job-plan", Static)
        await wait_for(pilot, lambda: text_of(plan).startswith("Uploading"))
        screen.query_one(JobPanel).show(progress)
        await pilot.pause()

    assert snap_compare(DialogApp(screen), terminal_size=size, run_before=show_progress)


@BOTH_SIZES
def test_download_dialog(snap_compare, workdir: Path, size: tuple[int, int]) -> None:
    dialog = DownloadDialog("folder 2024/ (everything under it) from ops-data/logs/", workdir / "downloads")
    assert snap_compare(DialogApp(dialog), terminal_size=size)


@BOTH_SIZES
def test_destination_dialog(snap_compare, store: ObjectStore, raw_s3, size: tuple[int, int]) -> None:
    for name in ("ops-data", "ops-archive", "scratch"):
        raw_s3.create_bucket(Bucket=name)

    async def listed(pilot: Pilot[None]) -> None:
        status = pilot.app.screen.query_one("#destination-buckets-status", Static)
        await wait_for(pilot, lambda: text_of(status) == "")

    dialog = DestinationDialog(store, "Move", "3 items (1 folder) from ops-data/logs/", Location("ops-data", "logs/"))
    assert snap_compare(DialogApp(dialog), terminal_size=size, run_before=listed)


@BOTH_SIZES
def test_rename_dialog(snap_compare, size: tuple[int, int]) -> None:
    dialog = RenameDialog("ops-data", ObjectMetadata("logs/app.log", WHEN, 1234))
    assert snap_compare(DialogApp(dialog), terminal_size=size, press=["end", "backspace", "backspace", "backspace"])


@BOTH_SIZES
def test_delete_confirmation(snap_compare, store: ObjectStore, raw_s3, size: tuple[int, int]) -> None:
    raw_s3.create_bucket(Bucket="ops-data")
    for number in range(9):
        raw_s3.put_object(Bucket="ops-data", Key=f"logs/2024/app-{number}.log", Body=b"x" * 70_000)
    raw_s3.put_object(Bucket="ops-data", Key="logs/readme.txt", Body=b"read me")

    async def planned(pilot: Pilot[None]) -> None:
        summary = pilot.app.screen.query_one("#delete-summary", Static)
        await wait_for(pilot, lambda: "Delete 10 objects" in text_of(summary))

    entries = [Folder("logs/2024/", "ops-data"), store.stat_object("logs/readme.txt", "ops-data")]
    dialog = DeleteDialog(store, "ops-data", entries)
    assert snap_compare(DialogApp(dialog), terminal_size=size, run_before=planned)


@BOTH_SIZES
def test_presign_dialog(
    snap_compare, store: ObjectStore, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    monkeypatch.setattr(store, "get_presigned_url", lambda key, bucket=None, expires=3600: EXAMPLE_URL)

    def no_clipboard(text: str) -> None:
        raise pyperclip.PyperclipException("no clipboard mechanism")

    monkeypatch.setattr(pyperclip, "copy", no_clipboard)

    async def create_link(pilot: Pilot[None]) -> None:
        await pilot.pause()  # the first layout, before the size's breakpoint class
        await pilot.click("#presign-create")
        note = pilot.app.screen.query_one("#presign-copied", Static)
        await wait_for(pilot, lambda: "copied" in text_of(note))
        button = pilot.app.screen.query_one("#presign-create")
        await wait_for(pilot, lambda: not button.has_class("-active"))  # a pressed button flashes for 0.2 s
        pilot.app.clear_notifications()

    dialog = PresignDialog(store, "demo-data", "reports/2025/sales-q1.csv")
    assert snap_compare(DialogApp(dialog), terminal_size=size, run_before=create_link)


@BOTH_SIZES
def test_create_bucket_dialog(snap_compare, size: tuple[int, int]) -> None:
    dialog = CreateBucketDialog(["ops-data"])
    assert snap_compare(DialogApp(dialog), terminal_size=size, press=[*"Ops_2025"])


@BOTH_SIZES
def test_delete_bucket_dialog(snap_compare, store: ObjectStore, raw_s3, size: tuple[int, int]) -> None:
    raw_s3.create_bucket(Bucket="old-stuff")
    for number in range(4):
        raw_s3.put_object(Bucket="old-stuff", Key=f"k{number}", Body=b"x" * 1000)

    async def peeked(pilot: Pilot[None]) -> None:
        await wait_for(pilot, lambda: pilot.app.screen.has_class("-not-empty"))

    dialog = DeleteBucketDialog(store, "old-stuff")
    assert snap_compare(DialogApp(dialog), terminal_size=size, run_before=peeked)


class FixedVersions(ObjectStore):
    """Versions with fixed ids and dates, as no server gives them."""

    def list_object_versions(self, prefix: str = "", bucket: str | None = None) -> Iterator[ObjectMetadata]:
        def version(number: int, size: int, *, latest: bool = False, marker: bool = False) -> ObjectMetadata:
            when = WHEN.replace(day=10 + number)
            vid = f"v{number}-3HL4kqtJlcpXroDTDmJ"
            return ObjectMetadata(
                prefix, when, size, bucket or "", version_id=vid, is_latest=latest, is_delete_marker=marker
            )

        return iter([version(4, 0, latest=True, marker=True), version(3, 2048), version(2, 1990), version(1, 1200)])

    def get_bucket_versioning(self, bucket: str | None = None) -> bool:
        return True


@BOTH_SIZES
def test_versions_screen(snap_compare, s3_server: MotoServer, size: tuple[int, int]) -> None:
    store = FixedVersions(moto_config(s3_server))

    async def listed(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        await wait_for(pilot, lambda: screen.query_one("#versions-table", DataTable).row_count > 0)
        await pilot.press("down")

    dialog = VersionsScreen(store, "ops-data", "reports/q1.csv")
    assert snap_compare(DialogApp(dialog), terminal_size=size, run_before=listed)


@BOTH_SIZES
def test_overwrite_question(snap_compare, size: tuple[int, int]) -> None:
    pairs = tuple(CopyPair(f"logs/{name}.log", f"old/{name}.log", 1) for name in "abcde")
    plan = CopyPlan("ops-data", "ops-archive", pairs, existing=frozenset({"old/a.log", "old/b.log"}))
    assert snap_compare(DialogApp(copy_conflict_question(plan)), terminal_size=size)


@BOTH_SIZES
def test_task_with_failures(snap_compare, size: tuple[int, int]) -> None:
    async def finished(pilot: Pilot[None]) -> None:
        await wait_for(pilot, lambda: pilot.app.screen.has_class("-finished"))
        pilot.app.clear_notifications()

    screen = JobScreen(finished_move())
    assert snap_compare(DialogApp(screen), terminal_size=size, run_before=finished)
