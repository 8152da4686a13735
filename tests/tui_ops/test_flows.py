"""Every write action's flow, through its dialogs, against the moto server.

The host screen stands in for the browser as the flows' ``BrowserContext`` (a fixed location and selection);
the keys that start the flows, and read-only mode, are tested on the real browser (``test_browser_actions``).
What the server holds afterwards is read with a plain boto3 client, and what lands on disk is read from disk.
"""

from __future__ import annotations

import os
import re
import threading
import urllib.request
from pathlib import Path

import pyperclip
import pytest
from textual.widgets import Button, DataTable, Input, OptionList, RadioButton, Static

from objstore_tui.object_store import Folder, ObjectStore, ObjectStoreConfiguration, VerificationError
from objstore_tui.services.location import Location
from objstore_tui.tui.dialogs.buckets import CreateBucketDialog, DeleteBucketDialog
from objstore_tui.tui.dialogs.confirm import ConfirmDialog
from objstore_tui.tui.dialogs.delete import DeleteDialog
from objstore_tui.tui.dialogs.destination import DestinationDialog
from objstore_tui.tui.dialogs.download import DownloadDialog
from objstore_tui.tui.dialogs.job import JobScreen
from objstore_tui.tui.dialogs.presign import PresignDialog
from objstore_tui.tui.dialogs.rename import RenameDialog
from objstore_tui.tui.dialogs.upload import UploadDialog
from objstore_tui.tui.dialogs.versions import VersionsScreen
from tests.helpers import notified
from tests.s3_server import MotoServer
from tests.tui.conftest import moto_config

from .conftest import SIZE, HostApp, HostScreen, text_of, wait_for, wait_screen

MiB = 1024 * 1024


def put(raw_s3, bucket: str, objects: dict[str, bytes], *, create: bool = True) -> None:
    if create:
        raw_s3.create_bucket(Bucket=bucket)
    for key, data in objects.items():
        raw_s3.put_object(Bucket=bucket, Key=key, Body=data)


def keys(raw_s3, bucket: str) -> list[str]:
    return sorted(item["Key"] for item in raw_s3.list_objects_v2(Bucket=bucket).get("Contents", []))


def body(raw_s3, bucket: str, key: str) -> bytes:
    return raw_s3.get_object(Bucket=bucket, Key=key)["Body"].read()


def version_rows(screen: VersionsScreen) -> int:
    """How many versions the versions dialog lists on screen."""
    return screen.query_one("#versions-table", DataTable).row_count


def notifications(app) -> list[str]:
    """Each notification's message as on screen (below its title), with how long the job took left out."""
    return [re.sub(r" (in|after) [\d.]+ s\b", "", text.partition("\n")[2] or text) for text in notified(app)]


def files_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


async def finish_transfer(pilot) -> JobScreen:
    screen = await wait_screen(pilot, JobScreen)
    await wait_for(pilot, lambda: screen.report is not None)
    await pilot.press("enter")
    return screen


# Transfers


async def test_upload_a_file_under_an_edited_key_then_a_folder(store: ObjectStore, raw_s3, tmp_path: Path) -> None:
    raw_s3.create_bucket(Bucket="up-bucket")
    single = tmp_path / "report.bin"
    single.write_bytes(os.urandom(300_000))
    folder = tmp_path / "site"
    (folder / "css").mkdir(parents=True)
    (folder / "index.html").write_bytes(b"<html></html>")
    (folder / "css" / "main.css").write_bytes(b"body {}")
    host = HostScreen(store, Location("up-bucket", "in/"))
    async with HostApp(host).run_test(size=SIZE) as pilot:
        host.operations.upload()
        dialog = await wait_screen(pilot, UploadDialog)
        dialog.query_one("#upload-path", Input).value = str(single)
        await pilot.pause()
        key = dialog.query_one("#upload-key", Input)
        assert key.value == "in/report.bin"
        key.value = "in/renamed.bin"
        await pilot.pause()
        await pilot.click("#upload")
        screen = await finish_transfer(pilot)
        assert screen.report.ok

        host.operations.upload()
        dialog = await wait_screen(pilot, UploadDialog)
        dialog.query_one("#upload-path", Input).value = str(folder)
        await pilot.pause()
        assert dialog.query_one("#upload-key", Input).disabled
        await pilot.click("#upload")
        await finish_transfer(pilot)
        assert host.reloads == 2
    assert keys(raw_s3, "up-bucket") == ["in/renamed.bin", "in/site/css/main.css", "in/site/index.html"]
    assert body(raw_s3, "up-bucket", "in/renamed.bin") == single.read_bytes()
    assert body(raw_s3, "up-bucket", "in/site/css/main.css") == b"body {}"


