"""When the split view's keys apply, and the extra store ``p`` offers a pane: the local backend."""

from __future__ import annotations

from textual.screen import Screen

from objstore_tui.object_store.utils import default_local_folder, embedded_default
from objstore_tui.services.profiles import Profile
from objstore_tui.tui.screens.main import MainScreen

SPLIT_ACTIONS = frozenset({"split", "close_split", "other_pane", "compare"})

_WHEN_OPEN = frozenset({"close_split", "other_pane", "compare"})


def split_action_shown(action: str, split_open: bool, screen: Screen[object]) -> bool:
    """On a browser only (not over a dialog); ``w`` opens a closed split, the others need it open."""
    if not isinstance(screen, MainScreen):
        return False
    return split_open if action in _WHEN_OPEN else not split_open


def local_profile() -> Profile:
    """The embedded local backend (a folder of buckets), offered in the split: a pane can copy to disk too."""
    return Profile("local", f"the local backend, {default_local_folder()}", embedded_default())
