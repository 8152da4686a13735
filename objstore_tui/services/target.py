"""What an action acts on: the tree node the user is on, or the table's marked or highlighted rows.

One value, computed once from the focus by the browser, so every action and its confirmation name the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from objstore_tui.object_store import DirEntry, Folder, ObjectMetadata, visible
from objstore_tui.services.formatting import plural
from objstore_tui.services.location import Location


class TargetSource(StrEnum):
    TREE = "tree"
    TABLE = "table"


@dataclass(frozen=True, slots=True)
class Target:
    """``entries`` live in ``location`` (paths below it are kept by copies and downloads).

    ``here`` is where new things go (upload): the open folder for the table, the node itself for the tree.
    A bucket node has one entry, ``Folder('', bucket)``: everything in the bucket.
    """

    location: Location
    entries: tuple[DirEntry, ...]
    source: TargetSource
    here: Location

    @classmethod
    def from_tree_node(cls, node: Location) -> Target:
        parent = node.parent or Location(node.bucket)
        return cls(parent, (Folder(node.prefix, node.bucket),), TargetSource.TREE, node)

    @classmethod
    def from_table(cls, location: Location, entries: list[DirEntry]) -> Target:
        return cls(location, tuple(entries), TargetSource.TABLE, location)

    @property
    def bucket(self) -> str:
        return self.location.bucket

    @property
    def is_bucket(self) -> bool:
        """The whole bucket: its node in the tree."""
        return len(self.entries) == 1 and isinstance(self.entries[0], Folder) and not self.entries[0].prefix

    @property
    def single(self) -> DirEntry | None:
        return self.entries[0] if len(self.entries) == 1 else None

    @property
    def key(self) -> str:
        """The key (or prefix) a presigned link is for: the single entry's, else the location's."""
        entry = self.single
        if isinstance(entry, ObjectMetadata):
            return entry.key
        return entry.prefix if entry is not None else self.here.prefix

    def describe(self) -> str:
        """'report.csv from ops/logs/', 'folder 2024/ (everything under it) from …', 'bucket logs (everything
        in it)', '3 items (1 folder) from …'."""
        if self.is_bucket:
            return f"bucket {visible(self.bucket)} (everything in it)"
        entries = self.entries
        if len(entries) == 1:
            entry = entries[0]
            what = (
                f"folder {visible(entry.name)}/ (everything under it)"
                if isinstance(entry, Folder)
                else visible(entry.name)
            )
        else:
            folders = sum(1 for entry in entries if isinstance(entry, Folder))
            what = plural(len(entries), "item") + (f" ({plural(folders, 'folder')})" if folders else "")
        return f"{what} from {visible(str(self.location))}"