async def test_upload_dialog_checks_as_you_type(store: ObjectStore, tmp_path: Path) -> None:
    host = HostScreen(store, Location("any-bucket"))
    async with HostApp(host).run_test(notifications=True, size=SIZE) as pilot:
        host.operations.upload()
        dialog = await wait_screen(pilot, UploadDialog)
        error = dialog.query_one("#upload-error", Static)
        upload = dialog.query_one("#upload", Button)
        assert "Choose a file or folder" in text_of(error) and upload.disabled
        dialog.query_one("#upload-path", Input).value = str(tmp_path / "missing.txt")
        await pilot.pause()
        assert "No such file or folder" in text_of(error)
        (tmp_path / "here.txt").write_text("x")
        dialog.query_one("#upload-path", Input).value = str(tmp_path / "here.txt")
        dialog.query_one("#upload-bucket", Input).value = "Bad_Bucket"
        await pilot.pause()
        assert "invalid bucket name 'Bad_Bucket'" in text_of(error) and upload.disabled
        dialog.query_one("#upload-bucket", Input).value = "good-bucket"
        await pilot.pause()
        assert text_of(error) == "" and not upload.disabled
        await pilot.press("escape")
        await wait_for(pilot, lambda: pilot.app.screen is host)


async def test_download_a_folder_recreates_its_paths(store: ObjectStore, raw_s3, tmp_path: Path) -> None:
    data = os.urandom(2 * MiB)
    put(raw_s3, "dl-bucket", {"data/a.bin": data, "data/deep/b.txt": b"bee", "other.txt": b"no"})
    host = HostScreen(store, Location("dl-bucket"), [Folder("data/", "dl-bucket")])
    out = tmp_path / "out"
    async with HostApp(host).run_test(notifications=True, size=SIZE) as pilot:
        host.operations.download()
        dialog = await wait_screen(pilot, DownloadDialog)
        folder = dialog.query_one("#download-folder", Input)
        assert folder.value == "."  # the working folder by default
        folder.value = str(out)
        await pilot.pause()
        assert "will be created" in text_of(dialog.query_one("#download-check", Static))
        await pilot.press("enter")
        screen = await finish_transfer(pilot)
    assert screen.report.ok
    assert files_under(out) == ["data/a.bin", "data/deep/b.txt"]
    assert (out / "data/a.bin").read_bytes() == data


async def test_download_conflicts_skip_or_keep_both(store: ObjectStore, raw_s3, tmp_path: Path) -> None:
    put(raw_s3, "conflict-bucket", {"a.txt": b"server"})
    (tmp_path / "a.txt").write_bytes(b"local")
    host = HostScreen(store, Location("conflict-bucket"), [store.stat_object("a.txt", "conflict-bucket")])
    async with HostApp(host).run_test(notifications=True, size=SIZE) as pilot:
        for choice in ("skip", "keep-both"):
            host.operations.download()
            dialog = await wait_screen(pilot, DownloadDialog)
            dialog.query_one("#download-folder", Input).value = str(tmp_path)
            dialog.query_one(f"#conflict-{choice}", RadioButton).value = True
            await pilot.pause()
            await pilot.click("#download")
            await finish_transfer(pilot)
    assert files_under(tmp_path) == ["a (1).txt", "a.txt"]
    assert (tmp_path / "a.txt").read_bytes() == b"local"
    assert (tmp_path / "a (1).txt").read_bytes() == b"server"


