"""What the write flows need from the browser (``BrowserContext``), and the keys the browser binds them to.

``operations.py`` holds the flows; any screen that provides a ``BrowserContext`` can host them. Actions that
change the store are in ``WRITE_ACTIONS``: hidden and refused in read-only mode.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from textual.binding import Binding, BindingType
from textual.screen import Screen

from objstore_tui.object_store import ObjectStore
from objstore_tui.services.target import Target

if TYPE_CHECKING:
    from objstore_tui.tui.screens.operations import BrowserOperations


def _refusals(bindings: list[BindingType], actions: frozenset[str]) -> list[BindingType]:
    """For each binding of ``actions``, one on the same keys that explains the refusal in read-only mode."""
    return [
        Binding(binding.key, f"refuse_read_only({binding.description!r})", show=False)
        for binding in bindings
        if isinstance(binding, Binding) and binding.action in actions
    ]


class BrowserContext(Protocol):
    """What the flows need from the browser: its store, whether writes are allowed, what has the focus, and how to
    show what changed."""

    @property
    def store(self) -> ObjectStore: ...

    @property
    def read_only(self) -> bool: ...

    @property
    def read_only_reason(self) -> str:
        """Why writes are refused, for the notification: 'profile lab' or '--read-only'."""
        ...

    def target(self) -> Target | None:
        """What the actions act on now (what has the focus); None when nothing is open or highlighted."""
        ...

    def bucket_names(self) -> list[str]: ...

    def reload(self) -> None:
        """List the open prefix again after a change."""
        ...

    def reload_buckets(self) -> None:
        """List the buckets again after one was created or deleted."""
        ...


OPERATION_BINDINGS: list[BindingType] = [
    Binding("u", "upload", "Upload"),
    Binding("d", "download", "Download"),
    Binding("C", "copy", "Copy to", show=False),
    Binding("M", "move", "Move to", show=False),
    Binding("R", "rename", "Rename", show=False),
    Binding("x,delete", "delete", "Delete"),
    Binding("s", "presign", "Presigned URL", show=False),
    Binding("n", "new_bucket", "New bucket", show=False),
    Binding("V", "versions", "Versions", show=False),
    Binding("i", "info", "Info"),
    Binding("m", "edit_metadata", "Metadata and tags", show=False),
    Binding("e", "edit", "Edit in $EDITOR", show=False),
    Binding("E", "new_object", "New object or folder", show=False),
    Binding("y", "copy_reference", "Copy key, URI or URL", show=False),
    Binding("U", "undelete", "Undelete", show=False),
]
"""The keys of the flows, for the host screen's ``BINDINGS``: each action calls the ``BrowserOperations`` method
of the same name; ``refuse_read_only`` says why a write key does nothing in read-only mode."""

WRITE_ACTIONS = frozenset(
    {"upload", "copy", "move", "rename", "delete", "new_bucket", "edit_metadata", "edit", "new_object", "undelete"}
)
"""Actions that change the store: hidden from the footer and palette, and refused, in read-only mode."""

# The same keys again, tried when the write action is refused: they say why (no description: not listed).
OPERATION_BINDINGS += _refusals(OPERATION_BINDINGS, WRITE_ACTIONS)


class OperationKeys(Screen[None]):
    """The actions of ``OPERATION_BINDINGS`` for a screen that hosts the flows as ``operations``: each calls the
    ``BrowserOperations`` method of the same name."""

    operations: BrowserOperations

    def action_upload(self) -> None:
        self.operations.upload()

    def action_download(self) -> None:
        self.operations.download()

    def action_copy(self) -> None:
        self.operations.copy()

    def action_move(self) -> None:
        self.operations.move()

    def action_rename(self) -> None:
        self.operations.rename()

    def action_delete(self) -> None:
        self.operations.delete()

    def action_presign(self) -> None:
        self.operations.presign()

    def action_new_bucket(self) -> None:
        self.operations.new_bucket()

    def action_versions(self) -> None:
        self.operations.versions()

    def action_refuse_read_only(self, description: str) -> None:
        self.operations.refuse_read_only(description)

    def action_info(self) -> None:
        self.operations.info()

    def action_edit_metadata(self) -> None:
        self.operations.edit_metadata()

    def action_edit(self) -> None:
        self.operations.edit()

    def action_new_object(self) -> None:
        self.operations.new_object()

    def action_copy_reference(self) -> None:
        self.operations.copy_reference()

    def action_undelete(self) -> None:
        self.operations.undelete()
