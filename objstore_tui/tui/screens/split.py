"""The split view (key w): two full browsers, each with its own store, bucket and prefix, one of them active.

Each pane is a whole ``MainScreen`` (tree, table, filter, preview, every flow), so a pane behaves exactly like the
single browser. Both are installed on the app while the split is open (Textual keeps an installed screen alive
when it leaves the screen stack), and ``ctrl+o`` switches the browser shown. The active browser
shows the other pane at a glance in place of its preview (``PaneGlance``) on a wide terminal, and its location in
the header on any terminal; its flows (copy, move, compare) reach the other pane through ``pane_link``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from typing import Any

from textual.app import App

from objstore_tui.services.location import Location
from objstore_tui.tui.screens.main import MainScreen
from objstore_tui.tui.screens.pane_link import PaneLink, link_pane, unlink_pane
from objstore_tui.tui.widgets.pane_glance import OtherLocation, PaneBadge, PaneGlance
from objstore_tui.tui.widgets.store_header import StoreHeader


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


@dataclass(slots=True)
class Pane[Target]:
    """One browser of the split, the app's description of what it opened, and what the header says of it."""

    screen: MainScreen
    target: Target
    label: str
    start: Location | None

    @property
    def location(self) -> Location | None:
        """Where it is; before it was first shown, where it will open."""
        return self.screen.location or self.start


class SplitView[Target]:
    """Opens, switches and closes the split on ``app``; the app builds the panes' screens."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._panes: dict[Side, Pane[Target]] = {}
        self.active = Side.LEFT

    @property
    def is_open(self) -> bool:
        return bool(self._panes)

    def pane(self, side: Side) -> Pane[Target]:
        return self._panes[side]

    def link(self, side: Side) -> PaneLink:
        """Pane ``side`` as the other pane's flows see it."""
        pane = self._panes[side]
        screen = pane.screen
        return PaneLink(
            side.value, screen.store, pane.label, pane.location, partial(self._reload, side), screen.read_only
        )

    async def open(self, left: Pane[Target], right: Pane[Target]) -> None:
        """``left`` is the browser on screen now; ``right`` is shown once switched to."""
        self._panes = {Side.LEFT: left, Side.RIGHT: right}
        self.active = Side.LEFT
        for side in Side:
            self._install(self._panes[side].screen)
            link_pane(self._panes[side].screen, partial(self.link, side.other))
        await self._dress(Side.LEFT)

    async def switch(self) -> None:
        """Make the other pane the active one: its browser shows, with this one at a glance."""
        self.active = self.active.other
        await self._app.switch_screen(self._panes[self.active].screen)
        await self._dress(self.active)

    async def replace_active(self, pane: Pane[Target]) -> Pane[Target]:
        """Another store in the active pane (a profile picked with p); the pane it replaces."""
        old, self._panes[self.active] = self._panes[self.active], pane
        unlink_pane(old.screen)
        self._install(pane.screen)
        link_pane(pane.screen, partial(self.link, self.active.other))
        await self._app.switch_screen(pane.screen)
        self._discard(old.screen)
        await self._dress(self.active)
        return old

    async def close(self) -> tuple[Pane[Target], Pane[Target]]:
        """Back to one browser, the active pane's; the pane kept and the pane dropped."""
        keep, drop = self._panes[self.active], self._panes[self.active.other]
        for pane in (keep, drop):
            unlink_pane(pane.screen)
        self._undress(keep.screen)
        self._discard(drop.screen)
        await self._app.pop_screen()  # an installed screen in the stack cannot be uninstalled: out and back in
        self._app.uninstall_screen(keep.screen)
        await self._app.push_screen(keep.screen)
        self._panes = {}
        self.active = Side.LEFT
        keep.screen.refresh_bindings()
        return keep, drop

    def abandon(self) -> list[Pane[Target]]:
        """Close the split at once, its browsers with it: the app shows another screen; the panes that went."""
        panes = list(self._panes.values())
        for pane in panes:
            unlink_pane(pane.screen)
        self._discard(self._panes[self.active.other].screen)
        while len(self._app.screen_stack) > 1:
            self._app.pop_screen()
        self._app.uninstall_screen(self._panes[self.active].screen)  # popped and no longer installed: it goes
        self._panes = {}
        self.active = Side.LEFT
        return panes

    def _install(self, screen: MainScreen) -> None:
        self._app.install_screen(screen, f"split-pane-{id(screen)}")

    def _discard(self, screen: MainScreen) -> None:
        """A browser the split no longer shows (not in the screen stack): it goes, its workers with it."""
        self._app.uninstall_screen(screen)
        if screen.is_attached and screen not in self._app.screen_stack:
            screen.remove()

    def _reload(self, side: Side) -> None:
        """After a flow of the other pane wrote to ``side``'s location: list it again there and at a glance."""
        pane = self._panes.get(side)
        if pane is None:
            return
        if pane.screen.is_mounted:
            pane.screen.reload()
        active = self._panes.get(self.active)
        if active is not None and active.screen.is_mounted:
            for glance in active.screen.query(PaneGlance):
                glance.show(self.link(side))

    async def _dress(self, side: Side) -> None:
        """Mark ``side``'s browser as a pane of the split: its badge, the other pane in the header and aside."""
        screen = self._panes[side].screen
        other = self.link(side.other)
        if not screen.query(PaneBadge):
            header = screen.query_one(StoreHeader)
            await header.mount(PaneBadge(side.value.upper()), before="#header-store")
            await header.mount(OtherLocation(), after="#header-store")
            await screen.query_one("#panes").mount(PaneGlance(other, on_left=side is Side.RIGHT))
        else:
            screen.query_one(PaneGlance).show(other)
        screen.query_one(OtherLocation).show(other)
        screen.add_class("-split")  # once the glance's CSS (which hides the preview) is loaded
        screen.refresh_bindings()

    def _undress(self, screen: MainScreen) -> None:
        screen.remove_class("-split")
        for widget in (*screen.query(PaneBadge), *screen.query(OtherLocation), *screen.query(PaneGlance)):
            widget.remove()
