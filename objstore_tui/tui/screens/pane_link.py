"""What one browser of the split view knows of the other: its store, where it is, and how to list it again.

The split view (``split.py``) links its two browsers while it is open; the flows of one browser (copy, move,
compare, mirror) ask ``other_pane(screen)`` for the other's location. Kept apart from the split view so that the
flows, which the browser screen imports, need not import the browser screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from textual.screen import Screen

from objstore_tui.object_store import ObjectStore
from objstore_tui.services.location import Location


@dataclass(frozen=True, slots=True)
class PaneLink:
    """The other browser of the split, as seen from one of them."""

    side: str
    """'left' or 'right': which pane it is, for titles and notifications."""
    store: ObjectStore
    label: str
    """Its store as the header names it (profile, framework, endpoint; never a key)."""
    location: Location | None
    reload: Callable[[], None]
    """List its open prefix again, after a flow of this pane wrote there."""
    read_only: bool = False
    """Writes to it are refused (its profile, or --read-only)."""


_LINKS: WeakKeyDictionary[Screen[Any], Callable[[], PaneLink]] = WeakKeyDictionary()


def link_pane(screen: Screen[Any], other: Callable[[], PaneLink]) -> None:
    """From now on ``other_pane(screen)`` is ``other()``, asked afresh each time (the other pane moves)."""
    _LINKS[screen] = other


def unlink_pane(screen: Screen[Any]) -> None:
    _LINKS.pop(screen, None)


def other_pane(screen: Screen[Any]) -> PaneLink | None:
    """The other browser of the split ``screen`` is in, or None when the split is closed."""
    link = _LINKS.get(screen)
    return link() if link is not None else None
