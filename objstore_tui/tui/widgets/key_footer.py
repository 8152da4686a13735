"""The footer of every screen: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

type ShownKeys = tuple[tuple[object, ...], ...]


def shown_keys(screen: Screen[object]) -> ShownKeys:
    """What the footer draws from the screen's bindings: each shown key, its binding, whether it is enabled."""
    return tuple(
        (key, active.binding, active.enabled, active.tooltip)
        for key, active in screen.active_bindings.items()
        if active.binding.show
    )


class KeyFooter(Footer):
    """Textual's footer removes and mounts one widget per key on every ``refresh_bindings``. The browser asks
    for that as the cursor moves (a preview ends) and as a listing streams: a held-down arrow key on a folder of
    100,000 keys rebuilt it about 20 times a second, left 1,500 key widgets alive after 30 s and took the app
    to 490 MB. Here a refresh that would draw the same keys is skipped."""

    _composed: ShownKeys | None = None
    """The keys the footer drew last; None before it drew any."""

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        self._composed = shown_keys(self.screen) if keys else None
        yield from keys

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._composed is not None and screen is self.screen and shown_keys(screen) == self._composed:
            return
        super().bindings_changed(screen)
