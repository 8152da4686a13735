"""The browser's write side (and the reads that go with it): upload, download, copy, move, rename, delete,
presigned URLs, buckets and versions, each a key binding that runs one flow of dialogs.

``BrowserOperations`` holds the flows; the screen that hosts them (the browser) binds their keys
(``OPERATION_BINDINGS``) and passes itself in as the ``BrowserContext`` they act on (both in
``browser_context.py``). A flow is an async worker of the host screen that awaits its dialogs in turn (input,
then planning, then any question the plan raises, then the job) and ends in a notification that says what
happened; the storage calls run in the dialogs' thread workers, through ``operations.py`` and ``transfers.py``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from functools import partial, wraps
from typing import Any, Concatenate

from rich.text import Text
from textual.app import App
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker

from objstore_tui.object_store import DirEntry, ObjectMetadata, ObjectStoreError, visible
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
from objstore_tui.tui.screens.browser_context import BrowserContext

type _Flow[**P] = Callable[Concatenate[BrowserOperations, P], Coroutine[None, None, None]]


def _flow[**P](name: str) -> Callable[[_Flow[P]], Callable[Concatenate[BrowserOperations, P], Worker[None]]]:
    """Start the decorated flow as a worker of the host screen: one flow at a time, stopped with the screen."""

    def decorate(flow: _Flow[P]) -> Callable[Concatenate[BrowserOperations, P], Worker[None]]:
        @wraps(flow)
        def start(self: BrowserOperations, /, *args: P.args, **kwargs: P.kwargs) -> Worker[None]:
            run: Callable[[], Coroutine[None, None, None]] = partial(flow, self, *args, **kwargs)
            return self.host.run_worker(run, name=name, group="operation", exclusive=True, exit_on_error=False)

        return start

    return decorate


class BrowserOperations:
    """The flows of the write actions (and the reads that go with them) over a ``BrowserContext``.

    They run on ``host``, the screen whose keys start them: its workers, its dialogs, its notifications.
    """

    def __init__(self, host: Screen[Any], context: BrowserContext) -> None:
        self.host = host
        self.context = context

    # The host's, for the flows: dialogs are pushed on its app and notifications come from it
    @property
    def app(self) -> App[Any]:
        return self.host.app

    def notify(
        self, message: str, *, title: str = "", severity: SeverityLevel = "information", markup: bool = True
    ) -> None:
        self.host.notify(message, title=title, severity=severity, markup=markup)

    def refuse_read_only(self, description: str) -> None:
        """A write key pressed in read-only mode: say why nothing happens."""
        self.notify(
            f"read-only: {description} is disabled ({self.context.read_only_reason})",
            title="Read-only",
            severity="warning",
        )

    # Transfers
    def upload(self) -> None:
        target = self._target("upload into")
        if target is not None:
            self._upload(target.here)

    @_flow("upload")
    async def _upload(self, location: Location) -> None:
        request = await self.app.push_screen_wait(
            UploadDialog(location.bucket, location.prefix, buckets=self.context.bucket_names())
        )
        if request is None:
            return
        title = f"Upload {display_path(request.path)} to {visible(request.bucket)}/{visible(request.prefix)}"
        plan = await self.app.push_screen_wait(
            TaskScreen(
                f"{title}: looking for objects it would replace",
                lambda _, cancel: find_existing_uploads(
                    self.context.store,
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
            TransferScreen(self.context.store, title, lambda: plan, conflict=Conflict(answer))
        )
        if report is not None and report.done:
            self.context.reload()

    def download(self) -> None:
        target = self._target("download", needs_entries=True)
        if target is not None:
            self._download(target)

    @_flow("download")
    async def _download(self, target: Target) -> None:
        request = await self.app.push_screen_wait(DownloadDialog(target.describe()))
        if request is None:
            return
        location = target.location
        entries = list(target.entries)
        make_plan = partial(
            plan_download, self.context.store, location.bucket, entries, request.folder, location.prefix
        )
        title = f"Download to {display_path(request.folder)}"
        await self.app.push_screen_wait(TransferScreen(self.context.store, title, make_plan, conflict=request.conflict))

    # Copy, move, rename
    def copy(self) -> None:
        target = self._target("copy", needs_entries=True)
        if target is not None:
            self._copy_or_move(target, move=False)

    def move(self) -> None:
        target = self._target("move", needs_entries=True)
        if target is not None:
            self._copy_or_move(target, move=True)

    @_flow("copy-or-move")
    async def _copy_or_move(self, target: Target, *, move: bool) -> None:
        verb = "Move" if move else "Copy"
        location = target.location
        destination = await self.app.push_screen_wait(
            DestinationDialog(self.context.store, verb, target.describe(), location)
        )
        if destination is None:
            return
        plan = await self.app.push_screen_wait(
            TaskScreen(
                f"{verb}: looking at the selection",
                lambda _, cancel: plan_copy(
                    self.context.store,
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

    def rename(self) -> None:
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

    @_flow("rename")
    async def _rename(self, location: Location, entry: DirEntry) -> None:
        new_name = await self.app.push_screen_wait(RenameDialog(location.bucket, entry))
        if new_name is None:
            return
        plan = await self.app.push_screen_wait(
            TaskScreen(
                "Rename: looking at the selection",
                lambda _, cancel: plan_rename(self.context.store, location.bucket, entry, new_name, cancel),
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
                    self.context.store,
                    plan,
                    move=move,
                    overwrite=overwrite,
                    progress=progress,
                    cancel=cancel,
                    verb=verb,
                ),
            )
        )
        if report is None:
            return
        self.notify(
            report.summary, title=title, severity="warning" if report.issues or report.cancelled else "information"
        )
        if report.done:
            self.context.reload()

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
    def delete(self) -> None:
        target = self._target("delete", needs_entries=True)
        if target is None:
            return
        if target.is_bucket:
            self._delete_bucket(target.bucket)
        else:
            self._delete(target.location, list(target.entries))

    @_flow("delete")
    async def _delete(self, location: Location, entries: list[DirEntry]) -> None:
        plan = await self.app.push_screen_wait(DeleteDialog(self.context.store, location.bucket, entries))
        if plan is None:
            return
        report = await self.app.push_screen_wait(
            TaskScreen(
                f"Delete from {location.bucket}",
                lambda progress, _: delete_planned(self.context.store, plan, progress),
                cancellable=False,
            )
        )
        if report is not None:
            self._notify_report(report, "Delete")
            self.context.reload()

    # Presigned URLs
    def presign(self) -> None:
        target = self._target("link")
        if target is None:
            return
        if target.is_bucket:
            self.notify(f"Presigned links are for objects, not for a whole {target.describe()}.", severity="warning")
            return
        self.app.push_screen(
            PresignDialog(self.context.store, target.bucket, target.key, read_only=self.context.read_only)
        )

    # Buckets
    def new_bucket(self) -> None:
        self._new_bucket()

    @_flow("new-bucket")
    async def _new_bucket(self) -> None:
        name = await self.app.push_screen_wait(CreateBucketDialog(self.context.bucket_names()))
        if name is None:
            return
        try:
            await asyncio.to_thread(self.context.store.create_bucket, name)
        except (ObjectStoreError, ValueError) as exc:
            self.notify(str(exc), title=f"Cannot create bucket {name}", severity="error", markup=False)
            return
        self.notify(f"Bucket {name} created.")
        self.context.reload_buckets()

    @_flow("delete-bucket")
    async def _delete_bucket(self, bucket: str) -> None:
        deletion = await self.app.push_screen_wait(DeleteBucketDialog(self.context.store, bucket))
        if deletion is None:
            return
        if deletion.empty_first:
            report = await self.app.push_screen_wait(
                TaskScreen(
                    f"Empty and delete {bucket}",
                    lambda progress, cancel: empty_and_delete_bucket(self.context.store, bucket, progress, cancel),
                )
            )
            if report is None:
                return
            self._notify_report(report, "Delete bucket")
        else:
            try:
                await asyncio.to_thread(self.context.store.delete_bucket, bucket)
            except (ObjectStoreError, ValueError) as exc:
                self.notify(str(exc), title=f"Cannot delete bucket {bucket}", severity="error", markup=False)
                return
            self.notify(f"Bucket {bucket} deleted.", title="Delete bucket")
        self.context.reload_buckets()

    # Versions
    def versions(self) -> None:
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

    @_flow("versions")
    async def _versions(self, location: Location, entry: ObjectMetadata) -> None:
        screen = VersionsScreen(self.context.store, location.bucket, entry.key, read_only=self.context.read_only)
        if await self.app.push_screen_wait(screen):
            self.context.reload()

    # Helpers
    def _notify_report(self, report: Reported, title: str) -> None:
        """The notification that ends a job: its summary, a warning when some keys were not done."""
        self.notify(report.summary, title=title, severity="warning" if report.issues else "information", markup=False)

    def _target(self, verb: str, *, needs_entries: bool = False) -> Target | None:
        """What has the focus; None, with a notification saying what is missing, when there is nothing."""
        target = self.context.target()
        if target is None:
            self.notify("Open a bucket first.", severity="warning")
            return None
        if needs_entries and not target.entries:
            self.notify(f"Nothing to {verb}: highlight a row, or mark rows with space.", severity="warning")
            return None
        return target