class GatedDownloads(ObjectStore):
    """Downloads stop at their first progress report until ``release`` is set."""

    def __init__(self, config: ObjectStoreConfiguration) -> None:
        super().__init__(config)
        self.started = threading.Event()
        self.release = threading.Event()

    def download_file(self, key, file_path, bucket=None, *, version=None, progress=None, cancel=None):
        def gated(done: int, total: int) -> None:
            self.started.set()
            self.release.wait(10)
            if progress is not None:
                progress(done, total)

        return super().download_file(key, file_path, bucket, version=version, progress=gated, cancel=cancel)


async def test_a_cancelled_download_leaves_nothing(s3_server: MotoServer, raw_s3, tmp_path: Path) -> None:
    put(raw_s3, "slow-bucket", {"big/one.bin": os.urandom(8 * MiB), "big/two.bin": os.urandom(8 * MiB)})
    store = GatedDownloads(moto_config(s3_server))
    host = HostScreen(store, Location("slow-bucket"), [Folder("big/", "slow-bucket")])
    out = tmp_path / "out"
    async with HostApp(host).run_test(notifications=True, size=SIZE) as pilot:
        host.operations.download()
        dialog = await wait_screen(pilot, DownloadDialog)
        dialog.query_one("#download-folder", Input).value = str(out)
        await pilot.press("enter")
        screen = await wait_screen(pilot, JobScreen)
        await wait_for(pilot, store.started.is_set)
        await pilot.press("c")
        store.release.set()
        await wait_for(pilot, lambda: screen.report is not None)
        assert screen.report.cancelled and not screen.report.done
        await wait_for(
            pilot, lambda: notifications(pilot.app)[-1:] == ["cancelled: 0 of 2 files downloaded; 2 not downloaded"]
        )  # a toast mounts a frame later
    store.close()
    assert files_under(tmp_path) == []


async def test_keys_that_would_escape_are_refused_and_write_nothing(store: ObjectStore, raw_s3, tmp_path: Path) -> None:
    put(raw_s3, "evil-bucket", {"../escape.txt": b"evil", "/rooted.txt": b"evil", "fine.txt": b"ok"})
    host = HostScreen(store, Location("evil-bucket"), [Folder("", "evil-bucket")])
    out = tmp_path / "out"
    async with HostApp(host).run_test(notifications=True, size=SIZE) as pilot:
        host.operations.download()
        dialog = await wait_screen(pilot, DownloadDialog)
        dialog.query_one("#download-folder", Input).value = str(out)
        await pilot.press("enter")
        screen = await finish_transfer(pilot)
    assert sorted(issue.name for issue in screen.report.refused) == ["../escape.txt", "/rooted.txt"]
    assert files_under(tmp_path) == ["out/fine.txt"]


# Copy, move, rename


async def choose_destination(pilot, bucket: str, prefix: str) -> None:
    dialog = await wait_screen(pilot, DestinationDialog)
    options = dialog.query_one(OptionList)
    status = dialog.query_one("#destination-buckets-status", Static)
    await wait_for(pilot, lambda: text_of(status) == "")
    options.highlighted = [option.id for option in options.options].index(bucket)
    dialog.query_one("#destination-prefix", Input).value = prefix
    await pilot.pause()
    await pilot.click("#destination-go")


async def test_copy_asks_before_overwriting(store: ObjectStore, raw_s3) -> None:
    put(raw_s3, "from-bucket", {"docs/a.txt": b"new a", "docs/b.txt": b"new b"})
    put(raw_s3, "to-bucket", {"backup/docs/a.txt": b"old a"})
    host = HostScreen(store, Location("from-bucket"), [Folder("docs/", "from-bucket")])
    async with HostApp(host).run_test(notifications=True, size=SIZE) as pilot:
        host.operations.copy()
        await choose_destination(pilot, "to-bucket", "backup")
        confirm = await wait_screen(pilot, ConfirmDialog)
        assert "1 of the 2 destinations already exist" in text_of(confirm.query_one("#confirm-body", Static))
        await pilot.press("s")  # skip them
        await wait_for(pilot, lambda: pilot.app.screen is host)
        await wait_for(
            pilot, lambda: notifications(pilot.app)[-1:] == ["1 object copied to to-bucket; 1 skipped"]
        )  # a toast mounts a frame later
        assert body(raw_s3, "to-bucket", "backup/docs/a.txt") == b"old a"

        host.operations.copy()
        await choose_destination(pilot, "to-bucket", "backup")
        await wait_screen(pilot, ConfirmDialog)
        await pilot.press("o")  # overwrite them
        await wait_for(pilot, lambda: pilot.app.screen is host and host.reloads == 2)
    assert body(raw_s3, "to-bucket", "backup/docs/a.txt") == b"new a"
    assert keys(raw_s3, "from-bucket") == ["docs/a.txt", "docs/b.txt"]


