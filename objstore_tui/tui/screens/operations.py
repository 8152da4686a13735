"""The browser's write side (and the reads that go with it): upload, download, copy, move, rename, delete,
presigned URLs, buckets and versions, each a key binding that runs one flow of dialogs.

``OperationsScreen`` is the base of the browser screen. A flow is an async worker that awaits its dialogs in
turn (input, then planning, then any question the plan raises, then the job) and ends in a notification that
says what happened; the storage calls run in the dialogs' thread workers, through ``operations.py`` and
``transfers.py``. Actions that change the store are in ``WRITE_ACTIONS``: hidden and refused in read-only
mode. Downloads, GET links and the versions list only read, so they stay.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.screen import Screen

from objstore_tui.object_store import DirEntry, ObjectMetadata, ObjectStore, ObjectStoreError, visible
from objstore_tui.services.location import Location
from objstore_tui.services.operations import (
    PREVIEW_KEYS,
    CopyPlan,
    check_cancel,
    delete_planned,
    empty_and_delete_bucket,
    plan_copy,
    plan_rename,
    run_copy,
)
from objstore_tui.services.target import Target
from objstore_tui.services.transfers import Conflict, find_existing_uploads, plan_download, plan_upload
from objstore_tui.tui.dialogs.buckets import CreateBucketDialog, DeleteBucketDialog
from objstore_tui.tui.dialogs.confirm import Choice, ConfirmDialog
from objstore_tui.tui.dialogs.delete import DeleteDialog
from objstore_tui.tui.dialogs.destination import DestinationDialog
from objstore_tui.tui.dialogs.download import DownloadDialog
from objstore_tui.tui.dialogs.paths import display_path
from objstore_tui.tui.dialogs.presign import PresignDialog
from objstore_tui.tui.dialogs.rename import RenameDialog
from objstore_tui.tui.dialogs.task import Reported, TaskScreen
from objstore_tui.tui.dialogs.transfer import TransferScreen
from objstore_tui.tui.dialogs.upload import UploadDialog, upload_conflict_question
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
        plan = await self.app.push_screen_wait(
            TaskScreen(
                f"{title}: looking for objects it would replace",
                lambda _, cancel: find_existing_uploads(
                    self.store,
                    plan_upload([request.path], request.bucket, request.prefix, request.key),
                    partial(check_cancel, cancel),
                ),
            )
        )
        if plan is None:
            return
        answer = await self.app.push_screen_wait(upload_conflict_question(plan)) if plan.existing else "overwrite"
        if answer is None:
            return
        report = await self.app.push_screen_wait(
            TransferScreen(self.store, title, lambda: plan, conflict=Conflict(answer))
        )
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
        location = target.location
        entries = list(target.entries)
        make_plan = partial(plan_download, self.store, location.bucket, entries, request.folder, location.prefix)
        title = f"Download to {display_path(request.folder)}"
        await self.app.push_screen_wait(TransferScreen(self.store, title, make_plan, conflict=request.conflict))

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
        plan = await self.app.push_screen_wait(
            TaskScreen(
                f"{verb}: looking at the selection",
                lambda _, cancel: plan_copy(
                    self.store,
                    location.bucket,
                    list(target.entries),
                    destination.bucket,
                    destination.prefix,
                    base_prefix=location.prefix,
                    cancel=cancel,
                ),
            )
        )
        if plan is not None:
            title = f"{verb} to {visible(destination.bucket)}/{visible(destination.prefix)}"
            await self._run_copy(plan, move=move, title=title)

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
        plan = await self.app.push_screen_wait(
            TaskScreen(
                "Rename: looking at the selection",
                lambda _, cancel: plan_rename(self.store, location.bucket, entry, new_name, cancel),
            )
        )
        if plan is not None:
            await self._run_copy(plan, move=True, title=f"Rename to {new_name}", verb="renamed")

    async def _run_copy(self, plan: CopyPlan, *, move: bool, title: str, verb: str | None = None) -> None:
        """Ask before overwriting, run the copies, and report: the tail of copy, move and rename."""
        overwrite = await self._ask_overwrite(plan)
        if overwrite is None:
            return
        report = await self.app.push_screen_wait(
            TaskScreen(
                title,
                lambda progress, cancel: run_copy(
                    self.store, plan, move=move, overwrite=overwrite, progress=progress, cancel=cancel, verb=verb
                ),
            )
        )
        if report is None:
            return
        self.notify(
            report.summary, title=title, severity="warning" if report.issues or report.cancelled else "information"
        )
        if report.done:
            self.reload()

    async def _ask_overwrite(self, plan: CopyPlan) -> bool | None:
        """False to skip existing destinations, True to overwrite them, None to give up; no question if none exist."""
        if not plan.existing:
            return False
        existing = sorted(plan.existing)
        body = Text.assemble(
            f"{len(existing):,} of the {len(plan.pairs):,} destinations already exist in bucket ",
            (visible(plan.dst_bucket), "bold"),
            ":\n",
        )
        for key in existing[:PREVIEW_KEYS]:
            body.append(f"  {visible(key)}\n")
        if len(existing) > PREVIEW_KEYS:
            body.append(f"  … and {len(existing) - PREVIEW_KEYS:,} more\n", style="dim")
        answer = await self.app.push_screen_wait(
            ConfirmDialog(
                "Overwrite?",
                body,
                [
                    Choice("overwrite", "Overwrite them", "error", key="o"),
                    Choice("skip", "Skip them", "primary", key="s"),
                ],
            )
        )
        return None if answer is None else answer == "overwrite"

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
        report = await self.app.push_screen_wait(
            TaskScreen(
                f"Delete from {location.bucket}",
                lambda progress, _: delete_planned(self.store, plan, progress),
                cancellable=False,
            )
        )
        if report is not None:
            self._notify_report(report, "Delete")
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
            report = await self.app.push_screen_wait(
                TaskScreen(
                    f"Empty and delete {bucket}",
                    lambda progress, cancel: empty_and_delete_bucket(self.store, bucket, progress, cancel),
                )
            )
            if report is None:
                return
            self._notify_report(report, "Delete bucket")
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
    def _notify_report(self, report: Reported, title: str) -> None:
        """The notification that ends a job: its summary, a warning when some keys were not done."""
        self.notify(report.summary, title=title, severity="warning" if report.issues else "information", markup=False)

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
