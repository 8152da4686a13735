"""Edit metadata, content headers and tags (key m) of one object or of every marked one.

The dialog holds a small document (see ``services.jobs.metadata``): for one object its current headers,
metadata and tags, edited in place; for many, the lines to set, and '-' lines to remove. The job then plans the
keys, shows what will change (before → after for one object; the changes and the count for many; that a
versioned bucket gets a new version of each) and writes only after 'Write'.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static, TextArea

from objstore_tui.object_store import DirEntry, ObjectDetails, ObjectStore, visible
from objstore_tui.services.formatting import plural, visible_lines
from objstore_tui.services.jobs import PREVIEW_KEYS, Conflict
from objstore_tui.services.jobs.metadata import (
    DocumentError,
    MetadataChanges,
    MetadataPlan,
    changes_between,
    changes_from_document,
    diff_lines,
    document_of,
    metadata_summary,
    plan_metadata,
    run_metadata,
)
from objstore_tui.tui.dialogs.base import DialogScreen
from objstore_tui.tui.dialogs.confirm import Choice, ConfirmDialog
from objstore_tui.tui.dialogs.job import Job

MANY_TEMPLATE = """\
# One change a line, for every object chosen; lines starting with # are ignored.
#   Cache-Control: max-age=3600        set a content header (Content-Type, Content-Encoding,
#                                      Content-Disposition, Content-Language, Cache-Control, Expires)
#   meta owner: ops                    set user metadata (x-amz-meta-owner)
#   tag team: data                     set a tag
#   -Cache-Control  -meta owner  -tag team    remove one
"""

ONE_NOTE = "Edit the lines: change a value, add a line, delete a line to remove it. Ctrl+S reviews the changes."
MANY_NOTE = "Lines set a value on every object; '-' lines remove one. Ctrl+S reviews the changes."


class MetadataDialog(DialogScreen[MetadataChanges]):
    """Dismisses with the changes asked for (never empty), or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "review", "Review changes")]

    DEFAULT_CSS = """
    MetadataDialog {
        #dialog { width: 100; }
        #metadata-text { height: 14; }
        &.-short #metadata-text { height: 8; }
    }
    """

    def __init__(self, what: str, details: ObjectDetails | None) -> None:
        """``details``: the one object edited (its document is shown); None for many objects."""
        super().__init__()
        self._what = what
        self._details = details

    def compose(self) -> ComposeResult:
        document = document_of(self._details) if self._details is not None else MANY_TEMPLATE
        with Vertical(id="dialog") as box:
            box.border_title = "Metadata, headers and tags"
            yield Static(Text(f"Of {self._what}"), classes="dialog-label")
            yield TextArea(visible_lines(document), id="metadata-text", soft_wrap=False)
            yield Static(id="metadata-error", classes="dialog-error")
            yield Static(ONE_NOTE if self._details is not None else MANY_NOTE, classes="dialog-note")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Review changes", id="review", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(Button.Pressed, "#review")
    def action_review(self) -> None:
        text = self.query_one(TextArea).text
        try:
            changes = changes_between(self._details, text) if self._details is not None else changes_from_document(text)
        except DocumentError as exc:
            self._problem(str(exc))
            return
        if changes.empty:
            self._problem("Nothing changes.")
            return
        self.dismiss(changes)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def _problem(self, text: str) -> None:
        self.query_one("#metadata-error", Static).update(Text(visible_lines(text)))


def metadata_question(plan: MetadataPlan) -> ConfirmDialog:
    """What will change, before anything is written."""
    count = len(plan.keys)
    body = Text.assemble(f"{plural(count, 'object')} in bucket ", (visible(plan.bucket), "bold"), ":\n")
    for key in plan.keys[:PREVIEW_KEYS]:
        body.append(f"  {visible(key)}\n")
    if count > PREVIEW_KEYS:
        body.append(f"  … and {count - PREVIEW_KEYS:,} more\n", style="dim")
    body.append("\nChanges:\n", style="bold")
    changes = diff_lines(plan.details, plan.changes) if plan.details is not None else plan.changes.lines()
    for line in changes:
        body.append(f"  {line}\n")
    if plan.changes.touches_copy:
        body.append(
            "\nHeaders and metadata change by copying each object onto itself; its storage class, encryption and "
            "tags are kept.",
            style="dim",
        )
        if plan.versioned:
            body.append(" This bucket keeps versions: each object gets a new version (the old one remains).")
    return ConfirmDialog("Write these changes?", body, [Choice(Conflict.OVERWRITE.value, "Write", "warning", key="w")])


def metadata_job(
    store: ObjectStore,
    bucket: str,
    entries: Sequence[DirEntry],
    changes: MetadataChanges,
    details: ObjectDetails | None,
) -> Job[MetadataPlan]:
    return Job(
        title=f"Edit metadata in {visible(bucket)}",
        plan=lambda cancel: plan_metadata(store, bucket, list(entries), changes, cancel, details),
        run=lambda plan, conflict, cancel, listener: run_metadata(store, plan, cancel=cancel, on_progress=listener),
        describe=lambda plan: f"Updating {plural(len(plan.keys), 'object')} in bucket {visible(bucket)}",
        summary=metadata_summary,
        ask=metadata_question,
    )