class FailingMoves(ObjectStore):
    """Moving ``bad.txt`` fails its verification, as a corrupted copy would."""

    def move_object(self, src_object, dst_object, src_bucket=None, dst_bucket=None):
        if src_object == "bad.txt":
            raise VerificationError("copy does not match its source; source kept", bucket=src_bucket, key=src_object)
        return super().move_object(src_object, dst_object, src_bucket, dst_bucket)


async def test_a_failed_move_keeps_the_source_and_lists_the_key(s3_server: MotoServer, raw_s3, tmp_path: Path) -> None:
    put(raw_s3, "move-bucket", {"bad.txt": b"b", "good.txt": b"g"})
    store = FailingMoves(moto_config(s3_server))
    entries = [store.stat_object(key, "move-bucket") for key in ("bad.txt", "good.txt")]
    host = HostScreen(store, Location("move-bucket"), entries)
    async with HostApp(host).run_test(notifications=True, size=SIZE) as pilot:
        host.operations.move()
        await choose_destination(pilot, "move-bucket", "moved/")
        task = await wait_screen(pilot, JobScreen)
        await wait_for(pilot, lambda: task.has_class("-finished"))
        issues = text_of(task.query_one("#job-issues-text", Static))
        assert "bad.txt: copy does not match its source" in issues
        await pilot.press("enter")
        await wait_for(pilot, lambda: pilot.app.screen is host)
        await wait_for(
            pilot,
            lambda: (
                notifications(pilot.app)[-1:] == ["1 object moved to move-bucket; 1 failed (their sources were kept)"]
            ),
        )  # a toast mounts a frame later
    store.close()
    assert keys(raw_s3, "move-bucket") == ["bad.txt", "moved/good.txt"]


async def test_rename_an_object(store: ObjectStore, raw_s3) -> None:
    put(raw_s3, "ren-bucket", {"notes/draft.md": b"# draft"})
    host = HostScreen(store, Location("ren-bucket", "notes/"), [store.stat_object("notes/draft.md", "ren-bucket")])
    async with HostApp(host).run_test(notifications=True, size=SIZE) as pilot:
        host.operations.rename()
        dialog = await wait_screen(pilot, RenameDialog)
        name = dialog.query_one(Input)
        assert name.value == "notes/draft.md"
        await pilot.press("enter")
        assert "current name" in text_of(dialog.query_one("#rename-error", Static))
        name.value = "notes/final.md"
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: host.reloads == 1 and notifications(pilot.app)
        )  # the toast mounts after the reload
        await wait_for(
            pilot, lambda: notifications(pilot.app)[-1:] == ["1 object renamed to ren-bucket"]
        )  # a toast mounts a frame later
    assert keys(raw_s3, "ren-bucket") == ["notes/final.md"]


# Delete


