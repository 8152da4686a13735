"""The browser's write side (and the reads that go with it): upload, download, copy, move, rename, delete,
presigned URLs, buckets and versions, each a key binding that runs one flow of dialogs.

``BrowserOperations`` holds the flows; the screen that hosts them (the browser) binds their keys
(``OPERATION_BINDINGS``) and passes itself in as the ``BrowserContext`` they act on (both in
``browser_context.py``). A flow is an async worker of the host screen that awaits its input dialog, then the
one ``JobScreen`` (planning, any question the plan raises, the job, a notification that says what happened);
the jobs are built in ``dialogs/jobs.py`` over ``services.jobs``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from functools import partial, wraps
from typing import Any, Concatenate

from textual.app import App
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker

from objstore_tui.object_store import DirEntry, Folder, ObjectDetails, ObjectMetadata, ObjectStoreError, visible
from objstore_tui.object_store.cross_copy import same_store
from objstore_tui.services.jobs import JobReport
from objstore_tui.services.jobs.edit import (
    start_edit,
    start_new,
)
from objstore_tui.services.location import Location
from objstore_tui.services.references import Named, Reference
from objstore_tui.services.target import Target
from objstore_tui.tui.clipboard import copy_text
from objstore_tui.tui.dialogs.buckets import CreateBucketDialog, DeleteBucketDialog
from objstore_tui.tui.dialogs.confirm import Choice, ConfirmDialog
from objstore_tui.tui.dialogs.delete import DeleteDialog
from objstore_tui.tui.dialogs.destination import DestinationDialog
from objstore_tui.tui.dialogs.details import DetailsScreen
from objstore_tui.tui.dialogs.download import DownloadDialog
from objstore_tui.tui.dialogs.edit import NewObjectDialog
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
from objstore_tui.tui.dialogs.metadata import MetadataDialog, metadata_job
from objstore_tui.tui.dialogs.paths import display_path
from objstore_tui.tui.dialogs.presign import PresignDialog
from objstore_tui.tui.dialogs.rename import RenameDialog
from objstore_tui.tui.dialogs.summary import SummaryScreen
from objstore_tui.tui.dialogs.undelete import UndeleteDialog, undelete_job
from objstore_tui.tui.dialogs.upload import UploadDialog
from objstore_tui.tui.dialogs.versions import VersionsScreen
from objstore_tui.tui.screens.browser_context import BrowserContext
from objstore_tui.tui.screens.editing import edit_session
from objstore_tui.tui.screens.pane_copy import copy_between_panes, destination_start
from objstore_tui.tui.screens.pane_link import PaneLink, other_pane
from objstore_tui.tui.workers import outcome

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
        job = upload_job(self.context.store, title, request.path, request.bucket, request.prefix, request.key)
        report = await self._run(job)
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
        title = f"Download to {display_path(request.folder)}"
        entries = list(target.entries)
        await self._run(
            download_job(self.context.store, title, target.location, entries, request.folder, request.conflict)
        )

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
        other = other_pane(self.host)
        if other is not None and not same_store(self.context.store, other.store):
            if await copy_between_panes(self.app, self.context.store, target, other, move=move):
                self._reload_both(other)
            return
        destination = await self.app.push_screen_wait(
            DestinationDialog(self.context.store, verb, target.describe(), destination_start(other, location))
        )
        if destination is None:
            return
        title = f"{verb} to {visible(destination.bucket)}/{visible(destination.prefix)}"
        make_plan = copy_plan(
            self.context.store, location, list(target.entries), destination.bucket, destination.prefix
        )
        await self._run_copy(
            copy_job(self.context.store, title, make_plan, move=move, verb="moved" if move else "copied")
        )
        if other is not None:
            other.reload()

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
        make_plan = rename_plan(self.context.store, location.bucket, entry, new_name)
        await self._run_copy(
            copy_job(self.context.store, f"Rename to {new_name}", make_plan, move=True, verb="renamed")
        )

    async def _run_copy(self, job: Job[Any]) -> None:
        """The tail of copy, move and rename: run the job (it asks before overwriting), then list again."""
        report = await self._run(job)
        if report is not None and report.done:
            self.context.reload()

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
        if await self._run(delete_job(self.context.store, plan)) is not None:
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
            if await self._run(empty_bucket_job(self.context.store, bucket)) is None:
                return
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

    # Info (i): one object's details; a folder's or a bucket's summary
    def info(self) -> None:
        """One object: its details. A folder or bucket (or several rows): the summary of that folder, else of here."""
        target = self._target("summarize")
        if target is None:
            return
        entry = target.single
        if isinstance(entry, ObjectMetadata):
            self.object_details(target.location, entry)
        elif isinstance(entry, Folder):
            self.app.push_screen(SummaryScreen(self.context.store, Location(target.bucket, entry.prefix)))
        else:
            self.app.push_screen(SummaryScreen(self.context.store, target.here))

    # Copy a reference (y): the key, the s3:// URI or the URL, to the clipboard
    def copy_reference(self) -> None:
        target = self._target("copy")
        if target is None:
            return
        names = [Named(target.bucket, _key_of(entry)) for entry in target.entries]
        self._copy_reference(names or [Named(target.bucket, target.here.prefix)])

    @_flow("copy-reference")
    async def _copy_reference(self, names: list[Named]) -> None:
        config = self.context.store.config
        what = visible(names[0].uri()) if len(names) == 1 else f"{len(names):,} items"
        choices = [Choice(Reference.URI, "s3:// URI", "primary", "u")]
        if any(name.key for name in names):
            choices.insert(0, Choice(Reference.KEY, "Key", key="k"))
        if names[0].url(config) is not None:
            choices.append(Choice(Reference.URL, "URL", key="l"))
        answer = await self.app.push_screen_wait(ConfirmDialog("Copy to the clipboard", f"Copy {what} as:", choices))
        if answer is None:
            return
        reference = Reference(answer)
        text = "\n".join(filter(None, (name.text(reference, config) for name in names)))
        worker = self.host.run_worker(partial(copy_text, self.app, text), thread=True, group="clipboard")
        method = await outcome(worker)
        if method is not None:
            shown = visible(text) if len(names) == 1 else f"{len(names):,} lines"
            self.notify(f"Copied the {reference.label} {shown} to {method.value}.", title="Copied", markup=False)

    # Helpers
    async def _run(self, job: Job[Any]) -> JobReport[Any, Any] | None:
        """Run ``job`` on the job screen (which notifies how it ended); its report, or None if nothing ran."""
        return await self.app.push_screen_wait(JobScreen(job))

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

    # One object in full: details (i), metadata and tags (m), edit in $EDITOR (e), new object (E)
    @_flow("object-details")
    async def object_details(self, location: Location, entry: ObjectMetadata) -> None:
        screen = DetailsScreen(self.context.store, location.bucket, entry.key, read_only=self.context.read_only)
        choice = await self.app.push_screen_wait(screen)
        if choice == "edit_metadata" and screen.details is not None:
            await self._metadata_flow(location, [entry], screen.details, visible(entry.key))
        elif choice == "edit":
            await self._edit_object(location.bucket, entry.key)

    def edit_metadata(self) -> None:
        target = self._target("edit", needs_entries=True)
        if target is not None:
            self._edit_metadata(target)

    @_flow("edit-metadata")
    async def _edit_metadata(self, target: Target) -> None:
        entry = target.single
        details = None
        if isinstance(entry, ObjectMetadata):
            details = await self.in_thread(
                partial(self.context.store.object_details, entry.key, target.bucket), "Reading the object's details"
            )
            if details is None:
                return
        await self._metadata_flow(target.location, list(target.entries), details, target.describe())

    async def _metadata_flow(
        self, location: Location, entries: list[DirEntry], details: ObjectDetails | None, what: str
    ) -> None:
        changes = await self.app.push_screen_wait(MetadataDialog(what, details))
        if changes is None:
            return
        report = await self._run(metadata_job(self.context.store, location.bucket, entries, changes, details))
        if report is not None and report.done:
            self.context.reload()

    def edit(self) -> None:
        target = self._target("edit", needs_entries=True)
        if target is None:
            return
        entry = target.single
        if not isinstance(entry, ObjectMetadata):
            self.notify("e edits one object: highlight it (E makes a new object or folder).", severity="warning")
            return
        self._edit(target.bucket, entry.key)

    @_flow("edit")
    async def _edit(self, bucket: str, key: str) -> None:
        await self._edit_object(bucket, key)

    async def _edit_object(self, bucket: str, key: str) -> None:
        session = await self.in_thread(partial(start_edit, self.context.store, bucket, key), "Opening for editing")
        if session is not None:
            await edit_session(self, session)

    def new_object(self) -> None:
        target = self._target("create in")
        if target is not None:
            self._new_object(target.here)

    @_flow("new-object")
    async def _new_object(self, here: Location) -> None:
        key = await self.app.push_screen_wait(NewObjectDialog(here.bucket, here.prefix, frozenset()))
        if key is None:
            return
        store = self.context.store
        if key.endswith("/"):
            if await self.in_thread(partial(store.put_bytes, key, b"", here.bucket), "Creating the folder"):
                self.notify(f"Folder {visible(key)} created.", markup=False)
                self.context.reload()
            return
        session = await self.in_thread(partial(start_new, store, here.bucket, key), "Creating the object")
        if session is not None:
            await edit_session(self, session)

    async def in_thread[Result](self, call: Callable[[], Result], name: str) -> Result | None:
        """One storage call in a thread worker of the host; None if it failed (the app has said why)."""
        worker: Worker[Result] = self.host.run_worker(call, name=name, group="edit", thread=True, exit_on_error=False)
        return await outcome(worker)

    # Undelete (versioned buckets)
    def undelete(self) -> None:
        target = self._target("bring back", needs_entries=True)
        if target is None:
            return
        if not self.context.store.supports_versioning:
            self.notify("This backend keeps no versions: nothing deleted can come back.", severity="warning")
            return
        self._undelete(target)

    @_flow("undelete")
    async def _undelete(self, target: Target) -> None:
        """A folder (or a bucket) asks for an optional 'deleted after' time first; deleted rows go straight to the
        job, which counts what comes back and asks before anything changes."""
        entries: list[DirEntry] = list(target.entries)
        since = None
        if any(isinstance(entry, Folder) for entry in entries):
            request = await self.app.push_screen_wait(UndeleteDialog(target.describe()))
            if request is None:
                return
            since = request.since
        elif not any(isinstance(entry, ObjectMetadata) and entry.is_delete_marker for entry in entries):
            self.notify("Nothing deleted is selected: D shows deleted objects, dimmed.", severity="warning")
            return
        report = await self._run(undelete_job(self.context.store, target.bucket, entries, since))
        if report is not None and report.done:
            self.context.reload()

    # The split view (split.py)
    def _reload_both(self, other: PaneLink) -> None:
        """After a copy or move into the other pane: both panes list again."""
        self.context.reload()
        other.reload()


def _key_of(entry: DirEntry) -> str:
    return entry.prefix if isinstance(entry, Folder) else entry.key
