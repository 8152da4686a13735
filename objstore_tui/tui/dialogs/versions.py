"""The versions of one object (V): size, date, latest and delete-marker flags; preview, download, restore, delete.

Restoring copies the chosen version over the key (it becomes the newest; no version is lost); deleting a
version removes it for good, and deleting a delete marker uncovers the version below. Restore and delete are
writes, hidden and refused in read-only mode; previews and downloads are reads. On a backend without versions
the screen says so instead of listing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Static

from objstore_tui.object_store import ObjectMetadata, ObjectStore, visible
from objstore_tui.services.formatting import human_size, local_time, plural, visible_lines
from objstore_tui.services.jobs.listing import is_versioned
from objstore_tui.services.jobs.versions import delete_version, list_versions, restore_version
from objstore_tui.services.preview_content import PREVIEW_BYTES, NoticePreview, PreviewContent, make_preview
from objstore_tui.tui.dialogs.base import DialogScreen
from objstore_tui.tui.dialogs.confirm import Choice, ConfirmDialog
from objstore_tui.tui.dialogs.download import DownloadDialog
from objstore_tui.tui.dialogs.job import JobScreen
from objstore_tui.tui.dialogs.jobs import version_download_job
from objstore_tui.tui.widgets.preview_widgets import content_widget
from objstore_tui.tui.workers import WorkFailed, outcome

WRITE_ACTIONS = frozenset({"restore", "delete_version"})


class VersionsScreen(DialogScreen[bool]):
    """Dismisses with True when a version was restored or deleted, so the browser lists the folder again."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("p", "preview", "Preview"),
        Binding("d", "download", "Download"),
        Binding("r", "restore", "Restore"),
        Binding("x,delete", "delete_version", "Delete version"),
    ]

    DEFAULT_CSS = """
    VersionsScreen {
        #dialog { width: 95%; height: 90%; }
        #versions-note { height: auto; margin: 1 0; }
        #versions-table { height: 1fr; max-height: 14; }
        #versions-preview { height: 1fr; border-top: hkey $panel-lighten-2; }
        #versions-preview > Static { padding: 1; color: $text-muted; }
    }
    """

    def __init__(self, store: ObjectStore, bucket: str, key: str, *, read_only: bool = False) -> None:
        super().__init__()
        self._store = store
        self._bucket = bucket
        self._key = key
        self._read_only = read_only
        self._versions: list[ObjectMetadata] = []
        self._changed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = Text(f"Versions of {visible(self._bucket)}/{visible(self._key)}")
            yield Static("listing versions…", id="versions-note")
            table: DataTable[str | Text] = DataTable(id="versions-table", cursor_type="row", zebra_stripes=True)
            table.add_columns("Version", "Size", "Last modified", "Latest", "Delete marker")
            yield table
            yield Vertical(Static("p previews the highlighted version."), id="versions-preview")

    def on_mount(self) -> None:
        if not self._store.supports_versioning:
            self._note(f"The {self._store.config.framework.value} backend keeps no versions of objects.")
            self.query_one(DataTable).display = False
            self.query_one("#versions-preview").display = False
            self.refresh_bindings()
            return
        self.query_one(DataTable).focus()
        self._list()

    def _note(self, text: str | Text) -> None:
        self.query_one("#versions-note", Static).update(text if isinstance(text, Text) else Text(visible_lines(text)))

    # Listing
    @work(thread=True, exclusive=True, exit_on_error=False, group="list-versions", name="list-versions")
    def _list_versions(self) -> tuple[list[ObjectMetadata], bool]:
        return list_versions(self._store, self._bucket, self._key), is_versioned(self._store, self._bucket)

    @work(exclusive=True, exit_on_error=False, group="list-versions-flow", name="show-versions")
    async def _list(self) -> None:
        listed = await outcome(self._list_versions())
        if listed is not None:
            self._show_versions(*listed)

    def _show_versions(self, versions: list[ObjectMetadata], versioned: bool) -> None:
        self._versions = versions
        table = self.query_one(DataTable)
        table.clear()
        for version in versions:
            table.add_row(
                visible(version.version_id or "null"),
                "" if version.is_delete_marker else human_size(version.size),
                local_time(version.updated_time, seconds=True),
                "latest" if version.is_latest else "",
                Text("delete marker", style="yellow") if version.is_delete_marker else "",
                key=version.version_id,
            )
        note = f"{plural(len(versions), 'version')}, newest first."
        if not versioned:
            note += (
                f" Versioning is not enabled on bucket {visible(self._bucket)}: it keeps only the latest from now on."
            )
        if not self._read_only:
            note += " r restores the highlighted version (copies it over the latest); x deletes it."
        self._note(note)
        self.refresh_bindings()

    def _highlighted(self) -> ObjectMetadata | None:
        table = self.query_one(DataTable)
        if not self._versions or table.cursor_row >= len(self._versions):
            return None
        return self._versions[table.cursor_row]

    # Preview
    @work(thread=True, exclusive=True, exit_on_error=False, group="preview-version", name="preview-version")
    def _fetch_preview(self, version: ObjectMetadata) -> PreviewContent:
        """The version's first bytes drawn by kind, as the main preview draws an object's."""
        if version.is_delete_marker:
            return NoticePreview("A delete marker has no content.")
        length = min(version.size, PREVIEW_BYTES)
        data = self._store.read_range(version.key, 0, length, version.bucket, version.version_id) if length else b""
        return make_preview(version.key, version.content_type, data, complete=len(data) >= version.size)

    @work(exclusive=True, exit_on_error=False, group="preview-version-flow", name="show-version-preview")
    async def _preview(self, version: ObjectMetadata) -> None:
        content = await outcome(self._fetch_preview(version))
        if content is not None:
            self._show_preview(content_widget(content, headless=self.app.is_headless))

    def _show_preview(self, widget: Widget) -> None:
        pane = self.query_one("#versions-preview")
        pane.remove_children()
        pane.mount(widget)

    @on(WorkFailed)
    def _failed(self, message: WorkFailed) -> None:
        """In place: a listing's error in the note, a preview's in the preview pane (the app notifies others)."""
        if message.worker.group == "list-versions":
            self._note(Text(f"Cannot list the versions: {message.text}", style="red"))
        elif message.worker.group == "preview-version":
            self._show_preview(Static(Text(f"Cannot preview: {message.text}")))

    # Actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WRITE_ACTIONS and self._read_only:
            return False
        if action in ("preview", "download", *WRITE_ACTIONS):
            return bool(self._versions)
        return True

    def action_close(self) -> None:
        self.dismiss(self._changed)

    def action_preview(self) -> None:
        version = self._highlighted()
        if version is not None:
            self._preview(version)

    def action_download(self) -> None:
        version = self._highlighted()
        if version is not None and not version.is_delete_marker:
            self._download(version)
        elif version is not None:
            self.notify("A delete marker has no content to download.", severity="warning")

    def action_restore(self) -> None:
        version = self._highlighted()
        if version is None:
            return
        if version.is_delete_marker:
            self.notify("A delete marker has no content: delete the marker instead (x).", severity="warning")
        elif version.is_latest:
            self.notify("This is the latest version already.")
        else:
            self._restore(version)

    def action_delete_version(self) -> None:
        version = self._highlighted()
        if version is not None:
            self._delete(version)

    @work(exclusive=True, exit_on_error=False, group="version-action", name="download-version")
    async def _download(self, version: ObjectMetadata) -> None:
        request = await self.app.push_screen_wait(
            DownloadDialog(
                f"version {version.version_id} of {version.key} ({human_size(version.size)})",
                rename_hint="Keep both: name the new file after its version",
            )
        )
        if request is None:
            return
        await self.app.push_screen_wait(
            JobScreen(version_download_job(self._store, version, request.folder, request.conflict))
        )

    @work(exclusive=True, exit_on_error=False, group="version-action", name="restore-version")
    async def _restore(self, version: ObjectMetadata) -> None:
        answer = await self.app.push_screen_wait(
            ConfirmDialog(
                "Restore version",
                f"Copy version {version.version_id} of {version.key} over the latest? It becomes the newest "
                "version; every version stays.",
                [Choice("restore", "Restore", "primary", key="y")],
            )
        )
        if answer == "restore":
            await self._run_change(
                partial(restore_version, self._store, version), f"version {version.version_id} restored"
            )

    @work(exclusive=True, exit_on_error=False, group="version-action", name="delete-version")
    async def _delete(self, version: ObjectMetadata) -> None:
        if version.is_delete_marker:
            question = f"Remove this delete marker of {version.key}? The version below it becomes visible again."
        else:
            question = f"Delete version {version.version_id} of {version.key} for good? This cannot be undone."
        answer = await self.app.push_screen_wait(
            ConfirmDialog("Delete version", question, [Choice("delete", "Delete version", "error", key="y")])
        )
        if answer == "delete":
            await self._run_change(
                partial(delete_version, self._store, version), f"version {version.version_id} deleted"
            )

    @work(thread=True, exclusive=True, exit_on_error=False, group="change-version", name="change-version")
    def _change(self, change: Callable[[], object]) -> bool:
        change()
        return True

    async def _run_change(self, change: Callable[[], object], summary: str) -> None:
        """Restore or delete in a thread; once done, say so and list the versions again."""
        if await outcome(self._change(change)):
            self._changed = True
            self.notify(f"{visible(self._key)}: {summary}.", markup=False)
            self._list()
