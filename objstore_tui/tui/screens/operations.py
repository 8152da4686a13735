"""The browser's write side (and the reads that go with it): upload, download, copy, move, rename, delete,
presigned URLs, buckets and versions, each a key binding that runs one flow of dialogs.

``OperationsScreen`` is the base of the browser screen. A flow is an async worker that awaits its input dialog,
then the one ``JobScreen`` (planning, any question the plan raises, the job, a notification that says what
happened); the jobs are built in ``dialogs/jobs.py`` over ``services.jobs``. Actions that change the store are
in ``WRITE_ACTIONS``: hidden and refused in read-only mode. Downloads, GET links and the versions list only
read, so they stay.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.screen import Screen

from objstore_tui.object_store import DirEntry, ObjectMetadata, ObjectStore, ObjectStoreError, visible
from objstore_tui.services.jobs import JobReport
from objstore_tui.services.location import Location
from objstore_tui.services.target import Target
from objstore_tui.tui.dialogs.buckets import CreateBucketDialog, DeleteBucketDialog
from objstore_tui.tui.dialogs.delete import DeleteDialog
from objstore_tui.tui.dialogs.destination import DestinationDialog
from objstore_tui.tui.dialogs.download import DownloadDialog
from objstore_tui.tui.dialogs.job import Job, JobScreen
from objstore_tui.tui.dialogs.jobs import (
    copy_job,
    copy_plan,
    delete_job,
    download_job,
    empty_bucket_job,
    rename_plan,
    upload_job,
)
from objstore_tui.tui.dialogs.paths import display_path
from objstore_tui.tui.dialogs.presign import PresignDialog
from objstore_tui.tui.dialogs.rename import RenameDialog
from objstore_tui.tui.dialogs.upload import UploadDialog
from objstore_tui.tui.dialogs.versions import VersionsScreen


def _refusals(bindings: list[BindingType], actions: frozenset[str]) -> list[BindingType]:
    """For each binding of ``actions``, one on the same keys that explains the refusal in read-only mode."""
    return [
        Binding(binding.key, f"refuse_read_only({binding.description!r})", show=False)
        for binding in bindings
        if isinstance(binding, Binding) and binding.action in actions
    ]


class OperationsScreen(Screen[None]):
    """Key bindings and flows of the write actions, over what the browser screen provides.

    The subclass sets ``store``, ``read_only`` and ``read_only_reason`` and implements ``target`` (what has the
    focus: every action acts on it and its dialog names it), ``bucket_names``, ``reload`` and ``reload_buckets``.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u", "upload", "Upload"),
        Binding("d", "download", "Download"),
        Binding("C", "copy", "Copy to", show=False),
        Binding("M", "move", "Move to", show=False),
        Binding("R", "rename", "Rename", show=False),
        Binding("x,delete", "delete", "Delete"),
        Binding("s", "presign", "Presigned URL", show=False),
        Binding("n", "new_bucket", "New bucket", show=False),
        Binding("V", "versions", "Versions", show=False),
    ]

    WRITE_ACTIONS: ClassVar[frozenset[str]] = frozenset({"upload", "copy", "move", "rename", "delete", "new_bucket"})
    """Actions that change the store: hidden from the footer and palette, and refused, in read-only mode."""

    # The same keys again, tried when the write action is refused: they say why (no description: not listed).
    BINDINGS += _refusals(BINDINGS, WRITE_ACTIONS)

    store: ObjectStore
    read_only: bool
    read_only_reason: str = "--read-only"
    """Why writes are refused, for the notification: 'profile lab' or '--read-only'."""

    # What the browser screen provides
    def target(self) -> Target | None:
        """What the actions act on now; None when nothing is open or highlighted."""
        raise NotImplementedError

    def bucket_names(self) -> list[str]:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def reload_buckets(self) -> None:
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.WRITE_ACTIONS:
            return not self.read_only
        if action == "refuse_read_only":
            return self.read_only
        return True

    def action_refuse_read_only(self, description: str) -> None:
        """A write key pressed in read-only mode: say why nothing happens."""
        self.notify(
            f"read-only: {description} is disabled ({self.read_only_reason})", title="Read-only", severity="warning"
        )

    # Transfers
    def action_upload(self) -> None:
        target = self._target("upload into")
        if target is not None:
            self._upload(target.here)

    @work(exclusive=True, group="operation", exit_on_error=False, name="upload")
    async def _upload(self, location: Location) -> None:
        request = await self.app.push_screen_wait(
            UploadDialog(location.bucket, location.prefix, buckets=self.bucket_names())
        )
        if request is None:
            return
        title = f"Upload {display_path(request.path)} to {visible(request.bucket)}/{visible(request.prefix)}"
        job = upload_job(self.store, title, request.path, request.bucket, request.prefix, request.key)
        report = await self._run(job)
        if report is not None and report.done:
            self.reload()

    def action_download(self) -> None:
        target = self._target("download", needs_entries=True)
        if target is not None:
            self._download(target)

    @work(exclusive=True, group="operation", exit_on_error=False, name="download")
    async def _download(self, target: Target) -> None:
        request = await self.app.push_screen_wait(DownloadDialog(target.describe()))
        if request is None:
            return
        title = f"Download to {display_path(request.folder)}"
        entries = list(target.entries)
        await self._run(download_job(self.store, title, target.location, entries, request.folder, request.conflict))

    # Copy, move, rename
    def action_copy(self) -> None:
        target = self._target("copy", needs_entries=True)
        if target is not None:
            self._copy_or_move(target, move=False)

    def action_move(self) -> None:
        target = self._target("move", needs_entries=True)
        if target is not None:
            self._copy_or_move(target, move=True)

    @work(exclusive=True, group="operation", exit_on_error=False, name="copy-or-move")
    async def _copy_or_move(self, target: Target, *, move: bool) -> None:
        verb = "Move" if move else "Copy"
        location = target.location
        destination = await self.app.push_screen_wait(DestinationDialog(self.store, verb, target.describe(), location))
        if destination is None:
            return
        title = f"{verb} to {visible(destination.bucket)}/{visible(destination.prefix)}"
        make_plan = copy_plan(self.store, location, list(target.entries), destination.bucket, destination.prefix)
        await self._run_copy(copy_job(self.store, title, make_plan, move=move, verb="moved" if move else "copied"))

    def action_rename(self) -> None:
        target = self._target("rename", needs_entries=True)
        if target is None:
            return
        if target.is_bucket:
            self.notify(f"Buckets cannot be renamed: {target.describe()}. Copy its objects to a new bucket (C).")
            return
        entry = target.single
        if entry is None:
            self.notify("Rename works on one object or folder: unmark the others, or use M to move them.")
            return
        self._rename(target.location, entry)

    @work(exclusive=True, group="operation", exit_on_error=False, name="rename")
    async def _rename(self, location: Location, entry: DirEntry) -> None:
        new_name = await self.app.push_screen_wait(RenameDialog(location.bucket, entry))
        if new_name is None:
            return
        make_plan = rename_plan(self.store, location.bucket, entry, new_name)
        await self._run_copy(copy_job(self.store, f"Rename to {new_name}", make_plan, move=True, verb="renamed"))

    async def _run_copy(self, job: Job[Any]) -> None:
        """The tail of copy, move and rename: run the job (it asks before overwriting), then list again."""
        report = await self._run(job)
        if report is not None and report.done:
            self.reload()

    # Delete
    def action_delete(self) -> None:
        target = self._target("delete", needs_entries=True)
        if target is None:
            return
        if target.is_bucket:
            self._delete_bucket(target.bucket)
        else:
            self._delete(target.location, list(target.entries))

    @work(exclusive=True, group="operation", exit_on_error=False, name="delete")
    async def _delete(self, location: Location, entries: list[DirEntry]) -> None:
        plan = await self.app.push_screen_wait(DeleteDialog(self.store, location.bucket, entries))
        if plan is None:
            return
        if await self._run(delete_job(self.store, plan)) is not None:
            self.reload()

    # Presigned URLs
    def action_presign(self) -> None:
        target = self._target("link")
        if target is None:
            return
        if target.is_bucket:
            self.notify(f"Presigned links are for objects, not for a whole {target.describe()}.", severity="warning")
            return
        self.app.push_screen(PresignDialog(self.store, target.bucket, target.key, read_only=self.read_only))

    # Buckets
    def action_new_bucket(self) -> None:
        self._new_bucket()

    @work(exclusive=True, group="operation", exit_on_error=False, name="new-bucket")
    async def _new_bucket(self) -> None:
        name = await self.app.push_screen_wait(CreateBucketDialog(self.bucket_names()))
        if name is None:
            return
        try:
            await asyncio.to_thread(self.store.create_bucket, name)
        except (ObjectStoreError, ValueError) as exc:
            self.notify(str(exc), title=f"Cannot create bucket {name}", severity="error", markup=False)
            return
        self.notify(f"Bucket {name} created.")
        self.reload_buckets()

    @work(exclusive=True, group="operation", exit_on_error=False, name="delete-bucket")
    async def _delete_bucket(self, bucket: str) -> None:
        deletion = await self.app.push_screen_wait(DeleteBucketDialog(self.store, bucket))
        if deletion is None:
            return
        if deletion.empty_first:
            if await self._run(empty_bucket_job(self.store, bucket)) is None:
                return
        else:
            try:
                await asyncio.to_thread(self.store.delete_bucket, bucket)
            except (ObjectStoreError, ValueError) as exc:
                self.notify(str(exc), title=f"Cannot delete bucket {bucket}", severity="error", markup=False)
                return
            self.notify(f"Bucket {bucket} deleted.", title="Delete bucket")
        self.reload_buckets()

    # Versions
    def action_versions(self) -> None:
        target = self._target("show the versions of", needs_entries=True)
        if target is None:
            return
        entry = target.single
        if not isinstance(entry, ObjectMetadata):
            self.notify(
                f"Versions belong to an object, not to {target.describe()}: highlight one in the table.",
                severity="warning",
            )
            return
        self._versions(target.location, entry)

    @work(exclusive=True, group="operation", exit_on_error=False, name="versions")
    async def _versions(self, location: Location, entry: ObjectMetadata) -> None:
        screen = VersionsScreen(self.store, location.bucket, entry.key, read_only=self.read_only)
        if await self.app.push_screen_wait(screen):
            self.reload()

    # Helpers
    async def _run(self, job: Job[Any]) -> JobReport[Any, Any] | None:
        """Run ``job`` on the job screen (which notifies how it ended); its report, or None if nothing ran."""
        return await self.app.push_screen_wait(JobScreen(job))

    def _target(self, verb: str, *, needs_entries: bool = False) -> Target | None:
        """What has the focus; None, with a notification saying what is missing, when there is nothing."""
        target = self.target()
        if target is None:
            self.notify("Open a bucket first.", severity="warning")
            return None
        if needs_entries and not target.entries:
            self.notify(f"Nothing to {verb}: highlight a row, or mark rows with space.", severity="warning")
            return None
        return target