async def test_delete_states_what_goes_and_removes_exactly_that(store: ObjectStore, raw_s3) -> None:
    put(raw_s3, "rm-bucket", {f"tmp/{i}.log": b"x" * 1024 for i in range(7)} | {"keep.txt": b"k"})
    host = HostScreen(store, Location("rm-bucket"), [Folder("tmp/", "rm-bucket")])
    async with HostApp(host).run_test(notifications=True, size=SIZE) as pilot:
        host.operations.delete()
        dialog = await wait_screen(pilot, DeleteDialog)
        summary = dialog.query_one("#delete-summary", Static)
        await wait_for(pilot, lambda: "Delete 7 objects" in text_of(summary))
        text = text_of(summary)
        assert "(7.0 KiB) from bucket rm-bucket" in text
        assert "tmp/0.log" in text and "tmp/4.log" in text and "tmp/5.log" not in text and "… and 2 more" in text
        assert "cannot be undone" in text
        await pilot.press("enter")  # the focus is on Cancel: Enter alone deletes nothing
        await wait_for(pilot, lambda: pilot.app.screen is host)
        assert len(keys(raw_s3, "rm-bucket")) == 8

        host.operations.delete()
        dialog = await wait_screen(pilot, DeleteDialog)
        await wait_for(pilot, lambda: not dialog.query_one("#delete", Button).disabled)
        await pilot.press("y")
        await wait_for(
            pilot, lambda: host.reloads == 1 and notifications(pilot.app)
        )  # the toast mounts after the reload
        await wait_for(
            pilot, lambda: notifications(pilot.app)[-1:] == ["7 objects deleted from rm-bucket"]
        )  # a toast mounts a frame later
    assert keys(raw_s3, "rm-bucket") == ["keep.txt"]


async def test_delete_on_a_versioned_bucket_says_it_leaves_markers(store: ObjectStore, raw_s3) -> None:
    raw_s3.create_bucket(Bucket="ver-rm")
    raw_s3.put_bucket_versioning(Bucket="ver-rm", VersioningConfiguration={"Status": "Enabled"})
    put(raw_s3, "ver-rm", {"a.txt": b"a"}, create=False)
    host = HostScreen(store, Location("ver-rm"), [store.stat_object("a.txt", "ver-rm")])
    async with HostApp(host).run_test(notifications=True, size=SIZE) as pilot:
        host.operations.delete()
        dialog = await wait_screen(pilot, DeleteDialog)
        summary = dialog.query_one("#delete-summary", Static)
        await wait_for(pilot, lambda: "delete marker" in text_of(summary))
        await pilot.press("y")
        await wait_for(pilot, lambda: host.reloads == 1)
    versions = raw_s3.list_object_versions(Bucket="ver-rm")
    assert len(versions["Versions"]) == 1 and len(versions["DeleteMarkers"]) == 1


# Presigned URLs


@pytest.mark.parametrize("system_clipboard", [True, False])
async def test_presigned_get_link_works_and_is_copied(
    store: ObjectStore, raw_s3, monkeypatch: pytest.MonkeyPatch, system_clipboard: bool
) -> None:
    put(raw_s3, "link-bucket", {"shared/file.txt": b"shared bytes"})
    copied: list[str] = []

    def fake_copy(text: str) -> None:
        if not system_clipboard:
            raise pyperclip.PyperclipException("no clipboard mechanism")
        copied.append(text)

    monkeypatch.setattr(pyperclip, "copy", fake_copy)
    host = HostScreen(store, Location("link-bucket", "shared/"), [store.stat_object("shared/file.txt", "link-bucket")])
    async with HostApp(host).run_test(notifications=True, size=SIZE) as pilot:
        host.operations.presign()
        dialog = await wait_screen(pilot, PresignDialog)
        assert dialog.query_one("#presign-key", Input).value == "shared/file.txt"
        await pilot.click("#presign-create")
        note = dialog.query_one("#presign-copied", Static)
        await wait_for(pilot, lambda: "copied" in text_of(note))
        url = text_of(dialog.query_one("#presign-url", Static))
        if system_clipboard:
            assert copied == [url] and "copied to the system clipboard" in text_of(note)
        else:
            assert pilot.app.clipboard == url and "the terminal (OSC 52)" in text_of(note)
        assert "valid for 1 hour" in text_of(note)
        assert all("Signature" not in message and url not in message for message in notifications(pilot.app))
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.read() == b"shared bytes"


