"""The bucket tree: buckets as roots, folders loaded lazily with ``list_dir`` when a node is expanded."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode
from textual.worker import Worker, get_current_worker

from objstore_tui.object_store import Folder, ObjectStore, visible
from objstore_tui.services.location import Location
from objstore_tui.tui.workers import WorkFailed, closed_after, outcome

_POST_INTERVAL = 0.2
"""Seconds between batches of folders sent to the UI while a big prefix is still being listed."""


class BucketTree(Tree[Location]):
    """Each node's data is its Location; Enter (or a click) opens it in the table, space/right expands it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open in the table", show=False),
        Binding("space", "toggle_node", "Expand or collapse", show=False),
        Binding("right,l", "expand_node", "Expand", show=False),
        Binding("left,h", "collapse_node", "Collapse", show=False),
    ]

    DEFAULT_CSS = """
    BucketTree {
        width: 28;
        min-width: 16;
        border-right: vkey $panel-lighten-2;
        background: $surface;
        padding-right: 1;
    }
    """

    @dataclass
    class LocationSelected(Message):
        """A bucket or folder was chosen (Enter or click): the screen opens it."""

        location: Location

    @dataclass
    class FoldersFound(Message):
        """The folders ``loader`` found under ``location`` so far (it appends to ``folders``), while it lists.

        A newer batch of the same loader supersedes one still queued.
        """

        loader: Worker[list[Folder] | None]
        location: Location
        folders: list[Folder]

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, BucketTree.FoldersFound) and message.loader is self.loader

    def __init__(self, store: ObjectStore, *, id: str | None = None) -> None:
        super().__init__("buckets", id=id)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self._store = store
        self._node_by_location: dict[Location, TreeNode[Location]] = {}
        self._loaded: set[Location] = set()
        self._loaders: dict[Location, Worker[list[Folder] | None]] = {}
        self._revealing: Location | None = None
        """Where ``reveal`` is taking the cursor, while the levels above it load."""
        self._early_offer: tuple[Location, list[Folder]] | None = None
        """The folders of ``_revealing`` offered before the tree had its node, for when the node comes."""

    # Building the tree
    def set_buckets(self, names: Iterable[str]) -> None:
        self.clear()
        self._cancel_loaders(lambda _: True)
        self._node_by_location.clear()
        self._loaded.clear()
        self._early_offer = None
        for name in names:
            location = Location(name)
            self._node_by_location[location] = self.root.add(Text(visible(name)), data=location)

    def bucket_names(self) -> list[str]:
        return [node.data.bucket for node in self.root.children if node.data is not None]

    def node_for(self, location: Location) -> TreeNode[Location] | None:
        return self._node_by_location.get(location)

    def reveal(self, location: Location) -> None:
        """Put the cursor on the node of ``location`` (without opening it), loading the levels above it that the
        tree has not listed yet, one after the other (go to, ``--bucket bucket/deep/prefix``)."""
        self._revealing, self._early_offer = location, None
        self._reveal_loaded()

    def _reveal_loaded(self) -> None:
        """The next step towards ``_revealing``: its node if the tree has it, else expand its nearest ancestor."""
        location = self._revealing
        if location is None:
            return
        ancestor: Location | None = location
        while ancestor is not None and ancestor not in self._node_by_location:
            ancestor = ancestor.parent
        if ancestor is None:
            self._revealing = None
            return
        if ancestor == location or ancestor in self._loaded:
            self._revealing = None  # there, or a level above it is listed and has no such folder
            offer, self._early_offer = self._early_offer, None
            if offer is not None and offer[0] == ancestor:
                self.offer_folders(*offer)
            self._move_to(ancestor)
            return
        node = self._node_by_location[ancestor]
        if not node.is_expanded:
            node.expand()  # loads it; its _finish steps on
        elif ancestor not in self._loaders:
            self._start_loading(node)

    def _move_to(self, location: Location) -> None:
        node = self._node_by_location.get(location)
        if node is not None and node is not self.cursor_node:
            parent = node.parent
            while parent is not None and not parent.is_root:
                parent.expand()
                parent = parent.parent
            self.call_after_refresh(self.move_cursor, node)  # a new node has a line only once drawn

    def offer_folders(self, location: Location, folders: list[Folder]) -> None:
        """Children found by another complete listing of ``location``: used if the node has none loaded yet."""
        node = self._node_by_location.get(location)
        if node is None and location == self._revealing:  # the levels above it are still loading
            self._early_offer = (location, folders)
        if node is None or location in self._loaded or location in self._loaders:
            return
        self._add_folders(node, folders)
        self._finish(node)

    def reload(self, location: Location, *, relist: bool = True) -> None:
        """Forget the node's children and, if it is expanded, list them again.

        ``relist=False`` when another listing of ``location`` is under way: it offers the folders when it ends.
        """
        node = self._node_by_location.get(location)
        if node is None:
            return
        self._forget_below(location)
        node.remove_children()
        node.allow_expand = True
        if node.is_expanded and relist:
            self._start_loading(node)

    # Loading
    @on(Tree.NodeExpanded)
    def _load_on_expand(self, event: Tree.NodeExpanded[Location]) -> None:
        event.stop()
        location = event.node.data
        if location is not None and location not in self._loaded and location not in self._loaders:
            self._start_loading(event.node)

    @on(Tree.NodeSelected)
    def _announce_selection(self, event: Tree.NodeSelected[Location]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.LocationSelected(event.node.data))

    def _start_loading(self, node: TreeNode[Location]) -> None:
        location = node.data
        assert location is not None
        node.set_label(Text.assemble(visible(location.name), (" loading…", "dim italic")))
        loader = self._loaders[location] = self._list_folders(location)
        self._load(node, loader)

    @work(thread=True, exit_on_error=False, group="tree", name="list-folders")
    def _list_folders(self, location: Location) -> list[Folder] | None:
        """One level under ``location``, keeping only the folders (S3 has no way to list only those); the folders
        found so far are posted every ``_POST_INTERVAL`` while a big prefix is listed. None when cancelled."""
        worker = get_current_worker()
        found: list[Folder] = []
        last_post = time.monotonic()
        with closed_after(self._store.list_dir(location.prefix, location.bucket)) as listing:
            for entry in listing:
                if worker.is_cancelled:
                    return None
                if isinstance(entry, Folder):
                    found.append(entry)
                if found and time.monotonic() - last_post > _POST_INTERVAL:
                    self.post_message(self.FoldersFound(worker, location, list(found)))
                    last_post = time.monotonic()
        return found

    @work(exit_on_error=False, group="tree-load", name="load-folders")
    async def _load(self, node: TreeNode[Location], loader: Worker[list[Folder] | None]) -> None:
        """Once ``loader`` returns: all its folders under ``node``, which is then loaded."""
        folders = await outcome(loader)
        location = node.data
        if folders is None or location is None or self._loaders.get(location) is not loader:
            return
        del self._loaders[location]
        self._add_folders(node, folders)
        self._finish(node)

    @on(FoldersFound)
    def _show_folders(self, message: FoldersFound) -> None:
        node = self._node_by_location.get(message.location)
        if node is not None and self._loaders.get(message.location) is message.loader:
            self._add_folders(node, message.folders)

    @on(WorkFailed)
    def _show_failure(self, message: WorkFailed) -> None:
        """In place: the node stops saying 'loading…' and folds (the app has told why)."""
        for location, loader in self._loaders.items():
            if loader is message.worker:
                del self._loaders[location]
                node = self._node_by_location.get(location)
                if node is not None:
                    node.set_label(Text(visible(location.name)))
                    node.collapse()
                return

    def is_loaded(self, location: Location) -> bool:
        """True once the node of ``location`` shows all its folders (expanded or not)."""
        return location in self._loaded

    def _add_folders(self, node: TreeNode[Location], folders: list[Folder]) -> None:
        parent = node.data
        assert parent is not None
        for folder in folders:
            location = Location(parent.bucket, folder.prefix)
            if location not in self._node_by_location:
                self._node_by_location[location] = node.add(Text(visible(folder.name)), data=location)

    def _finish(self, node: TreeNode[Location]) -> None:
        location = node.data
        assert location is not None
        self._loaded.add(location)
        node.set_label(Text(visible(location.name)))
        if not node.children:
            node.allow_expand = False
        if self._revealing is not None:
            self._reveal_loaded()

    def _forget_below(self, location: Location) -> None:
        """Drop what the tree knows under ``location`` (not the node itself) and stop its loaders."""

        def below(other: Location) -> bool:
            return other.bucket == location.bucket and other.prefix.startswith(location.prefix)

        self._cancel_loaders(below)
        for other in [other for other in self._node_by_location if below(other) and other != location]:
            del self._node_by_location[other]
        self._loaded = {other for other in self._loaded if not below(other)}

    def _cancel_loaders(self, which: Callable[[Location], bool]) -> None:
        for location in [location for location in self._loaders if which(location)]:
            self._loaders.pop(location).cancel()

    # Keys
    def action_expand_node(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and not node.is_expanded:
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0])

    def action_collapse_node(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded:
            node.collapse()
        elif node.parent is not None and not node.parent.is_root:
            self.move_cursor(node.parent)