async def test_presigned_put_link_uploads(store: ObjectStore, raw_s3, monkeypatch: pytest.MonkeyPatch) -> None:
    raw_s3.create_bucket(Bucket="drop-bucket")
    monkeypatch.setattr(pyperclip, "copy", lambda text: None)
    host = HostScreen(store, Location("drop-bucket", "inbox/"))
    async with HostApp(host).run_test(notifications=True, size=SIZE) as pilot:
        host.operations.presign()
        dialog = await wait_screen(pilot, PresignDialog)
        dialog.query_one("#presign-key", Input).value = "inbox/upload.txt"
        dialog.query_one("#method-PUT", RadioButton).value = True
        dialog.query_one("#expiry-typed", RadioButton).value = True
        typed = dialog.query_one("#presign-typed", Input)
        await pilot.pause()
        assert not typed.disabled
        typed.value = "8d"
        await pilot.pause()
        assert "at most 7 days" in text_of(dialog.query_one("#presign-error", Static))
        assert dialog.query_one("#presign-create", Button).disabled
        typed.value = "2h"
        await pilot.pause()
        await pilot.click("#presign-create")
        await wait_for(pilot, lambda: "copied" in text_of(dialog.query_one("#presign-copied", Static)))
        url = text_of(dialog.query_one("#presign-url", Static))
    # An explicit type: urllib's default form encoding makes moto's web layer swallow the body.
    headers = {"Content-Type": "application/octet-stream"}
    request = urllib.request.Request(url, data=b"dropped in", method="PUT", headers=headers)
    urllib.request.urlopen(request, timeout=10).close()
    assert body(raw_s3, "drop-bucket", "inbox/upload.txt") == b"dropped in"


# Buckets


async def test_create_bucket_checks_the_name_as_typed(store: ObjectStore, raw_s3) -> None:
    raw_s3.create_bucket(Bucket="existing-bucket")
    host = HostScreen(store, Location("existing-bucket"))
    async with HostApp(host).run_test(notifications=True, size=SIZE) as pilot:
        host.operations.new_bucket()
        dialog = await wait_screen(pilot, CreateBucketDialog)
        error = dialog.query_one("#bucket-error", Static)
        await pilot.press("A", "b", "c")
        assert "use only lowercase letters" in text_of(error)
        dialog.query_one(Input).value = "existing-bucket"
        await pilot.pause()
        assert text_of(error) == "Bucket existing-bucket already exists."
        dialog.query_one(Input).value = "fresh-bucket"
        await pilot.pause()
        assert text_of(error) == ""
        await pilot.press("enter")
        await wait_for(pilot, lambda: host.bucket_reloads == 1)
    assert "fresh-bucket" in [bucket["Name"] for bucket in raw_s3.list_buckets()["Buckets"]]


async def test_delete_bucket_needs_its_name_to_empty_it(store: ObjectStore, raw_s3) -> None:
    put(raw_s3, "doomed-bucket", {f"k{i}": b"." for i in range(3)})
    raw_s3.create_bucket(Bucket="empty-bucket")
    host = HostScreen(store, Location("doomed-bucket"))
    async with HostApp(host).run_test(notifications=True, size=SIZE) as pilot:
        host.tree_bucket = "doomed-bucket"
        host.operations.delete()
        dialog = await wait_screen(pilot, DeleteBucketDialog)
        await wait_for(pilot, lambda: dialog.has_class("-not-empty"))
        assert "holds 3 entries" in text_of(dialog.query_one("#bucket-contents", Static))
        delete = dialog.query_one("#delete", Button)
        await pilot.press(*"doomed")
        assert delete.disabled
        await pilot.press(*"-bucket", "enter")
        await wait_for(pilot, lambda: host.bucket_reloads == 1)

        host.tree_bucket = "empty-bucket"
        host.operations.delete()
        dialog = await wait_screen(pilot, DeleteBucketDialog)
        await wait_for(pilot, lambda: not dialog.query_one("#delete", Button).disabled)
        await pilot.click("#delete")
        await wait_for(pilot, lambda: host.bucket_reloads == 2)
    assert [bucket["Name"] for bucket in raw_s3.list_buckets()["Buckets"]] == []


# Versions


async def test_versions_restore_and_delete(store: ObjectStore, raw_s3) -> None:
    raw_s3.create_bucket(Bucket="hist-bucket")
    raw_s3.put_bucket_versioning(Bucket="hist-bucket", VersioningConfiguration={"Status": "Enabled"})
    for text in (b"v1", b"v2 longer"):
        put(raw_s3, "hist-bucket", {"doc.txt": text}, create=False)
    host = HostScreen(store, Location("hist-bucket"), [store.stat_object("doc.txt", "hist-bucket")])
    async with HostApp(host).run_test(notifications=True, size=SIZE) as pilot:
        host.operations.versions()
        screen = await wait_screen(pilot, VersionsScreen)
        await wait_for(pilot, lambda: version_rows(screen) == 2)
        await pilot.press("down", "p")
        await wait_for(pilot, lambda: screen.query("#versions-preview TextView"))
        await pilot.press("r")
        await wait_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for(pilot, lambda: version_rows(screen) == 3)
        assert body(raw_s3, "hist-bucket", "doc.txt") == b"v1"

        await pilot.press("down", "x")  # the second newest: 'v2 longer'
        await wait_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for(pilot, lambda: version_rows(screen) == 2)
        await pilot.press("escape")
        await wait_for(pilot, lambda: host.reloads == 1)
    versions = raw_s3.list_object_versions(Bucket="hist-bucket")["Versions"]
    bodies = sorted(
        body
        for body in (
            raw_s3.get_object(Bucket="hist-bucket", Key="doc.txt", VersionId=v["VersionId"])["Body"].read()
            for v in versions
        )
    )
    assert bodies == [b"v1", b"v1"]


async def test_a_version_downloads_as_a_job_and_keeping_both_never_overwrites_a_copy(
    store: ObjectStore, raw_s3, tmp_path: Path
) -> None:
    raw_s3.create_bucket(Bucket="old-bucket")
    raw_s3.put_bucket_versioning(Bucket="old-bucket", VersioningConfiguration={"Status": "Enabled"})
    for text in (b"v1", b"v2 longer"):
        put(raw_s3, "old-bucket", {"doc.txt": text}, create=False)
    (tmp_path / "doc.txt").write_bytes(b"local")
    host = HostScreen(store, Location("old-bucket"), [store.stat_object("doc.txt", "old-bucket")])
    versions = raw_s3.list_object_versions(Bucket="old-bucket", Prefix="doc.txt")["Versions"]
    older_id = next(version["VersionId"] for version in versions if not version["IsLatest"])
    async with HostApp(host).run_test(notifications=True, size=SIZE) as pilot:
        host.operations.versions()
        screen = await wait_screen(pilot, VersionsScreen)
        await wait_for(pilot, lambda: version_rows(screen) == 2)
        for _ in range(2):
            await pilot.press("down", "d")
            dialog = await wait_screen(pilot, DownloadDialog)
            dialog.query_one("#download-folder", Input).value = str(tmp_path)
            await pilot.pause()
            await pilot.click("#download")  # 'keep both' is the default
            await wait_for(pilot, lambda: pilot.app.screen is screen)
        label = f"version {older_id[:8]}"
        saved = f"Version {older_id} of doc.txt saved as {tmp_path}/doc ({label}) (1).txt."
        await wait_for(pilot, lambda: saved in notifications(pilot.app))
    assert files_under(tmp_path) == sorted(["doc.txt", f"doc ({label}).txt", f"doc ({label}) (1).txt"])
    assert (tmp_path / "doc.txt").read_bytes() == b"local"
    assert (tmp_path / f"doc ({label}).txt").read_bytes() == (tmp_path / f"doc ({label}) (1).txt").read_bytes() == b"v1"


async def test_versions_on_a_backend_without_them(tmp_path: Path) -> None:
    (tmp_path / "local-bucket").mkdir()
    (tmp_path / "local-bucket" / "a.txt").write_text("a")
    config = ObjectStoreConfiguration(framework="local", connection={"endpoint": str(tmp_path)})
    with ObjectStore(config) as store:
        host = HostScreen(store, Location("local-bucket"), [store.stat_object("a.txt", "local-bucket")])
        async with HostApp(host).run_test(notifications=True, size=SIZE) as pilot:
            host.operations.versions()
            screen = await wait_screen(pilot, VersionsScreen)
            assert "keeps no versions" in text_of(screen.query_one("#versions-note", Static))
            assert not screen.check_action("restore", ())
